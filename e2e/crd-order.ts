/**
 * CRD before CR, as the engine recorded it. Every custom resource the program created must wait,
 * directly or through other resources, for the resource that installs its CRD: a Helm release
 * whose chart carries the CRD (read with `helm show crds` from the very archive the release
 * installed) or a CustomResourceDefinition in the program. The provider retries a create whose kind
 * is not served yet, so a missing `dependsOn` passes on a quick cluster and fails on one where the
 * chart downloads or installs slowly; the state shows it every time.
 */
import * as yaml from "js-yaml";
import * as path from "path";
import { CHARTS_DIR } from "./charts-repo";
import { HELM_RELEASE_TYPE } from "../scripts/cluster-render";
import { runHelm } from "../scripts/helm";

/** One resource of an exported stack (`pulumi stack export`), the fields read here. */
export interface StateResource {
    urn: string;
    type: string;
    inputs?: Record<string, unknown>;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

interface CrdDocument {
    kind?: string;
    spec?: { group?: string; names?: { kind?: string } };
}

const CRD_TYPE = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";

/** `group/Kind` of a resource type token such as kubernetes:monitoring.coreos.com/v1:ServiceMonitor. */
function groupKind(type: string): string | undefined {
    const m = /^kubernetes:([^/:]+)\/[^:]+:(\w+)$/.exec(type);
    return m && m[1].includes(".") ? `${m[1]}/${m[2]}` : undefined;
}

function crdGroupKind(doc: CrdDocument | undefined): string | undefined {
    return doc?.kind === "CustomResourceDefinition" && doc.spec?.group && doc.spec.names?.kind
        ? `${doc.spec.group}/${doc.spec.names.kind}`
        : undefined;
}

/** `group/Kind` → URN of the resource that installs that CRD. */
async function crdInstallers(resources: StateResource[]): Promise<Map<string, string>> {
    const installers = new Map<string, string>();
    for (const r of resources) {
        if (r.type === CRD_TYPE) {
            const gk = crdGroupKind(r.inputs as CrdDocument);
            if (gk) {
                installers.set(gk, r.urn);
            }
        }
        if (r.type === HELM_RELEASE_TYPE && r.inputs?.skipCrds !== true) {
            const archive = path.join(
                CHARTS_DIR,
                `${String(r.inputs?.chart)}-${String(r.inputs?.version)}.tgz`,
            );
            for (const doc of yaml.loadAll(await runHelm(["show", "crds", archive]))) {
                const gk = crdGroupKind(doc as CrdDocument);
                if (gk) {
                    installers.set(gk, r.urn);
                }
            }
        }
    }
    return installers;
}

/** The URNs `urn` waits for, directly or through the resources it waits for. */
function waitsFor(urn: string, byUrn: Map<string, StateResource>): Set<string> {
    const seen = new Set<string>();
    const pending = [urn];
    while (pending.length > 0) {
        const r = byUrn.get(pending.pop()!);
        const direct = [
            ...(r?.dependencies ?? []),
            ...Object.values(r?.propertyDependencies ?? {}).flat(),
        ];
        for (const d of direct.filter((d) => !seen.has(d))) {
            seen.add(d);
            pending.push(d);
        }
    }
    return seen;
}

const shortName = (urn: string) => urn.split("::").pop();

/**
 * The custom resources whose CRD the stack installs, and one line per such resource that does not
 * wait for its CRD's installer.
 */
export async function crdOrder(
    resources: StateResource[],
): Promise<{ checked: StateResource[]; problems: string[] }> {
    const installers = await crdInstallers(resources);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const checked = resources.filter((r) => installers.has(groupKind(r.type) ?? ""));
    const problems = checked.flatMap((r) => {
        const gk = groupKind(r.type)!;
        const installer = installers.get(gk)!;
        return waitsFor(r.urn, byUrn).has(installer)
            ? []
            : [
                  `${gk} ${shortName(r.urn)} does not wait for ${shortName(installer)}, which installs its CRD (${r.urn})`,
              ];
    });
    return { checked, problems };
}

/** The step's note: the custom resources checked, or the problems as its failure. */
export async function checkCrdOrder(resources: StateResource[]): Promise<string> {
    const { checked, problems } = await crdOrder(resources);
    if (problems.length > 0) {
        throw new Error(
            `${problems.length} custom resource(s) can be created before their CRD exists:\n${problems.join("\n")}`,
        );
    }
    const kinds = [...new Set(checked.map((r) => groupKind(r.type)!.split("/")[1]))];
    return `${checked.length} custom resources (${kinds.join(", ")}) each wait for what installs their CRD`;
}
