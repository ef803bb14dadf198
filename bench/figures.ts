/**
 * Small pure helpers for the bench's figures: Prometheus durations, summary statistics, the
 * dcgm-exporter's collect interval as configured by chart values, and the scrape load a set of
 * intervals costs.
 */
import type { ServerEngine } from "../components/vocabulary/choices";
import { isServerMetric, metricsFor } from "../components/vocabulary/metrics";

const UNIT_SECONDS: Record<string, number> = {
    ms: 0.001,
    s: 1,
    m: 60,
    h: 3600,
    d: 86400,
    w: 604800,
    y: 31536000,
};

/** Seconds in a Prometheus duration ("15s", "1m30s", "500ms"). */
export function parseDuration(text: string): number {
    const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) {
        throw new Error(`not a Prometheus duration: "${text}"`);
    }
    return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]], 0);
}

/** A number of seconds as a short Prometheus-style duration ("15s", "1m", "2.5s"). */
export function formatDuration(seconds: number): string {
    if (seconds >= 60 && seconds % 60 === 0) {
        return `${seconds / 60}m`;
    }
    return `${Number(seconds.toFixed(3))}s`;
}

export function median(values: readonly number[]): number {
    if (values.length === 0) {
        return NaN;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function max(values: readonly number[]): number {
    return values.length === 0 ? NaN : Math.max(...values);
}

function gcd(a: number, b: number): number {
    return b === 0 ? a : gcd(b, a % b);
}

/**
 * The period after which schedules with these periods (seconds) line up again, in whole
 * milliseconds; `cap` when that would be longer. A step at a uniformly random time within it
 * falls at a uniformly random phase of every schedule.
 */
export function commonPeriod(periods: readonly number[], cap: number): number {
    const ms = periods.map((p) => Math.max(1, Math.round(p * 1000)));
    const lcm = ms.reduce((a, b) => (a / gcd(a, b)) * b, 1);
    return Math.min(lcm / 1000, cap);
}

/** dcgm-exporter's default collect interval (its `-c` flag, 30000 ms). */
export const DCGM_DEFAULT_COLLECT_SECONDS = 30;

/**
 * The collect interval dcgm-exporter runs with, from the chart's values: `DCGM_EXPORTER_INTERVAL`
 * in `extraEnv`, or `-c`/`--collect-interval` in `arguments` (milliseconds either way); the
 * exporter's default otherwise. The exporter publishes what it collected last, so this adds to
 * the age of every GPU value.
 */
export function dcgmCollectSeconds(values: Record<string, unknown> | undefined): number {
    const env = (values?.extraEnv ?? []) as { name?: string; value?: unknown }[];
    const fromEnv = env.find((e) => e.name === "DCGM_EXPORTER_INTERVAL")?.value;
    let ms: unknown = fromEnv;
    const args = ((values?.arguments ?? []) as unknown[]).map(String);
    for (const [i, arg] of args.entries()) {
        const inline = /^(?:-c|--collect-interval)=(.+)$/.exec(arg);
        if (inline) {
            ms = inline[1];
        } else if ((arg === "-c" || arg === "--collect-interval") && i + 1 < args.length) {
            ms = args[i + 1];
        }
    }
    if (ms === undefined) {
        return DCGM_DEFAULT_COLLECT_SECONDS;
    }
    const n = Number(ms);
    if (!Number.isFinite(n) || n <= 0) {
        throw new Error(
            `dcgm-exporter collect interval "${String(ms)}" is not a number of milliseconds`,
        );
    }
    return n / 1000;
}

/** Series counts the scrape load is computed from (the emulator serves only a few of them). */
export interface SeriesAssumptions {
    /** Series on one vLLM server's /metrics (gauges, counters, histogram buckets, process metrics). */
    vllmSeriesPerPod: number;
    /** Of those, the series the catalog scales on (`scalingSeriesPerPage`). */
    vllmScalingSeriesPerPod: number;
    /** Series dcgm-exporter serves per GPU with its default counters. */
    dcgmSeriesPerGpu: number;
    /** GPUs per vLLM replica (one exporter per GPU node, one GPU per node in the example stacks). */
    gpusPerReplica: number;
}

/** Series Prometheus adds to every target it scrapes (up, scrape_duration_seconds, ...). */
export const SYNTHETIC_SERIES_PER_TARGET = 5;

/**
 * Series the catalog's metrics for `engine` read on one pod's page with one engine: a gauge is one
 * series, a histogram its buckets, `+Inf`, `_sum` and `_count`. A page serves one of a metric's
 * fallback names, so only the preferred one counts.
 */
export function scalingSeriesPerPage(engine: ServerEngine): number {
    const series = new Map<string, number>();
    for (const m of metricsFor(engine).filter(isServerMetric)) {
        series.set(m.series[0], m.read.kind === "quantile" ? m.read.buckets.length + 3 : 1);
    }
    return [...series.values()].reduce((a, b) => a + b, 0);
}

/**
 * Samples per second the component's targets add to Prometheus for one vLLM replica: its vLLM
 * pod (the whole page at `vllmScrape`, or, with `vllmRest`, the scaled series at `vllmScrape` and
 * the rest at `vllmRest`, each endpoint a target), the DCGM exporter of its GPUs, and the recorded GPU series.
 */
export function samplesPerSecondPerReplica(
    a: SeriesAssumptions,
    intervals: { vllmScrape: number; vllmRest?: number; dcgmScrape: number; ruleEval: number },
): number {
    const vllm =
        intervals.vllmRest === undefined
            ? (a.vllmSeriesPerPod + SYNTHETIC_SERIES_PER_TARGET) / intervals.vllmScrape
            : (a.vllmScalingSeriesPerPod + SYNTHETIC_SERIES_PER_TARGET) / intervals.vllmScrape +
              (a.vllmSeriesPerPod - a.vllmScalingSeriesPerPod + SYNTHETIC_SERIES_PER_TARGET) /
                  intervals.vllmRest;
    const dcgm =
        (a.dcgmSeriesPerGpu * a.gpusPerReplica + SYNTHETIC_SERIES_PER_TARGET) /
        intervals.dcgmScrape;
    const recorded = 1 / intervals.ruleEval;
    return vllm + dcgm + recorded;
}
