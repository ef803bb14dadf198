/**
 * Checks on the whole rendered cluster for warm headroom and image pre-pull: placeholder pods rank
 * below every other pod that asks for GPUs and not below the node autoscaler's expendable cutoff;
 * the component's DaemonSets (the image pre-pull) land on GPU nodes only, and ask for no GPU.
 */
import { EXPENDABLE_PODS_PRIORITY_CUTOFF } from "../../components/vocabulary/priority";
import { PAUSE_IMAGE } from "../../components/vocabulary/pause";
import { ClusterEntry, KubeObject } from "../../harness/rendered-stack";
import { Labels, PodTemplate, podTemplates, schedulingProblems, Taint } from "./selectors";

/** Kubernetes' built-in classes (scheduling API: SystemCriticalPriority, and 1000 more for node-critical). */
const BUILT_IN_PRIORITY: Readonly<Record<string, number>> = {
    "system-cluster-critical": 2000000000,
    "system-node-critical": 2000001000,
};

const containersOf = (p: PodTemplate) =>
    [...(p.spec.initContainers ?? []), ...(p.spec.containers ?? [])] as {
        image?: string;
        resources?: { limits?: Record<string, string> };
    }[];
const asksForGpus = (p: PodTemplate) =>
    containersOf(p).some((c) => c.resources?.limits?.["nvidia.com/gpu"] !== undefined);

/** A placeholder: a component pod of pause containers only, holding GPUs. */
export const isPlaceholder = (p: PodTemplate) =>
    p.ownerEntry.source === "component" &&
    asksForGpus(p) &&
    (p.spec.containers ?? []).every((c: { image?: string }) => c.image === PAUSE_IMAGE);

/**
 * The cutoff below which the node autoscaler ignores pending pods: from the Cluster Autoscaler the
 * render installs (`--expendable-pods-priority-cutoff`), else the managed autoscalers' fixed default.
 */
export function expendableCutoff(cluster: readonly ClusterEntry[]): {
    value: number;
    from: string;
} {
    for (const e of cluster.filter((c) => c.kind === "Deployment" && c.source !== "component")) {
        for (const c of (e.object.spec?.template?.spec?.containers ?? []) as {
            command?: string[];
            args?: string[];
        }[]) {
            const flag = [...(c.command ?? []), ...(c.args ?? [])].find((a) =>
                a.startsWith("--expendable-pods-priority-cutoff="),
            );
            if (flag) {
                return {
                    value: Number(flag.slice(flag.indexOf("=") + 1)),
                    from: `${e.kind} ${e.namespace}/${e.name} (release ${e.source})`,
                };
            }
        }
    }
    return {
        value: EXPENDABLE_PODS_PRIORITY_CUTOFF,
        from: "the managed node autoscaler's default",
    };
}

/**
 * Placeholders can never outrank a pod that needs a GPU, and still make the node autoscaler add
 * nodes; no PriorityClass changes every pod's default priority.
 */
export function placeholderPriorityProblems(cluster: readonly ClusterEntry[]): string[] {
    const classes = new Map<string, KubeObject>(
        cluster.filter((e) => e.kind === "PriorityClass").map((e) => [e.name, e.object]),
    );
    const problems = [...classes.values()]
        .filter((c) => c.globalDefault === true)
        .map(
            (c) =>
                `PriorityClass ${c.metadata.name} is globalDefault: it changes every pod's priority`,
        );
    const priorityOf = (p: PodTemplate): number | undefined => {
        const name = p.spec.priorityClassName as string | undefined;
        if (name === undefined) {
            return 0;
        }
        const value = (classes.get(name)?.value as number | undefined) ?? BUILT_IN_PRIORITY[name];
        if (value === undefined) {
            problems.push(
                `${p.owner} names PriorityClass ${name}, which neither the render nor Kubernetes defines`,
            );
        }
        return value;
    };
    const pods = podTemplates(cluster);
    const placeholders = pods.filter(isPlaceholder);
    const cutoff = expendableCutoff(cluster);
    for (const placeholder of placeholders) {
        const low = priorityOf(placeholder);
        if (low === undefined) {
            continue;
        }
        if (low < cutoff.value) {
            problems.push(
                `${placeholder.owner} has priority ${low}, below the expendable cutoff ${cutoff.value} of ${cutoff.from}: its pending pods add no node`,
            );
        }
        for (const pod of pods.filter((p) => asksForGpus(p) && !isPlaceholder(p))) {
            const high = priorityOf(pod);
            if (high !== undefined && high <= low) {
                problems.push(
                    `${placeholder.owner} (priority ${low}) is not below ${pod.owner} (priority ${high}): it could hold a GPU that pod needs`,
                );
            }
        }
    }
    return problems;
}

/** Every DaemonSet the component makes lands on GPU nodes only (a node selector that one GPU pool satisfies) and asks for no GPU. */
export function componentGpuDaemonSets(
    cluster: readonly ClusterEntry[],
    pools: readonly { from: string; labels: Labels; taints: readonly Taint[] }[],
): string[] {
    const problems: string[] = [];
    for (const p of podTemplates(
        cluster.filter((e) => e.kind === "DaemonSet" && e.source === "component"),
    )) {
        if (Object.keys(p.spec.nodeSelector ?? {}).length === 0) {
            problems.push(
                `${p.owner} has no nodeSelector: it would run on every node of the cluster`,
            );
        }
        if (asksForGpus(p)) {
            problems.push(
                `${p.owner} asks for GPUs: it would take them from the servers on every node`,
            );
        }
        if (!pools.some((node) => schedulingProblems(p, node).length === 0)) {
            problems.push(
                `${p.owner} fits no GPU pool: ${pools.map((n) => `${n.from}: ${schedulingProblems(p, n).join("; ")}`).join(" | ")}`,
            );
        }
    }
    return problems;
}
