/**
 * Kubernetes' matching rules, as the API server and the scheduler apply them: label selectors,
 * node affinity, taints and tolerations; and the pods a rendered cluster will run.
 */
import { ClusterEntry, KubeObject } from "../../harness/rendered-stack";

export type Labels = Record<string, string>;

export interface LabelSelector {
    matchLabels?: Labels;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** True when `labels` satisfy `selector` (an empty selector selects everything). */
export function selects(selector: LabelSelector | undefined | null, labels: Labels): boolean {
    if (!selector) {
        return true;
    }
    const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    return byLabels && (selector.matchExpressions ?? []).every((e) => expressionHolds(e, labels));
}

function expressionHolds(
    e: { key: string; operator: string; values?: string[] },
    labels: Labels,
): boolean {
    const has = e.key in labels;
    switch (e.operator) {
        case "In":
            return has && (e.values ?? []).includes(labels[e.key]);
        case "NotIn":
            return !has || !(e.values ?? []).includes(labels[e.key]);
        case "Exists":
            return has;
        case "DoesNotExist":
            return !has;
        case "Gt":
        case "Lt": {
            const n = Number(labels[e.key]);
            const bound = Number(e.values?.[0]);
            return has && (e.operator === "Gt" ? n > bound : n < bound);
        }
        default:
            throw new Error(`unknown selector operator ${e.operator}`);
    }
}

/** A Service's plain `selector` map as a LabelSelector. */
export function serviceSelector(service: KubeObject): LabelSelector | undefined {
    const sel = service.spec?.selector as Labels | undefined;
    return sel && Object.keys(sel).length > 0 ? { matchLabels: sel } : undefined;
}

export interface PodTemplate {
    /** Where the pods come from: `Kind namespace/name (source)`. */
    owner: string;
    ownerEntry: ClusterEntry;
    namespace: string;
    labels: Labels;
    spec: Record<string, any>;
}

/** `Kind namespace/name (from source)`: how every problem names an object. */
export function describeEntry(e: ClusterEntry): string {
    const where = e.namespace ? `${e.namespace}/${e.name}` : e.name;
    return `${e.kind} ${where} (${e.source === "component" ? "component" : `release ${e.source}`})`;
}

/**
 * Labels and ports of the pods the Prometheus Operator makes for a Prometheus CR (its StatefulSet's
 * pod template): prometheus-operator's `operator.prometheus.io/*` and `app.kubernetes.io/*` labels,
 * the web port under `spec.portName` and the config reloader's `reloader-web`.
 */
function prometheusPods(e: ClusterEntry): PodTemplate {
    const name = e.name;
    const spec = e.object.spec ?? {};
    return {
        owner: `${describeEntry(e)} via the Prometheus Operator`,
        ownerEntry: e,
        namespace: e.namespace!,
        labels: {
            ...(spec.podMetadata?.labels ?? {}),
            "app.kubernetes.io/name": "prometheus",
            "app.kubernetes.io/instance": name,
            "app.kubernetes.io/managed-by": "prometheus-operator",
            "operator.prometheus.io/name": name,
            "operator.prometheus.io/shard": "0",
            prometheus: name,
        },
        spec: {
            nodeSelector: spec.nodeSelector,
            tolerations: spec.tolerations,
            affinity: spec.affinity,
            containers: [
                {
                    name: "prometheus",
                    image: spec.image,
                    ports: [{ name: spec.portName ?? "web", containerPort: 9090 }],
                },
                { name: "config-reloader", ports: [{ name: "reloader-web", containerPort: 8080 }] },
            ],
        },
    };
}

/** Every pod template of the cluster: workloads' templates, and pods operators make from CRs in it. */
export function podTemplates(cluster: readonly ClusterEntry[]): PodTemplate[] {
    const out: PodTemplate[] = [];
    for (const e of cluster) {
        const o = e.object;
        let template: { metadata?: { labels?: Labels }; spec?: Record<string, any> } | undefined;
        if (["Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "Job"].includes(o.kind)) {
            template = o.spec?.template;
        } else if (o.kind === "CronJob") {
            template = o.spec?.jobTemplate?.spec?.template;
        } else if (o.kind === "Pod") {
            template = { metadata: o.metadata as { labels?: Labels }, spec: o.spec };
        } else if (o.kind === "Prometheus" && o.apiVersion.startsWith("monitoring.coreos.com/")) {
            out.push(prometheusPods(e));
        }
        if (template) {
            out.push({
                owner: describeEntry(e),
                ownerEntry: e,
                namespace: e.namespace!,
                labels: template.metadata?.labels ?? {},
                spec: template.spec ?? {},
            });
        }
    }
    return out;
}

export interface ContainerPort {
    name?: string;
    containerPort: number;
}

export function containerPorts(pod: PodTemplate): ContainerPort[] {
    return [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])].flatMap(
        (c: { ports?: ContainerPort[] }) => c.ports ?? [],
    );
}

export interface Taint {
    key: string;
    value?: string;
    effect: string;
}

export interface Toleration {
    key?: string;
    operator?: string;
    value?: string;
    effect?: string;
}

/** The scheduler's rule: a toleration matches a taint by key (or any key with Exists), value and effect. */
export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
    return tolerations.some((t) => {
        const keyOk =
            t.key === undefined || t.key === "" ? t.operator === "Exists" : t.key === taint.key;
        const valueOk = t.operator === "Exists" || (t.value ?? "") === (taint.value ?? "");
        const effectOk = !t.effect || t.effect === taint.effect;
        return keyOk && valueOk && effectOk;
    });
}

/** Why a pod cannot be scheduled on a node with these labels and taints; empty when it can. */
export function schedulingProblems(
    pod: PodTemplate,
    node: { labels: Labels; taints: readonly Taint[] },
): string[] {
    const problems: string[] = [];
    for (const [k, v] of Object.entries((pod.spec.nodeSelector ?? {}) as Labels)) {
        if (node.labels[k] !== v) {
            problems.push(
                `nodeSelector ${k}=${v} does not match the GPU nodes (${k}=${node.labels[k] ?? "absent"})`,
            );
        }
    }
    const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
        ?.nodeSelectorTerms as
        { matchExpressions?: LabelSelector["matchExpressions"] }[] | undefined;
    if (
        terms?.length &&
        !terms.some((t) => (t.matchExpressions ?? []).every((e) => expressionHolds(e, node.labels)))
    ) {
        problems.push(
            `no required nodeAffinity term matches the GPU nodes' labels ${JSON.stringify(node.labels)}`,
        );
    }
    for (const taint of node.taints.filter(
        (t) => t.effect === "NoSchedule" || t.effect === "NoExecute",
    )) {
        if (!tolerates((pod.spec.tolerations ?? []) as Toleration[], taint)) {
            problems.push(
                `does not tolerate the GPU nodes' taint ${taint.key}=${taint.value ?? ""}:${taint.effect}`,
            );
        }
    }
    return problems;
}
