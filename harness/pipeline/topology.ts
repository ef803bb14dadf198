/**
 * Finds, in a rendered stack, the parts of the self-managed metrics pipeline: the HPA, the
 * ServiceMonitor + Service that scrape vLLM and the one that scrapes the DCGM exporter, the
 * recording rules, and prometheus-adapter's rules. Everything comes from the rendered objects and
 * values; the only outside input is the stack's `server.podLabels`, which tells the vLLM Service
 * (it selects exactly those pods) from the exporter's.
 */
import { applyOverrides, parseOverride } from "../../scripts/render-args";
import { readStackConfig } from "../plan";
import { KubeObject, objectsOfKind, releaseOfChart, RenderedStack } from "../rendered-stack";
import { AdapterRule } from "./adapter-query";

export type Relabeling = {
    action?: string;
    sourceLabels?: string[];
    targetLabel?: string;
    replacement?: string;
    regex?: string;
    separator?: string;
    modulus?: number;
};

export interface ScrapeEndpoint {
    port: string;
    path: string;
    honorLabels: boolean;
    interval?: string;
    /** The endpoint's target relabelings, as the ServiceMonitor gives them. */
    relabelings: Relabeling[];
    /** Its relabelings of the scraped series. */
    metricRelabelings: Relabeling[];
}

export interface ScrapeTarget {
    readonly monitor: KubeObject;
    readonly service: KubeObject;
    /** The monitor's endpoints: scrapes of one page (same port, path and honorLabels), each its own job. */
    readonly endpoints: ScrapeEndpoint[];
    /** Namespace of the scraped pods (the Service's). */
    readonly namespace: string;
}

export interface RuleGroup {
    name: string;
    interval?: string;
    rules: { record?: string; alert?: string; expr: string; [key: string]: unknown }[];
    [key: string]: unknown;
}

export interface SelfManagedPipeline {
    readonly hpa: KubeObject;
    readonly vllm: ScrapeTarget;
    readonly dcgm?: ScrapeTarget;
    readonly ruleGroups: RuleGroup[];
    readonly adapterRules: AdapterRule[];
}

const RULE_KINDS = [
    { group: "monitoring.coreos.com", kind: "PrometheusRule" },
    { group: "monitoring.googleapis.com", kind: "Rules" },
    { group: "monitoring.googleapis.com", kind: "ClusterRules" },
    { group: "monitoring.googleapis.com", kind: "GlobalRules" },
];

/** Every object carrying Prometheus rule groups (`spec.groups`), of any operator. */
export function ruleObjects(rendered: RenderedStack): KubeObject[] {
    return RULE_KINDS.flatMap((k) => objectsOfKind(rendered, k.kind, k.group));
}

function subset(
    selector: Record<string, string>,
    labels: Record<string, string> | undefined,
): boolean {
    return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
    return a !== undefined && Object.keys(a).length === Object.keys(b).length && subset(b, a);
}

/** The Service a ServiceMonitor selects, as the operator would find it; throws unless exactly one. */
function selectedService(rendered: RenderedStack, monitor: KubeObject): KubeObject {
    const namespaces: string[] = monitor.spec.namespaceSelector?.matchNames ?? [
        monitor.metadata.namespace,
    ];
    const matchLabels: Record<string, string> = monitor.spec.selector?.matchLabels ?? {};
    const found = objectsOfKind(rendered, "Service").filter(
        (s) =>
            namespaces.includes(s.metadata.namespace ?? "") &&
            subset(matchLabels, s.metadata.labels),
    );
    if (found.length !== 1) {
        throw new Error(
            `ServiceMonitor ${monitor.metadata.name} selects ${found.length} Services of the plan; expected exactly one`,
        );
    }
    return found[0];
}

/** The fields of a ServiceMonitor endpoint (monitoring.coreos.com/v1) the model reads. */
interface MonitorEndpoint {
    port?: string;
    path?: string;
    honorLabels?: boolean;
    interval?: string;
    relabelings?: Relabeling[];
    metricRelabelings?: Relabeling[];
}

function scrapeTarget(rendered: RenderedStack, monitor: KubeObject): ScrapeTarget {
    const service = selectedService(rendered, monitor);
    const portNames = (service.spec.ports ?? []).map((p: { name?: string }) => p.name);
    const endpoints: ScrapeEndpoint[] = (monitor.spec.endpoints ?? []).map((e: MonitorEndpoint) => {
        if (e.port === undefined || !portNames.includes(e.port)) {
            throw new Error(
                `ServiceMonitor ${monitor.metadata.name} scrapes port "${e.port}" but Service ${service.metadata.name} has ports ${JSON.stringify(portNames)}`,
            );
        }
        return {
            port: e.port,
            path: e.path ?? "/metrics",
            honorLabels: e.honorLabels ?? false,
            interval: e.interval,
            relabelings: e.relabelings ?? [],
            metricRelabelings: e.metricRelabelings ?? [],
        };
    });
    const page = (e: ScrapeEndpoint) => `${e.port} ${e.path} ${e.honorLabels}`;
    if (endpoints.length === 0 || endpoints.some((e) => page(e) !== page(endpoints[0]))) {
        throw new Error(
            `ServiceMonitor ${monitor.metadata.name} has ${endpoints.length} endpoints not all scraping one page; the test models one page per pod`,
        );
    }
    return { monitor, service, endpoints, namespace: service.metadata.namespace ?? "default" };
}

/** The server pods' labels from the stack's config, with the render's `--set` overrides applied. */
function serverPodLabels(stack: string, overrides: readonly string[]): Record<string, string> {
    const raw = applyOverrides(readStackConfig(stack).config, overrides.map(parseOverride))[
        "inference-autoscaling:server"
    ];
    if (raw === undefined) {
        throw new Error(`stack ${stack} has no inference-autoscaling:server config`);
    }
    return (JSON.parse(raw) as { podLabels: Record<string, string> }).podLabels;
}

/**
 * The self-managed pipeline of a stack, or undefined when the stack does not run one (no
 * prometheus-adapter release: e.g. GKE's managed collection).
 */
export function selfManagedPipeline(rendered: RenderedStack): SelfManagedPipeline | undefined {
    const adapter = releaseOfChart(rendered, "prometheus-adapter");
    if (!adapter) {
        return undefined;
    }
    const hpas = objectsOfKind(rendered, "HorizontalPodAutoscaler");
    if (hpas.length !== 1) {
        throw new Error(`stack ${rendered.stack} has ${hpas.length} HPAs; expected one`);
    }
    const podLabels = serverPodLabels(rendered.stack, rendered.overrides);
    const targets = objectsOfKind(rendered, "ServiceMonitor", "monitoring.coreos.com").map((m) =>
        scrapeTarget(rendered, m),
    );
    const vllm = targets.filter((t) => sameLabels(t.service.spec.selector, podLabels));
    if (vllm.length !== 1) {
        throw new Error(
            `stack ${rendered.stack}: ${vllm.length} ServiceMonitors scrape the vLLM pods ${JSON.stringify(podLabels)}; expected one`,
        );
    }
    const others = targets.filter((t) => t !== vllm[0]);
    if (others.length > 1) {
        throw new Error(
            `stack ${rendered.stack}: ${others.length} non-vLLM ServiceMonitors; the test models one DCGM exporter`,
        );
    }
    const rules = (adapter.values as { rules?: { custom?: AdapterRule[] } }).rules?.custom ?? [];
    return {
        hpa: hpas[0],
        vllm: vllm[0],
        dcgm: others[0],
        ruleGroups: ruleObjects(rendered).flatMap((o) => o.spec.groups as RuleGroup[]),
        adapterRules: rules,
    };
}
