/**
 * The catalog entries of the inference servers other than vLLM, chosen by `server.engine`. Each
 * series name, label and bucket list is the server's own:
 * - SGLang (sgl-project/sglang `python/sglang/srt/metrics/collector.py`): the scheduler's gauges
 *   `sglang:num_running_reqs`, `sglang:num_queue_reqs`, `sglang:token_usage` (KV-cache pool in use,
 *   0..1) and the histograms `sglang:queue_time_seconds` and `sglang:time_to_first_token_seconds`,
 *   labelled `model_name` and, per scheduler, its ranks (`tp_rank`, `dp_rank`, ...): a pod with
 *   data-parallel ranks has one queue per rank. SGLang exposes them with `--enable-metrics`.
 * - Hugging Face TGI (huggingface/text-generation-inference `backends/v3/src/backend.rs`,
 *   `backends/v3/src/queue.rs`, `router/src/infer/mod.rs`, buckets in `router/src/server.rs`):
 *   `tgi_batch_current_size`, `tgi_queue_size` and the histogram `tgi_request_queue_duration`, no
 *   labels of its own. TGI exposes neither KV-cache use nor time to first token.
 */
import type { MetricDefinition } from "./metric-definition";

/** SGLang's default bounds (collector.py `TokenizerMetricsCollector`, `SchedulerMetricsCollector`); `--bucket-*` flags change them. */
export const SGLANG_TTFT_BUCKETS = [
    0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 20, 40, 60, 80, 100, 200, 400,
];
export const SGLANG_QUEUE_TIME_BUCKETS = [
    0, 0.1, 0.2, 0.5, 1, 2, 3, 4, 5, 10, 15, 20, 30, 40, 50, 60, 70, 80, 90, 100, 200, 300, 400,
    500, 600, 700, 800, 900, 1000, 1200, 1400, 1600, 1800, 2000, 2500, 3000,
];
/** TGI's bounds for every `*duration` histogram: 35 steps of x1.5 from 0.0001 s (server.rs). */
export const TGI_DURATION_BUCKETS = Array.from({ length: 35 }, (_, i) => 0.0001 * 1.5 ** (i + 1));

export const SGLANG_METRICS: readonly MetricDefinition[] = [
    {
        name: "sglang_num_running_reqs",
        source: "sglang",
        signal: "running",
        series: ["sglang:num_running_reqs"],
        read: { kind: "gauge" },
        aggregation: "sum",
        unit: "requests",
        defaultTarget: 4,
        managedSeries: "sglang:num_running_reqs",
        description: "requests in the running batch (summed over the pod's data-parallel ranks)",
    },
    {
        name: "sglang_num_queue_reqs",
        source: "sglang",
        signal: "waiting",
        series: ["sglang:num_queue_reqs"],
        read: { kind: "gauge" },
        aggregation: "sum",
        unit: "requests",
        defaultTarget: 5,
        managedSeries: "sglang:num_queue_reqs",
        description: "requests in the waiting queue",
    },
    {
        name: "sglang_num_queue_reqs_growth",
        source: "sglang",
        signal: "waitingGrowth",
        series: ["sglang:num_queue_reqs"],
        read: { kind: "growth", window: "1m" },
        aggregation: "sum",
        unit: "requests/s",
        defaultTarget: 0.5,
        managedSeries: "sglang:num_queue_reqs",
        description:
            "growth of the waiting queue, requests per second over 1 min (0 when it shrinks)",
    },
    {
        name: "sglang_token_usage",
        source: "sglang",
        signal: "kvCache",
        series: ["sglang:token_usage"],
        read: { kind: "gauge" },
        aggregation: "max",
        unit: "ratio",
        defaultTarget: 0.8,
        managedSeries: "sglang:token_usage",
        description: "fraction of the KV-cache token pool in use (0..1)",
    },
    {
        name: "sglang_time_to_first_token_p95_seconds",
        source: "sglang",
        signal: "ttft",
        series: ["sglang:time_to_first_token_seconds"],
        read: { kind: "quantile", quantile: 0.95, window: "1m", buckets: SGLANG_TTFT_BUCKETS },
        aggregation: "avg",
        unit: "seconds",
        defaultTarget: 1,
        managedSeries: "sglang:time_to_first_token_seconds",
        description:
            "95th percentile of time to first token over 1 min, seconds (0 with no requests)",
    },
    {
        name: "sglang_queue_time_p95_seconds",
        source: "sglang",
        signal: "queueTime",
        series: ["sglang:queue_time_seconds"],
        read: {
            kind: "quantile",
            quantile: 0.95,
            window: "1m",
            buckets: SGLANG_QUEUE_TIME_BUCKETS,
        },
        aggregation: "avg",
        unit: "seconds",
        defaultTarget: 0.5,
        managedSeries: "sglang:queue_time_seconds",
        description:
            "95th percentile of time waiting for the batch over 1 min, seconds (0 with no requests)",
    },
];

export const TGI_METRICS: readonly MetricDefinition[] = [
    {
        name: "tgi_batch_current_size",
        source: "tgi",
        signal: "running",
        series: ["tgi_batch_current_size"],
        read: { kind: "gauge" },
        aggregation: "sum",
        unit: "requests",
        defaultTarget: 4,
        managedSeries: "tgi_batch_current_size",
        description: "requests in the running batch",
    },
    {
        name: "tgi_queue_size",
        source: "tgi",
        signal: "waiting",
        series: ["tgi_queue_size"],
        read: { kind: "gauge" },
        aggregation: "sum",
        unit: "requests",
        defaultTarget: 5,
        managedSeries: "tgi_queue_size",
        description: "requests in the queue",
    },
    {
        name: "tgi_queue_size_growth",
        source: "tgi",
        signal: "waitingGrowth",
        series: ["tgi_queue_size"],
        read: { kind: "growth", window: "1m" },
        aggregation: "sum",
        unit: "requests/s",
        defaultTarget: 0.5,
        managedSeries: "tgi_queue_size",
        description: "growth of the queue, requests per second over 1 min (0 when it shrinks)",
    },
    {
        name: "tgi_request_queue_duration_p95_seconds",
        source: "tgi",
        signal: "queueTime",
        series: ["tgi_request_queue_duration"],
        read: { kind: "quantile", quantile: 0.95, window: "1m", buckets: TGI_DURATION_BUCKETS },
        aggregation: "avg",
        unit: "seconds",
        defaultTarget: 0.5,
        managedSeries: "tgi_request_queue_duration",
        description:
            "95th percentile of time in the queue over 1 min, of finished requests, seconds (0 with none)",
    },
];
