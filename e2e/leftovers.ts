/**
 * What `pulumi destroy` leaves behind, compared with the cluster as it was before the first `up`:
 * exactly what docs/operations.md's Cleanup section says it keeps (the monitoring.coreos.com
 * CRDs; the Deployment the `kubernetes` stack scales, still running), nothing more, nothing less.
 */
import { Kube } from "./lib/kube";
import { waitFor } from "../harness/wait";
import { ServerSettings } from "./workload";

/** Kinds made by controllers from others (pods, replica sets, endpoints...) or by the API server itself. */
const DERIVED = new Set([
    "events",
    "events.events.k8s.io",
    "pods",
    "replicasets.apps",
    "endpoints",
    "endpointslices.discovery.k8s.io",
    "controllerrevisions.apps",
    "leases.coordination.k8s.io",
    "nodes",
    "componentstatuses",
    "jobs.batch",
    "flowschemas.flowcontrol.apiserver.k8s.io",
    "prioritylevelconfigurations.flowcontrol.apiserver.k8s.io",
    "certificatesigningrequests.certificates.k8s.io",
    "ipaddresses.networking.k8s.io",
    "servicecidrs.networking.k8s.io",
]);

/** The kinds a program may make: every listable kind but those controllers or the API server make. */
export function listableKinds(kube: Kube): string[] {
    return kube
        .run(["api-resources", "--verbs=list", "-o", "name"])
        .split("\n")
        .filter((k) => k !== "" && !DERIVED.has(k) && !k.endsWith(".metrics.k8s.io"));
}

/** Every object of every listable kind, as `kind namespace/name`. */
export function snapshot(kube: Kube): Set<string> {
    const kinds = listableKinds(kube);
    const objects = new Set<string>();
    const out = kube.run([
        "get",
        kinds.join(","),
        "-A",
        "-o",
        'jsonpath={range .items[*]}{.kind} {.metadata.namespace}/{.metadata.name}{"\\n"}{end}',
    ]);
    for (const line of out.split("\n")) {
        if (
            line !== "" &&
            !/ kube-system\/| kube-public\/| kube-node-lease\//.test(line) &&
            !/^(Secret|ConfigMap) .*\/kube-root-ca\.crt$/.test(line)
        ) {
            objects.add(line);
        }
    }
    return objects;
}

let before: Set<string> | undefined;

/** Remembers the cluster before the first `up`. */
export function rememberCluster(kube: Kube): void {
    before = snapshot(kube);
}

/** Waits for namespaces to finish terminating, then names every difference from before `up`. */
export async function leftAfterDestroy(kube: Kube, server: ServerSettings): Promise<string> {
    if (before === undefined) {
        throw new Error("no snapshot of the cluster before up");
    }
    const was = before;
    await waitFor(
        "every namespace the stack made to be gone",
        () => kube.list("namespaces").every((n) => n.status?.phase !== "Terminating") || undefined,
        180_000,
        2000,
    );
    const now = snapshot(kube);
    const kept = [...now].filter((o) => !was.has(o));
    // The CRDs kube-prometheus-stack and KEDA (after the backend switch) installed, and the
    // APIServices the API server registers by itself for their groups' versions.
    const expectedKept = kept.filter((o) =>
        /^(CustomResourceDefinition \/.*\.|APIService \/v1(alpha1|beta1)?\.)(monitoring\.coreos\.com|(eventing\.)?keda\.sh)$/.test(
            o,
        ),
    );
    const unexpected = kept.filter((o) => !expectedKept.includes(o));
    const gone = [...was].filter((o) => !now.has(o) && !/^ServiceAccount .*\/default$/.test(o));
    const problems = [
        ...unexpected.map((o) => `left behind: ${o}`),
        ...gone.map((o) => `deleted although the stack did not make it: ${o}`),
    ];
    const deployment = kube.get("deployment", server.deploymentName, server.namespace);
    if (!deployment) {
        problems.push(
            `the Deployment ${server.namespace}/${server.deploymentName} the stack scales is gone`,
        );
    }
    if (problems.length > 0) {
        throw new Error(problems.join("; "));
    }
    return `kept the monitoring.coreos.com and keda.sh CRDs (as docs/operations.md's Cleanup says; ${expectedKept.length} objects with their APIServices) and ${server.namespace}/${server.deploymentName} at ${deployment?.spec.replicas} replicas; nothing else`;
}
