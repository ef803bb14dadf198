/**
 * The metric catalog: every metric the autoscaler can act on, as data.
 *
 * One entry says where a metric comes from, the name Prometheus stores it under, the legal
 * custom-metric name Kubernetes serves it as, how per-pod series are combined, and the name the GKE
 * Custom Metrics Stackdriver Adapter serves. Adding a metric is its name (`MetricName`, in
 * metric-definition.ts with the entry's type) and one entry here, or in server-metrics.ts for
 * another inference server; the adapter rules, HPA metrics and GKE monitors are all generated from
 * this table.
 * Another percentile of a latency histogram (a p99, say) is another entry with its own name and
 * `read.quantile`: each served metric name stands for one query.
 */

import type { ServerEngine } from "./choices";
import type { MetricDefinition, MetricName, MetricRead } from "./metric-definition";
import { SGLANG_METRICS, TGI_METRICS } from "./server-metrics";

export { MetricName } from "./metric-definition";
export type { MetricDefinition, MetricRead, MetricSignal, MetricSource } from "./metric-definition";

/** The recorded series that carries DCGM GPU utilisation with the GPU-using pod's labels. */
export const RELABELLED_GPU_UTIL_SERIES = "dcgm_fi_dev_gpu_util_relabelled";

const GAUGE: MetricRead = { kind: "gauge" };

/**
 * vLLM's histogram bounds (vllm-project/vllm `vllm/v1/metrics/loggers.py`, the same from v0.8 to
 * v0.11): `vllm:time_to_first_token_seconds`, and `request_latency_buckets`, which
 * `vllm:request_queue_time_seconds` uses. Each has labels `model_name` and `engine`.
 */
export const VLLM_TTFT_BUCKETS = [
    0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40,
    80, 160, 640, 2560,
];
export const VLLM_REQUEST_LATENCY_BUCKETS = [
    0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680,
];

export const METRIC_CATALOG: readonly MetricDefinition[] = [
    {
        name: "vllm_num_requests_running",
        source: "vllm",
        signal: "running",
        series: ["vllm:num_requests_running"],
        read: GAUGE,
        aggregation: "sum",
        unit: "requests",
        defaultTarget: 4,
        managedSeries: "vllm:num_requests_running",
        description: "requests in the running batch on the GPU",
    },
    {
        name: "vllm_num_requests_waiting",
        source: "vllm",
        signal: "waiting",
        series: ["vllm:num_requests_waiting"],
        read: GAUGE,
        aggregation: "sum",
        unit: "requests",
        defaultTarget: 5,
        managedSeries: "vllm:num_requests_waiting",
        description: "requests queued, waiting for a place in the batch",
    },
    {
        name: "vllm_kv_cache_usage_perc",
        source: "vllm",
        signal: "kvCache",
        series: ["vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"],
        read: GAUGE,
        aggregation: "max",
        unit: "ratio",
        // The cheapest target meeting a 2 s p95 TTFT on every tuning case of `npm run tune`
        // (bundled hour and four synthetic families, seeds 1-3) on the eks, gke and aks stacks.
        defaultTarget: 0.5,
        managedSeries: "vllm:kv_cache_usage_perc",
        description: "fraction of the KV cache in use (0..1)",
    },
    {
        name: "vllm_num_requests_waiting_growth",
        source: "vllm",
        signal: "waitingGrowth",
        series: ["vllm:num_requests_waiting"],
        // A minute holds several scrapes even at a 30 s interval; a burst shows here before the queue is long.
        read: { kind: "growth", window: "1m" },
        aggregation: "sum",
        unit: "requests/s",
        defaultTarget: 0.5,
        managedSeries: "vllm:num_requests_waiting",
        description:
            "growth of the waiting queue, requests per second over 1 min (0 when it shrinks)",
    },
    {
        name: "vllm_time_to_first_token_p95_seconds",
        source: "vllm",
        signal: "ttft",
        series: ["vllm:time_to_first_token_seconds"],
        read: { kind: "quantile", quantile: 0.95, window: "1m", buckets: VLLM_TTFT_BUCKETS },
        // Levels: KEDA averages the pods' percentiles.
        aggregation: "avg",
        unit: "seconds",
        defaultTarget: 1,
        managedSeries: "vllm:time_to_first_token_seconds",
        description:
            "95th percentile of time to first token over 1 min, seconds (0 with no requests)",
    },
    {
        name: "vllm_request_queue_time_p95_seconds",
        source: "vllm",
        signal: "queueTime",
        series: ["vllm:request_queue_time_seconds"],
        read: {
            kind: "quantile",
            quantile: 0.95,
            window: "1m",
            buckets: VLLM_REQUEST_LATENCY_BUCKETS,
        },
        aggregation: "avg",
        unit: "seconds",
        defaultTarget: 0.5,
        managedSeries: "vllm:request_queue_time_seconds",
        description:
            "95th percentile of time waiting for the batch over 1 min, of finished requests, seconds (0 with none)",
    },
    {
        name: "gpu_utilization_percent",
        source: "dcgm",
        signal: "gpuBusy",
        series: [RELABELLED_GPU_UTIL_SERIES],
        read: GAUGE,
        aggregation: "avg",
        unit: "percent",
        defaultTarget: 20,
        // Renamed to lower case by the component's ClusterPodMonitoring (see gke/pod-monitoring.ts).
        managedSeries: "dcgm_fi_dev_gpu_util",
        description: "GPU busy time of the pod's GPUs, in percent (0..100)",
    },
    ...SGLANG_METRICS,
    ...TGI_METRICS,
];

/**
 * The metric a model on each server scales on unless told otherwise. vLLM: its KV cache use,
 * which `npm run -s tune -- --compare` found meeting the SLO wherever running requests did at
 * about half the GPU-hours (docs/simulator.md, "How the defaults were chosen"); the others: their
 * running batch.
 */
export const ENGINE_DEFAULT_METRIC: Record<ServerEngine, MetricName> = {
    vllm: "vllm_kv_cache_usage_perc",
    sglang: "sglang_num_running_reqs",
    tgi: "tgi_batch_current_size",
};

/** True for a server's own metric (scraped from its pods), false for DCGM's. */
export function isServerMetric(metric: MetricDefinition): boolean {
    return metric.source !== "dcgm";
}

/** The metrics a model on `engine` can scale on: its server's, then the GPU's. */
export function metricsFor(engine: ServerEngine): MetricDefinition[] {
    return [
        ...METRIC_CATALOG.filter((m) => m.source === engine),
        ...METRIC_CATALOG.filter((m) => m.source === "dcgm"),
    ];
}

/**
 * Every series name the catalog reads from `engine`'s pods (fallback names included), or only
 * `metrics`' when given, as an anchored regex for a scrape's `__name__` relabeling. A histogram is
 * kept whole (`_bucket`, `_sum`, `_count`): Managed Service for Prometheus stores it as one
 * distribution.
 */
export function scalingSeriesRegex(
    engine: ServerEngine,
    metrics: readonly MetricDefinition[] = metricsFor(engine),
): string {
    const names = metrics
        .filter((m) => m.source === engine)
        .flatMap((m) =>
            m.series.map((s) =>
                m.read.kind === "quantile"
                    ? `${escapeRegex(s)}_(bucket|sum|count)`
                    : escapeRegex(s),
            ),
        );
    return `(${[...new Set(names)].join("|")})`;
}

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
 * The series names stored for `names` (a metric's `series`, or its managed name): a histogram is
 * stored as `_bucket`, `_sum` and `_count` series, of which a quantile reads `_bucket`.
 */
export function storedSeries(
    metric: MetricDefinition,
    names: readonly string[] = metric.series,
): string[] {
    return metric.read.kind === "quantile" ? names.map((n) => `${n}_bucket`) : [...names];
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
