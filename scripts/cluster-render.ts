/**
 * The whole cluster a plan makes: the component's own Kubernetes objects plus every object each
 * Helm release installs, rendered by real helm from the pinned chart archive (the chart cache) with
 * the release's own values, name and namespace, CRDs included.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { ChartPin } from "../components/vocabulary/charts";
import { requireCachedArchive } from "./chart-cache";
import { runHelm } from "./helm";
import { PlannedResource } from "../harness/mock-engine";
import { UNKNOWN_PLACEHOLDER } from "../harness/plan";

/** Kubernetes version the charts are rendered for (charts gate only long-removed APIs on it). */
export const RENDER_KUBE_VERSION = "1.34.0";
/**
 * API versions every cluster of that version serves that `helm template` does not know offline (its
 * default set is client-go's scheme, which has no kube-aggregator types): without them a chart that
 * asks `.Capabilities.APIVersions.Has` renders a fallback the cluster never gets, such as
 * prometheus-adapter's APIService as apiregistration.k8s.io/v1beta1 (removed in 1.22).
 */
export const RENDER_EXTRA_API_VERSIONS = ["apiregistration.k8s.io/v1"];

export const HELM_RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
/** Type tokens of the component's own Kubernetes objects (everything but Helm). */
export const KUBERNETES_OBJECT_TYPE = /^kubernetes:(?!helm\.sh\/)[^:]+:[^:]+$/;

export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: {
        name: string;
        namespace?: string;
        uid?: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
        ownerReferences?: { kind: string; name: string }[];
        [key: string]: unknown;
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the rest (spec, data, ...) depends on the kind; readers here and in tests/ walk it by kind, so each read would otherwise need its own cast
    [key: string]: any;
}

/** The plan's view of one Helm release. */
export interface ReleasePlan {
    /** Pulumi resource name. */
    resource: string;
    /** Helm release name and namespace. */
    name: string;
    namespace: string;
    chart: string;
    version: string;
    repo: string;
    values: Record<string, unknown>;
}

/** One object of the cluster and where it comes from: "component" or a Helm release's name. */
export interface ClusterObject {
    source: string;
    /** The namespace it lands in (the release's, when the chart leaves it out); undefined when cluster-scoped. */
    namespace?: string;
    object: KubeObject;
}

/** Built-in cluster-scoped kinds; CRD-defined kinds are looked up in the render's own CRDs. */
const CLUSTER_SCOPED = new Set([
    "APIService",
    "CSIDriver",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PriorityClass",
    "RuntimeClass",
    "StorageClass",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
]);

export function releasesOf(plan: PlannedResource[]): ReleasePlan[] {
    return plan
        .filter((r) => r.type === HELM_RELEASE_TYPE)
        .map((r) => ({
            resource: r.name,
            name: String(r.inputs.name ?? r.name),
            namespace: String(r.inputs.namespace ?? "default"),
            chart: String(r.inputs.chart),
            version: String(r.inputs.version),
            repo: String((r.inputs.repositoryOpts as { repo?: string } | undefined)?.repo ?? ""),
            values: (r.inputs.values ?? {}) as Record<string, unknown>,
        }));
}

/**
 * What helm sees for a value known only at deploy time ("[unknown]" in plan.json): charts often
 * template values unquoted, and `[unknown]` would parse as a YAML list there.
 */
export const HELM_UNKNOWN = "unknown-until-deploy";

function forHelm(value: unknown): unknown {
    if (value === UNKNOWN_PLACEHOLDER) {
        return HELM_UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(forHelm);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forHelm(v)]));
    }
    return value;
}

/** Runs `helm template` for one release on its cached archive; returns its objects in helm's order. */
export async function templateRelease(release: ReleasePlan): Promise<KubeObject[]> {
    const pin: ChartPin = { chart: release.chart, version: release.version, repo: release.repo };
    const archive = await requireCachedArchive(pin);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "release-values-"));
    try {
        const valuesFile = path.join(dir, "values.json");
        fs.writeFileSync(valuesFile, JSON.stringify(forHelm(release.values)));
        const out = await runHelm([
            "template",
            release.name,
            archive,
            "--namespace",
            release.namespace,
            "--values",
            valuesFile,
            "--include-crds",
            "--skip-tests",
            "--kube-version",
            RENDER_KUBE_VERSION,
            ...RENDER_EXTRA_API_VERSIONS.flatMap((v) => ["--api-versions", v]),
        ]);
        return yaml
            .loadAll(out)
            .filter((d): d is KubeObject => typeof d === "object" && d !== null);
    } catch (err) {
        throw new Error(
            `release ${release.name} (${release.chart} ${release.version}): ${(err as Error).message}`,
            { cause: err },
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Kinds the render's CRDs define as cluster-scoped. */
function crdClusterKinds(objects: KubeObject[]): Set<string> {
    return new Set(
        objects
            .filter((o) => o.kind === "CustomResourceDefinition" && o.spec?.scope === "Cluster")
            .map((o) => `${String(o.spec.group)}/${String(o.spec.names?.kind)}`),
    );
}

/** Every object of the cluster: the component's (from the plan) and each release's (from helm). */
export async function renderCluster(
    plan: PlannedResource[],
): Promise<{ releases: ReleasePlan[]; objects: ClusterObject[] }> {
    const releases = releasesOf(plan);
    const raw: { source: string; releaseNamespace?: string; object: KubeObject }[] = plan
        .filter((r) => KUBERNETES_OBJECT_TYPE.test(r.type))
        .map((r) => ({ source: "component", object: r.inputs as unknown as KubeObject }));
    // helm runs for every release at once; the objects keep the releases' order.
    const templated = await Promise.all(releases.map(templateRelease));
    releases.forEach((release, i) => {
        for (const object of templated[i]) {
            raw.push({ source: release.name, releaseNamespace: release.namespace, object });
        }
    });
    const crdClusterScoped = crdClusterKinds(raw.map((r) => r.object));
    const objects = raw.map(({ source, releaseNamespace, object }) => {
        const group = object.apiVersion.includes("/")
            ? object.apiVersion.slice(0, object.apiVersion.indexOf("/"))
            : "";
        const clusterScoped =
            CLUSTER_SCOPED.has(object.kind) || crdClusterScoped.has(`${group}/${object.kind}`);
        return {
            source,
            namespace: clusterScoped ? undefined : (object.metadata?.namespace ?? releaseNamespace),
            object,
        };
    });
    return { releases, objects };
}

/** A file name for one object: kind, namespace (when namespaced) and name. */
export function objectFileName(o: ClusterObject): string {
    return kindNamespaceName(o.object.kind, o.namespace, o.object.metadata.name);
}

/** `<Kind>-[<namespace>-]<name>.yaml`, the name a rendered object's file has. */
export function kindNamespaceName(
    kind: string,
    namespace: string | undefined,
    name: string,
): string {
    const parts = [kind, ...(namespace ? [namespace] : []), name];
    return `${parts.join("-")}.yaml`.replace(/[^A-Za-z0-9._-]/g, "_");
}
