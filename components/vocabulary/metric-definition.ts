/**
 * What a catalog entry is (the catalog itself is metrics.ts's, its non-vLLM entries
 * server-metrics.ts's): the metric names, and the definition every entry fills in.
 */
import type { ServerEngine } from "./choices";

/**
 * Names of the metrics the component can scale on (the legal custom-metric names). An `as const`
 * object with its union type (see `vocabulary/choices.ts`): a schema enum for Pulumi's analyzer,
 * plain strings for TypeScript. Each name has its catalog entry in metrics.ts (`METRIC_CATALOG`).
 */
export const MetricName = {
    VllmNumRequestsRunning: "vllm_num_requests_running",
    VllmNumRequestsWaiting: "vllm_num_requests_waiting",
    VllmKvCacheUsagePerc: "vllm_kv_cache_usage_perc",
    VllmNumRequestsWaitingGrowth: "vllm_num_requests_waiting_growth",
    VllmTimeToFirstTokenP95Seconds: "vllm_time_to_first_token_p95_seconds",
    VllmRequestQueueTimeP95Seconds: "vllm_request_queue_time_p95_seconds",
    SglangNumRunningReqs: "sglang_num_running_reqs",
    SglangNumQueueReqs: "sglang_num_queue_reqs",
    SglangNumQueueReqsGrowth: "sglang_num_queue_reqs_growth",
    SglangTokenUsage: "sglang_token_usage",
    SglangTimeToFirstTokenP95Seconds: "sglang_time_to_first_token_p95_seconds",
    SglangQueueTimeP95Seconds: "sglang_queue_time_p95_seconds",
    TgiBatchCurrentSize: "tgi_batch_current_size",
    TgiQueueSize: "tgi_queue_size",
    TgiQueueSizeGrowth: "tgi_queue_size_growth",
    TgiRequestQueueDurationP95Seconds: "tgi_request_queue_duration_p95_seconds",
    GpuUtilizationPercent: "gpu_utilization_percent",
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** Which exporter produces a metric: an inference server (`server.engine`), or DCGM for any of them. */
export type MetricSource = ServerEngine | "dcgm";

/**
 * What a metric measures, whichever server reports it: the simulator computes each signal from
 * its replica, and a server's metrics are read alike.
 */
export type MetricSignal =
    "running" | "waiting" | "waitingGrowth" | "kvCache" | "ttft" | "queueTime" | "gpuBusy";

/**
 * How a pod's value is made from its series (the PromQL is built in per-pod-query.ts):
 * - `gauge`: the latest values, a pod's series combined with the entry's `aggregation`;
 * - `quantile`: a percentile of a histogram's observations over `window` (`histogram_quantile` over
 *   the `rate` of a pod's merged `_bucket` series); `buckets` are the exporter's upper bounds;
 * - `growth`: how fast a gauge rises, per second over `window` (`deriv`), never below 0.
 */
export type MetricRead =
    | { readonly kind: "gauge" }
    | {
          readonly kind: "quantile";
          readonly quantile: number;
          readonly window: string;
          readonly buckets: readonly number[];
      }
    | { readonly kind: "growth"; readonly window: string };

export interface MetricDefinition {
    /** Legal custom-metric name: what the HPA asks `custom.metrics.k8s.io` for. */
    readonly name: MetricName;
    readonly source: MetricSource;
    readonly signal: MetricSignal;
    /**
     * Prometheus series the value is read from, preferred first. Later names are fallbacks
     * for older exporters (vLLM renamed `gpu_cache_usage_perc` to `kv_cache_usage_perc`).
     */
    readonly series: readonly string[];
    /** How the per-pod value is computed from the series. */
    readonly read: MetricRead;
    /**
     * How values combine. For a gauge, over one pod's series (a pod may serve several engines or own
     * several GPUs). For every metric, over pods where one number stands for all (KEDA): `sum` adds
     * up (requests: total ÷ replicas), `max`/`avg` are levels averaged over pods.
     */
    readonly aggregation: "sum" | "max" | "avg";
    /** Unit of the value, for docs, dashboards and target checks. */
    readonly unit: "requests" | "requests/s" | "ratio" | "percent" | "seconds";
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
