/**
 * Offline validation of a Kubernetes object against its upstream schema:
 * - built-in groups (core, apps, autoscaling, rbac, apiregistration, ...): the `kubernetes-models`
 *   package, generated from Kubernetes' OpenAPI spec;
 * - monitoring.coreos.com: `@kubernetes-models/prometheus-operator`, generated from the operator's CRDs;
 * - keda.sh: `@kubernetes-models/keda`, generated from KEDA's CRDs;
 * - any other group: the CRD's own OpenAPI schema vendored under tests/fixtures/crds (see crd-schemas.ts),
 *   with the object's metadata checked as an ObjectMeta.
 * An object of a kind none of these knows is an error, never silently accepted.
 *
 * The models packages are ESM-only (their `exports` have no `require` condition), so they are
 * loaded with a real dynamic import; ts-node compiles `import()` to `require()` under CommonJS.
 * Their validators check types, required fields, enums and formats, but (like the OpenAPI schemas
 * they come from) not unknown fields; the vendored CRD schemas do reject unknown fields.
 */
import { crdProblems, crdValidator, renderedCrdValidator } from "./crd-schemas";

const importEsm = new Function("specifier", "return import(specifier)") as (
    specifier: string,
) => Promise<Record<string, unknown>>;

interface Model {
    validate(): void;
}
type ModelClass = (new (data: unknown) => Model) & { apiVersion?: string; kind?: string };

const MODEL_PACKAGES: {
    matches: (group: string) => boolean;
    module: (apiVersion: string) => string;
}[] = [
    {
        matches: (g) => g === "monitoring.coreos.com",
        module: (v) => `@kubernetes-models/prometheus-operator/${v}`,
    },
    { matches: (g) => g === "keda.sh", module: (v) => `@kubernetes-models/keda/${v}` },
    {
        matches: (g) => g === "" || g.endsWith(".k8s.io") || !g.includes("."),
        module: (v) => `kubernetes-models/${v}`,
    },
];

async function modelClass(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
    const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
    const source = MODEL_PACKAGES.find((p) => p.matches(group));
    if (!source) {
        return undefined;
    }
    let mod: Record<string, unknown>;
    try {
        mod = await importEsm(source.module(apiVersion));
    } catch {
        return undefined; // the package has no such group/version
    }
    const cls = mod[kind] as ModelClass | undefined;
    return typeof cls === "function" && cls.apiVersion === apiVersion && cls.kind === kind
        ? cls
        : undefined;
}

/** Problems `cls`'s validator finds in `data`, with paths under `prefix`. */
function modelProblems(cls: new (data: unknown) => Model, data: unknown, prefix = ""): string[] {
    try {
        new cls(data).validate();
        return [];
    } catch (err) {
        const errors = (err as { errors?: { instancePath: string; message?: string }[] }).errors;
        if (!errors) {
            throw err;
        }
        return errors
            .map((e) => `${prefix}${e.instancePath}` || "/")
            .map((p, i) => `${p}: ${errors[i].message}`);
    }
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Every problem of `object` against its schema, as "path: message" lines (empty when valid).
 * A kind defined by one of `crds` (the CRDs the render's charts install, e.g. monitoring.coreos.com
 * from kube-prometheus-stack, keda.sh from KEDA) is checked against that CRD, the one the cluster
 * will enforce; otherwise the models packages and the vendored schemas apply.
 * @throws Error when no schema is known for the object's apiVersion and kind.
 */
export async function schemaProblems(
    object: Record<string, any>,
    crds: readonly Record<string, any>[] = [],
): Promise<string[]> {
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
        return ["/: apiVersion and kind must be strings"];
    }
    const problems: string[] = [];
    const ns = object.metadata?.namespace;
    if (ns !== undefined && (typeof ns !== "string" || ns.length > 63 || !DNS1123_LABEL.test(ns))) {
        problems.push(`/metadata/namespace: ${JSON.stringify(ns)} is not a DNS-1123 label`);
    }
    const fromRender = renderedCrdValidator(crds, apiVersion, kind);
    const cls = fromRender ? undefined : await modelClass(apiVersion, kind);
    if (cls) {
        return [...problems, ...modelProblems(cls, object)];
    }
    const crd = fromRender ?? crdValidator(apiVersion, kind);
    if (crd) {
        const meta = (await importEsm("@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta"))
            .ObjectMeta as ModelClass;
        return [
            ...problems,
            ...modelProblems(meta, object.metadata ?? {}, "/metadata"),
            ...crdProblems(object, crd),
        ];
    }
    throw new Error(
        `no schema known for ${apiVersion} ${kind}: kubernetes-models and @kubernetes-models/prometheus-operator ` +
            `have no such model and tests/fixtures/crds has no vendored CRD schema for it`,
    );
}
