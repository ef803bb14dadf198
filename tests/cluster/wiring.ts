/**
 * Checks on the whole rendered cluster (the component's objects and every chart's), each returning
 * problems that name the objects involved. An empty list means the wiring holds.
 */
import * as yaml from "js-yaml";
import { ClusterEntry, KubeObject } from "../../harness/rendered-stack";
import {
    containerPorts,
    describeEntry,
    Labels,
    LabelSelector,
    PodTemplate,
    podTemplates,
    schedulingProblems,
    selects,
    serviceSelector,
    Taint,
} from "./selectors";

/** Objects a check may find outside the render, each with the reason it is there by design. */
export interface OutsideRender {
    /** The selector (a Service's, or a monitor's) that points outside the render. */
    selector: Labels;
    namespace: string;
    because: string;
}

/**
 * Pods and Services every cluster has of its own, which the charts' Services and monitors select:
 * nothing in the render makes them, by design.
 */
export const CLUSTER_OWN: readonly OutsideRender[] = [
    {
        namespace: "kube-system",
        selector: { "k8s-app": "kube-dns" },
        because: "the cluster's DNS pods (CoreDNS or kube-dns)",
    },
    {
        namespace: "kube-system",
        selector: { "k8s-app": "kube-proxy" },
        because: "the cluster's kube-proxy DaemonSet",
    },
    {
        namespace: "kube-system",
        selector: { component: "kube-controller-manager" },
        because: "a self-hosted control plane's static pod",
    },
    {
        namespace: "kube-system",
        selector: { component: "kube-scheduler" },
        because: "a self-hosted control plane's static pod",
    },
    {
        namespace: "kube-system",
        selector: { component: "etcd" },
        because: "a self-hosted control plane's static pod",
    },
    {
        namespace: "default",
        selector: { component: "apiserver", provider: "kubernetes" },
        because: "the API server's own `kubernetes` Service",
    },
    {
        namespace: "gke-managed-system",
        selector: { "app.kubernetes.io/name": "gke-managed-dcgm-exporter" },
        because: "GKE's managed DCGM exporter",
    },
    {
        namespace: "kube-system",
        selector: { "app.kubernetes.io/name": "kubelet", "k8s-app": "kubelet" },
        because: "the kubelet Service the Prometheus Operator maintains itself (--kubelet-service)",
    },
];

const sameMap = (a: Labels, b: Labels) =>
    JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

function outsideRender(
    outside: readonly OutsideRender[],
    namespace: string | undefined,
    selector: Labels | undefined,
): OutsideRender | undefined {
    return selector
        ? outside.find((o) => o.namespace === namespace && sameMap(o.selector, selector))
        : undefined;
}

const groupOf = (apiVersion: string) =>
    apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "core";

/** No kind (of one API group), namespace and name is defined twice, across the component and all releases. */
export function duplicateObjects(cluster: readonly ClusterEntry[]): string[] {
    const seen = new Map<string, ClusterEntry>();
    const problems: string[] = [];
    for (const e of cluster) {
        const key = `${groupOf(e.object.apiVersion)}/${e.kind}/${e.namespace ?? ""}/${e.name}`;
        const first = seen.get(key);
        if (first) {
            problems.push(
                `${describeEntry(e)} is also defined by ${first.source === "component" ? "the component" : `release ${first.source}`}`,
            );
        } else {
            seen.set(key, e);
        }
    }
    return problems;
}

/** Each APIService (one group/version of an aggregated API) is registered by exactly one owner. */
export function apiServiceOwners(cluster: readonly ClusterEntry[]): string[] {
    const byVersion = new Map<string, ClusterEntry[]>();
    for (const e of cluster.filter((c) => c.kind === "APIService")) {
        const key = `${String(e.object.spec?.version)}.${String(e.object.spec?.group)}`;
        byVersion.set(key, [...(byVersion.get(key) ?? []), e]);
    }
    return [...byVersion.entries()]
        .filter(([, owners]) => owners.length > 1)
        .map(
            ([api, owners]) =>
                `APIService ${api} is registered ${owners.length} times: ${owners.map(describeEntry).join(", ")}`,
        );
}

function podsOf(
    pods: readonly PodTemplate[],
    namespace: string | undefined,
    selector: LabelSelector | undefined,
): PodTemplate[] {
    return selector
        ? pods.filter((p) => p.namespace === namespace && selects(selector, p.labels))
        : [];
}

/**
 * Every Service with a selector selects pods of a workload in the render (or pods outside it by
 * design, listed in `outside`), and each of its named target ports exists on those pods.
 */
export function serviceWiring(
    cluster: readonly ClusterEntry[],
    outside: readonly OutsideRender[],
): string[] {
    const pods = podTemplates(cluster);
    const problems: string[] = [];
    for (const svc of cluster.filter((e) => e.kind === "Service" && e.object.apiVersion === "v1")) {
        const selector = serviceSelector(svc.object);
        if (!selector || outsideRender(outside, svc.namespace, selector.matchLabels)) {
            continue;
        }
        const selected = podsOf(pods, svc.namespace, selector);
        if (selected.length === 0) {
            problems.push(
                `${describeEntry(svc)} selects ${JSON.stringify(selector.matchLabels)}, which no pods in the render carry`,
            );
            continue;
        }
        for (const port of (svc.object.spec?.ports ?? []) as {
            name?: string;
            targetPort?: string | number;
            port: number;
        }[]) {
            const target = port.targetPort ?? port.port;
            const missing = selected.filter(
                (p) =>
                    !containerPorts(p).some((c) =>
                        typeof target === "string" ? c.name === target : c.containerPort === target,
                    ),
            );
            // A number need not be declared to be reachable; only pods that declare ports at all are held to it.
            const wrong =
                typeof target === "string"
                    ? missing
                    : missing.filter((p) => containerPorts(p).length > 0);
            for (const p of wrong) {
                problems.push(
                    `${describeEntry(svc)} port ${port.name ?? port.port} targets ${JSON.stringify(target)}, which ${p.owner}'s pods do not declare`,
                );
            }
        }
    }
    return problems;
}

/** The namespaces a monitor's `namespaceSelector` covers (undefined: every namespace). */
function monitorNamespaces(monitor: ClusterEntry): string[] | undefined {
    const ns = monitor.object.spec?.namespaceSelector as
        { any?: boolean; matchNames?: string[] } | undefined;
    if (ns?.any) {
        return undefined;
    }
    return ns?.matchNames?.length ? ns.matchNames : [monitor.namespace!];
}

/**
 * Every ServiceMonitor selects a Service in the render with each endpoint's port, and every
 * PodMonitor selects pods declaring each endpoint's port (or, as named in `outside`, what the
 * cluster has of its own).
 */
export function monitorWiring(
    cluster: readonly ClusterEntry[],
    outside: readonly OutsideRender[],
): string[] {
    const problems: string[] = [];
    const services = cluster.filter((e) => e.kind === "Service" && e.object.apiVersion === "v1");
    const pods = podTemplates(cluster);
    for (const m of cluster.filter((e) =>
        e.object.apiVersion.startsWith("monitoring.coreos.com/"),
    )) {
        const namespaces = monitorNamespaces(m);
        const inScope = (ns: string | undefined) =>
            namespaces === undefined || namespaces.includes(ns!);
        const selector = m.object.spec?.selector as LabelSelector | undefined;
        const endpoints = (m.object.spec?.endpoints ??
            m.object.spec?.podMetricsEndpoints ??
            []) as { port?: string; targetPort?: string | number }[];
        if (m.kind === "ServiceMonitor") {
            if (
                namespaces?.length === 1 &&
                outsideRender(outside, namespaces[0], selector?.matchLabels)
            ) {
                continue;
            }
            const selected = services.filter(
                (s) =>
                    inScope(s.namespace) &&
                    selects(selector, (s.object.metadata.labels ?? {}) as Labels),
            );
            if (selected.length === 0) {
                problems.push(
                    `${describeEntry(m)} selects Services ${JSON.stringify(selector)} in ${namespaces?.join(", ") ?? "any namespace"}, and none in the render matches`,
                );
                continue;
            }
            for (const ep of endpoints.filter((e) => e.port !== undefined)) {
                for (const s of selected.filter(
                    (svc) =>
                        !(svc.object.spec?.ports ?? []).some(
                            (p: { name?: string }) => p.name === ep.port,
                        ),
                )) {
                    problems.push(
                        `${describeEntry(m)} scrapes port "${ep.port}", which ${describeEntry(s)} does not name`,
                    );
                }
            }
        } else if (m.kind === "PodMonitor") {
            const selected = pods.filter(
                (p) => inScope(p.namespace) && selects(selector, p.labels),
            );
            if (selected.length === 0) {
                problems.push(
                    `${describeEntry(m)} selects pods ${JSON.stringify(selector)}, and none in the render matches`,
                );
                continue;
            }
            for (const ep of endpoints.filter((e) => e.port !== undefined)) {
                for (const p of selected.filter(
                    (pod) => !containerPorts(pod).some((c) => c.name === ep.port),
                )) {
                    problems.push(
                        `${describeEntry(m)} scrapes port "${ep.port}", which ${p.owner}'s pods do not declare`,
                    );
                }
            }
        }
    }
    return problems;
}

/** Labels of a namespace: its object's labels in the render, plus the label the API server adds to every namespace. */
function namespaceLabels(cluster: readonly ClusterEntry[], name: string): Labels {
    const ns = cluster.find((e) => e.kind === "Namespace" && e.name === name);
    return {
        ...((ns?.object.metadata.labels ?? {}) as Labels),
        "kubernetes.io/metadata.name": name,
    };
}

const PROMETHEUS_SELECTORS = [
    {
        kind: "ServiceMonitor",
        selector: "serviceMonitorSelector",
        namespaceSelector: "serviceMonitorNamespaceSelector",
    },
    {
        kind: "PodMonitor",
        selector: "podMonitorSelector",
        namespaceSelector: "podMonitorNamespaceSelector",
    },
    {
        kind: "PrometheusRule",
        selector: "ruleSelector",
        namespaceSelector: "ruleNamespaceSelector",
    },
] as const;

/**
 * Every Prometheus CR in the render selects each of the component's monitors and rules: its
 * selector (null selects nothing) and its namespace selector (null: its own namespace only).
 */
export function prometheusSelection(cluster: readonly ClusterEntry[]): string[] {
    const problems: string[] = [];
    for (const prom of cluster.filter(
        (e) => e.kind === "Prometheus" && e.object.apiVersion.startsWith("monitoring.coreos.com/"),
    )) {
        for (const s of PROMETHEUS_SELECTORS) {
            const selector = prom.object.spec?.[s.selector] as LabelSelector | null | undefined;
            const nsSelector = prom.object.spec?.[s.namespaceSelector] as
                LabelSelector | null | undefined;
            for (const own of cluster.filter(
                (e) => e.source === "component" && e.kind === s.kind,
            )) {
                const byLabels =
                    selector != null &&
                    selects(selector, (own.object.metadata.labels ?? {}) as Labels);
                const byNamespace =
                    nsSelector == null
                        ? own.namespace === prom.namespace
                        : selects(nsSelector, namespaceLabels(cluster, own.namespace!));
                if (!byLabels || !byNamespace) {
                    const why = !byLabels
                        ? `${s.selector} ${JSON.stringify(selector ?? null)}`
                        : `${s.namespaceSelector} ${JSON.stringify(nsSelector ?? null)}`;
                    problems.push(
                        `${describeEntry(prom)} does not select ${describeEntry(own)}: ${why}`,
                    );
                }
            }
        }
    }
    return problems;
}

/** True for a URL of a Service inside the cluster (`<svc>.<ns>.svc[.cluster.local]`). */
function isClusterServiceUrl(url: string): boolean {
    try {
        return /\.svc(\.cluster\.local)?$/.test(new URL(url).hostname);
    } catch {
        return false;
    }
}

/** `http://svc.ns.svc:port/path` → the rendered Service and port it reaches, or a problem. */
export function resolveServiceUrl(
    cluster: readonly ClusterEntry[],
    url: string,
    who: string,
): string[] {
    let u: URL;
    try {
        u = new URL(url);
    } catch {
        return [`${who} points at ${JSON.stringify(url)}, which is not a URL`];
    }
    const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.cluster\.local)?$/.exec(u.hostname);
    if (!m) {
        return [`${who} points at ${url}, which is not a Service of the cluster`];
    }
    const [, name, namespace] = m;
    const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
    const svc = cluster.find(
        (e) => e.kind === "Service" && e.name === name && e.namespace === namespace,
    );
    if (!svc) {
        return [`${who} points at ${url}, but no Service ${namespace}/${name} is in the render`];
    }
    if (!(svc.object.spec?.ports ?? []).some((p: { port: number }) => p.port === port)) {
        return [`${who} points at port ${port} of ${describeEntry(svc)}, which has no such port`];
    }
    return [];
}

/** The prometheus-adapter configuration a release renders: its ConfigMap's `config.yaml`, and the Deployment's Prometheus URL. */
export function adapterOf(cluster: readonly ClusterEntry[], release: string) {
    const own = cluster.filter((e) => e.source === release);
    const configMap = own.find(
        (e) => e.kind === "ConfigMap" && typeof e.object.data?.["config.yaml"] === "string",
    );
    const deployment = own.find((e) => e.kind === "Deployment");
    const args = (
        (deployment?.object.spec?.template?.spec?.containers ?? []) as { args?: string[] }[]
    ).flatMap((c) => c.args ?? []);
    const url = args
        .find((a) => a.startsWith("--prometheus-url="))
        ?.slice("--prometheus-url=".length);
    const config = configMap
        ? (yaml.load(configMap.object.data["config.yaml"]) as {
              rules?: { name?: { as?: string } }[];
          })
        : undefined;
    return {
        configMap,
        deployment,
        url,
        ruleNames: (config?.rules ?? []).map((r) => r.name?.as).filter((n): n is string => !!n),
    };
}

/**
 * The adapter serves every metric the HPAs read: its ConfigMap holds a rule for each Pods/Object
 * metric name, and its Prometheus URL reaches a rendered Service and port.
 */
export function adapterWiring(cluster: readonly ClusterEntry[], adapterRelease: string): string[] {
    const adapter = adapterOf(cluster, adapterRelease);
    if (!adapter.configMap || !adapter.deployment) {
        return [
            `release ${adapterRelease} renders no adapter ConfigMap with config.yaml and Deployment`,
        ];
    }
    const problems: string[] = [];
    for (const hpa of cluster.filter((e) => e.kind === "HorizontalPodAutoscaler")) {
        for (const metric of (hpa.object.spec?.metrics ?? []) as {
            type: string;
            pods?: { metric: { name: string } };
            object?: { metric: { name: string } };
        }[]) {
            const name = (metric.pods ?? metric.object)?.metric.name;
            if (name && !adapter.ruleNames.includes(name)) {
                problems.push(
                    `${describeEntry(hpa)} reads ${metric.type} metric ${name}, but ${describeEntry(adapter.configMap)} has no rule naming it (rules: ${adapter.ruleNames.join(", ") || "none"})`,
                );
            }
        }
    }
    if (!adapter.url) {
        problems.push(`${describeEntry(adapter.deployment)} has no --prometheus-url`);
    } else if (isClusterServiceUrl(adapter.url)) {
        problems.push(
            ...resolveServiceUrl(cluster, adapter.url, describeEntry(adapter.deployment)),
        );
    }
    return problems;
}

/** Every KEDA Prometheus trigger that queries a Service of the cluster reaches one in the render. */
export function kedaTriggerWiring(cluster: readonly ClusterEntry[]): string[] {
    return cluster
        .filter((e) => e.kind === "ScaledObject")
        .flatMap((so) =>
            (
                (so.object.spec?.triggers ?? []) as {
                    type: string;
                    metadata: { serverAddress: string };
                }[]
            )
                .filter(
                    (t) => t.type === "prometheus" && isClusterServiceUrl(t.metadata.serverAddress),
                )
                .flatMap((t) =>
                    resolveServiceUrl(
                        cluster,
                        t.metadata.serverAddress,
                        `${describeEntry(so)} trigger`,
                    ),
                ),
        );
}

/** A DaemonSet of a GPU chart that is not meant for every GPU node, and why. */
export interface NotForEveryGpuNode {
    name: RegExp;
    because: string;
}

/**
 * DaemonSets the GPU charts render that run only on GPU nodes prepared in a way this package does
 * not use; they schedule no pods on its GPU pool, by design.
 */
export const NOT_FOR_EVERY_GPU_NODE: readonly NotForEveryGpuNode[] = [
    {
        name: /-mps-control-daemon$/,
        because:
            "nvidia-device-plugin's MPS daemon runs only where GPU feature discovery labels nvidia.com/mps.capable=true (MPS sharing, not configured here)",
    },
];

/**
 * Every DaemonSet of `releases` (but those in `exempt`) can run its pods on the GPU nodes: their
 * labels satisfy its node selector and affinity, and it tolerates their taints.
 */
export function gpuDaemonSetScheduling(
    cluster: readonly ClusterEntry[],
    releases: readonly string[],
    node: { labels: Labels; taints: readonly Taint[] },
    exempt: readonly NotForEveryGpuNode[] = NOT_FOR_EVERY_GPU_NODE,
): string[] {
    const daemonSets = cluster.filter(
        (e) =>
            e.kind === "DaemonSet" &&
            releases.includes(e.source) &&
            !exempt.some((x) => x.name.test(e.name)),
    );
    return podTemplates(daemonSets).flatMap((p) =>
        schedulingProblems(p, node).map((why) => `${p.owner} cannot run on the GPU nodes: ${why}`),
    );
}

/** Every workload that requests GPUs can land on the nodes of at least one GPU pool. */
export function gpuWorkloadScheduling(
    cluster: readonly ClusterEntry[],
    pools: readonly { from: string; labels: Labels; taints: readonly Taint[] }[],
): string[] {
    const wantsGpu = (p: PodTemplate) =>
        ((p.spec.containers ?? []) as { resources?: { limits?: Record<string, string> } }[]).some(
            (c) => c.resources?.limits?.["nvidia.com/gpu"] !== undefined,
        );
    return podTemplates(cluster.filter((e) => e.kind !== "DaemonSet"))
        .filter(wantsGpu)
        .filter((p) => !pools.some((node) => schedulingProblems(p, node).length === 0))
        .map(
            (p) =>
                `${p.owner} requests GPUs but fits no GPU pool: ${pools.map((n) => `${n.from}: ${schedulingProblems(p, n).join("; ")}`).join(" | ")}`,
        );
}

/** An image reference with an explicit tag or digest (never implicitly or explicitly `latest`). */
export function untaggedImages(cluster: readonly ClusterEntry[]): string[] {
    const problems: string[] = [];
    const check = (owner: string, image: unknown, container: string) => {
        if (typeof image !== "string" || image === "") {
            problems.push(`${owner} container ${container} has no image`);
            return;
        }
        const lastPart = image.slice(image.lastIndexOf("/") + 1);
        const tag = image.includes("@sha256:")
            ? "digest"
            : lastPart.includes(":")
              ? lastPart.slice(lastPart.indexOf(":") + 1)
              : "";
        if (tag === "" || tag === "latest") {
            problems.push(`${owner} container ${container} uses ${image}: pin a tag or digest`);
        }
    };
    for (const p of podTemplates(cluster)) {
        for (const c of [...(p.spec.containers ?? []), ...(p.spec.initContainers ?? [])] as {
            name: string;
            image?: string;
        }[]) {
            if (
                c.image === undefined &&
                p.owner.endsWith("via the Prometheus Operator") &&
                c.name === "config-reloader"
            ) {
                continue; // the operator picks the reloader image matching its own version
            }
            check(p.owner, c.image, c.name);
        }
    }
    return problems;
}

/** Objects of `kind` in the render, for tests that break one on purpose. */
export function entriesOfKind(cluster: readonly ClusterEntry[], kind: string): ClusterEntry[] {
    return cluster.filter((e) => e.kind === kind);
}

export type { KubeObject };

/** Pod ports a private GKE control plane reaches (its master firewall rule: tcp 443 and 10250). */
export const PRIVATE_CONTROL_PLANE_PORTS = [443, 10250];

/**
 * Every service the API server calls (an APIService, an admission webhook) reaches its pods on a
 * port a private control plane may open: the Service's target port, resolved to the container port
 * of the pods it selects.
 */
export function controlPlaneReach(cluster: readonly ClusterEntry[]): string[] {
    const pods = podTemplates(cluster);
    const callers = cluster.flatMap((e) => {
        const refs: { service?: { name: string; namespace: string; port?: number } }[] =
            e.kind === "APIService"
                ? [e.object.spec ?? {}]
                : /^(Validating|Mutating)WebhookConfiguration$/.test(e.kind)
                  ? ((e.object.webhooks ?? []) as { clientConfig: object }[]).map(
                        (w) => w.clientConfig,
                    )
                  : [];
        return refs.filter((r) => r.service).map((r) => ({ caller: e, service: r.service! }));
    });
    const problems: string[] = [];
    for (const { caller, service } of callers) {
        const svc = cluster.find(
            (e) =>
                e.kind === "Service" &&
                e.name === service.name &&
                e.namespace === service.namespace,
        );
        const port = (
            (svc?.object.spec?.ports ?? []) as { port: number; targetPort?: string | number }[]
        ).find((p) => p.port === (service.port ?? 443));
        if (!svc || !port) {
            continue; // a Service outside the render (the cluster's own); serviceWiring checks the rest
        }
        const target = port.targetPort ?? port.port;
        for (const pod of podsOf(pods, svc.namespace, serviceSelector(svc.object))) {
            const containerPort =
                typeof target === "number"
                    ? target
                    : containerPorts(pod).find((c) => c.name === target)?.containerPort;
            if (
                containerPort !== undefined &&
                !PRIVATE_CONTROL_PLANE_PORTS.includes(containerPort)
            ) {
                problems.push(
                    `${describeEntry(caller)} reaches ${pod.owner}'s pods on port ${containerPort}, which a private GKE control plane ` +
                        `cannot reach (it opens ${PRIVATE_CONTROL_PLANE_PORTS.join(" and ")})`,
                );
            }
        }
    }
    return problems;
}
