/**
 * The Prometheus configuration the Prometheus Operator would write, made from what the API server
 * holds after `pulumi up` (not from the component's plan): the Prometheus object's selectors choose
 * the ServiceMonitors and PrometheusRules; each monitor endpoint becomes a scrape job discovering
 * its Service's EndpointSlices (read from the real API server: endpointslice-discovery.ts), with the operator's target labels
 * (namespace, service, pod, container, endpoint, job) and the monitor's own relabelings. TLS and
 * authorisation settings are left out: the e2e's targets are plain HTTP.
 */
import * as yaml from "js-yaml";
import { relabelConfig } from "../../harness/pipeline/scrape";
import { KubeObject } from "../lib/kube";

type Selector = {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
};

/** Prometheus's spelling of a Kubernetes label name in meta labels. */
const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, "_");

/** Whether `labels` match a label selector; an absent selector matches nothing, an empty one everything. */
export function matches(
    selector: Selector | undefined | null,
    labels: Record<string, string> = {},
): boolean {
    if (!selector) {
        return false;
    }
    const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    const byExpressions = (selector.matchExpressions ?? []).every((e) => {
        switch (e.operator) {
            case "In":
                return e.values!.includes(labels[e.key]);
            case "NotIn":
                return !e.values!.includes(labels[e.key]);
            case "Exists":
                return e.key in labels;
            case "DoesNotExist":
                return !(e.key in labels);
            default:
                throw new Error(`unknown selector operator ${e.operator}`);
        }
    });
    return byLabels && byExpressions;
}

/** The scrape jobs of one ServiceMonitor (one per endpoint). */
function scrapeJobs(
    monitor: KubeObject,
    sdFile: (namespace: string) => string,
    allNamespaces: string[],
): object[] {
    const spec = monitor.spec;
    const ns = monitor.metadata.namespace!;
    const namespaces: string[] = spec.namespaceSelector?.any
        ? allNamespaces
        : (spec.namespaceSelector?.matchNames ?? [ns]);
    const selector: Selector = spec.selector ?? {};
    const keepService = [
        ...Object.entries(selector.matchLabels ?? {}).map(([k, v]) => ({
            action: "keep",
            source_labels: [
                `__meta_kubernetes_service_label_${sanitize(k)}`,
                `__meta_kubernetes_service_labelpresent_${sanitize(k)}`,
            ],
            regex: `(${v});true`,
        })),
        ...(selector.matchExpressions ?? []).map((e) => {
            const label = `__meta_kubernetes_service_label_${sanitize(e.key)}`;
            const present = `__meta_kubernetes_service_labelpresent_${sanitize(e.key)}`;
            switch (e.operator) {
                case "In":
                    return {
                        action: "keep",
                        source_labels: [label, present],
                        regex: `(${e.values!.join("|")});true`,
                    };
                case "NotIn":
                    return {
                        action: "drop",
                        source_labels: [label, present],
                        regex: `(${e.values!.join("|")});true`,
                    };
                case "Exists":
                    return { action: "keep", source_labels: [present], regex: "true" };
                case "DoesNotExist":
                    return { action: "drop", source_labels: [present], regex: "true" };
                default:
                    throw new Error(
                        `ServiceMonitor ${ns}/${monitor.metadata.name}: unknown selector operator ${e.operator}`,
                    );
            }
        }),
    ];
    return (spec.endpoints as any[]).map((ep, i) => ({
        job_name: `serviceMonitor/${ns}/${monitor.metadata.name}/${i}`,
        honor_labels: ep.honorLabels ?? false,
        ...(ep.interval ? { scrape_interval: ep.interval } : {}),
        ...(ep.scrapeTimeout ? { scrape_timeout: ep.scrapeTimeout } : {}),
        metrics_path: ep.path ?? "/metrics",
        scheme: ep.scheme ?? "http",
        ...(ep.params ? { params: ep.params } : {}),
        // What `kubernetes_sd_configs: [{ role: endpointslice, namespaces }]` would find (see endpointslice-discovery.ts).
        file_sd_configs: [{ files: namespaces.map(sdFile), refresh_interval: "5s" }],
        relabel_configs: [
            { source_labels: ["job"], target_label: "__tmp_prometheus_job_name" },
            ...keepService,
            ep.port
                ? {
                      action: "keep",
                      source_labels: ["__meta_kubernetes_endpointslice_port_name"],
                      regex: ep.port,
                  }
                : {
                      action: "keep",
                      source_labels: ["__meta_kubernetes_pod_container_port_number"],
                      regex: String(ep.targetPort),
                  },
            {
                source_labels: ["__meta_kubernetes_pod_phase"],
                regex: "(Failed|Succeeded)",
                action: "drop",
            },
            { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
            { source_labels: ["__meta_kubernetes_service_name"], target_label: "service" },
            { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
            { source_labels: ["__meta_kubernetes_pod_container_name"], target_label: "container" },
            {
                source_labels: ["__meta_kubernetes_service_name"],
                target_label: "job",
                replacement: "${1}",
            },
            ...(spec.jobLabel
                ? [
                      {
                          source_labels: [
                              `__meta_kubernetes_service_label_${sanitize(spec.jobLabel)}`,
                          ],
                          target_label: "job",
                          regex: "(.+)",
                          replacement: "${1}",
                      },
                  ]
                : []),
            { target_label: "endpoint", replacement: ep.port ?? String(ep.targetPort) },
            ...(ep.relabelings ?? []).map(relabelConfig),
        ],
        metric_relabel_configs: (ep.metricRelabelings ?? []).map(relabelConfig),
    }));
}

/**
 * prometheus.yml and its rule files for the first Prometheus object in the cluster, as the
 * operator would select for it.
 */
export function prometheusFromCluster(
    prometheus: KubeObject,
    monitors: KubeObject[],
    rules: KubeObject[],
    namespaces: KubeObject[],
    sdFile: (namespace: string) => string,
): { config: string; ruleFiles: Record<string, string>; monitors: string[]; rules: string[] } {
    const spec = prometheus.spec;
    const nsLabels = (name: string) =>
        namespaces.find((n) => n.metadata.name === name)?.metadata.labels ?? {};
    // An absent namespace selector means the Prometheus object's own namespace only.
    const inNamespaces = (selector: Selector | undefined, ns: string) =>
        selector === undefined || selector === null
            ? ns === prometheus.metadata.namespace
            : matches(selector, nsLabels(ns));
    const chosenMonitors = monitors.filter(
        (m) =>
            matches(spec.serviceMonitorSelector, m.metadata.labels) &&
            inNamespaces(spec.serviceMonitorNamespaceSelector, m.metadata.namespace!),
    );
    const chosenRules = rules.filter(
        (r) =>
            matches(spec.ruleSelector, r.metadata.labels) &&
            inNamespaces(spec.ruleNamespaceSelector, r.metadata.namespace!),
    );
    const ruleFiles = Object.fromEntries(
        chosenRules.map((r) => [
            `${r.metadata.namespace}-${r.metadata.name}.yaml`,
            yaml.dump({ groups: r.spec.groups }),
        ]),
    );
    const config = yaml.dump({
        global: {
            scrape_interval: spec.scrapeInterval ?? "30s",
            evaluation_interval: spec.evaluationInterval ?? "30s",
            external_labels: {
                prometheus: `${prometheus.metadata.namespace}/${prometheus.metadata.name}`,
            },
        },
        rule_files: Object.keys(ruleFiles),
        scrape_configs: chosenMonitors.flatMap((m) =>
            scrapeJobs(
                m,
                sdFile,
                namespaces.map((n) => n.metadata.name),
            ),
        ),
    });
    const name = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
    return { config, ruleFiles, monitors: chosenMonitors.map(name), rules: chosenRules.map(name) };
}
