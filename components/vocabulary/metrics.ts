/**
 * The metric catalog: every metric the autoscaler can act on, as data.
 *
 * One entry says where a metric comes from, the name Prometheus stores it under, the legal
 * custom-metric name Kubernetes serves it as, how per-pod series are combined, and the name the GKE
 * Custom Metrics Stackdriver Adapter serves. Adding a metric (or another inference server) is one
 * entry here; the adapter rules, HPA metrics and GKE monitors are all generated from this table.
 */

/** Names of the metrics the component can scale on (the legal custom-metric names). */
export type MetricName =
    | "vllm_num_requests_running"
    | "vllm_num_requests_waiting"
    | "vllm_kv_cache_usage_perc"
    | "gpu_utilization_percent";

/** Which exporter produces a metric. */
export type MetricSource = "vllm" | "dcgm";

export interface MetricDefinition {
    /** Legal custom-metric name: what the HPA asks `custom.metrics.k8s.io` for. */
    readonly name: MetricName;
    readonly source: MetricSource;
    /**
     * Prometheus series the value is read from, preferred first. Later names are fallbacks
     * for older exporters (vLLM renamed `gpu_cache_usage_perc` to `kv_cache_usage_perc`).
     */
    readonly series: readonly string[];
    /** How the series of one pod are combined (a pod may serve several models or own several GPUs). */
    readonly aggregation: "sum" | "max" | "avg";
    /** Unit of the value, for docs and for turning targets into Kubernetes quantities. */
    readonly unit: "requests" | "ratio" | "percent";
    /** Seed default target per pod (an HPA `AverageValue`). */
    readonly defaultTarget: number;
    /**
     * Series name in GKE Managed Service for Prometheus, before the metric-kind suffix. Lower case
     * only: the HPA's client lower-cases the metric names it asks the Stackdriver adapter for.
     */
    readonly managedSeries: string;
    /** One line for docs and error messages. */
    readonly description: string;
}

/** The recorded series that carries DCGM GPU utilisation with the GPU-using pod's labels. */
export const RELABELLED_GPU_UTIL_SERIES = "dcgm_fi_dev_gpu_util_relabelled";

export const METRIC_CATALOG: readonly MetricDefinition[] = [
    {
        name: "vllm_num_requests_running",
        source: "vllm",
        series: ["vllm:num_requests_running"],
        aggregation: "sum",
        unit: "requests",
        defaultTarget: 4,
        managedSeries: "vllm:num_requests_running",
        description: "requests in the running batch on the GPU",
    },
    {
        name: "vllm_num_requests_waiting",
        source: "vllm",
        series: ["vllm:num_requests_waiting"],
        aggregation: "sum",
        unit: "requests",
        defaultTarget: 5,
        managedSeries: "vllm:num_requests_waiting",
        description: "requests queued, waiting for a place in the batch",
    },
    {
        name: "vllm_kv_cache_usage_perc",
        source: "vllm",
        series: ["vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"],
        aggregation: "max",
        unit: "ratio",
        defaultTarget: 0.8,
        managedSeries: "vllm:kv_cache_usage_perc",
        description: "fraction of the KV cache in use (0..1)",
    },
    {
        name: "gpu_utilization_percent",
        source: "dcgm",
        series: [RELABELLED_GPU_UTIL_SERIES],
        aggregation: "avg",
        unit: "percent",
        defaultTarget: 20,
        // Renamed to lower case by the component's ClusterPodMonitoring (see gke/pod-monitoring.ts).
        managedSeries: "dcgm_fi_dev_gpu_util",
        description: "GPU busy time of the pod's GPUs, in percent (0..100)",
    },
];

/** Every metric name the catalog knows, in catalog order. */
export const METRIC_NAMES: readonly MetricName[] = METRIC_CATALOG.map((m) => m.name);

/** Returns the catalog entry for `name`, or undefined when the catalog has no such metric. */
export function findMetric(name: string): MetricDefinition | undefined {
    return METRIC_CATALOG.find((m) => m.name === name);
}

/**
 * Returns the catalog entry for `name`.
 * @throws Error when the name is not in the catalog (validation rejects that earlier).
 */
export function getMetric(name: MetricName): MetricDefinition {
    const metric = findMetric(name);
    if (!metric) {
        throw new Error(`metric "${name}" is not in the catalog`);
    }
    return metric;
}

/**
 * PromQL reading every name in `series` with the same label matchers, preferred name first:
 * `or` keeps a later name's series only for label sets the earlier names lack, so a pod on an
 * older exporter still counts and a pod reporting both is counted once.
 */
export function readSeries(series: readonly string[], matchers: string): string {
    return series.map((s) => `${s}{${matchers}}`).join(" or ");
}

/**
 * Turns a target value into a Kubernetes quantity string: whole numbers stay whole ("4"),
 * fractions become milli-units ("0.8" -> "800m") so the API server does not rewrite them
 * and cause a perpetual diff.
 */
export function toQuantity(value: number): string {
    if (Number.isInteger(value)) {
        return String(value);
    }
    return `${Math.round(value * 1000)}m`;
}

/** `text` as a regular expression that matches only itself (PromQL and Prometheus relabeling use RE2). */
export function escapeRegex(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
