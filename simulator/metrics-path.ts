/**
 * The metrics path between vLLM/DCGM and the HPA, at the component's own intervals: each pod
 * scraped every scrape interval at its own phase (Prometheus and GMP spread targets over the
 * interval), recording rules evaluated every evaluation interval, and the adapter or KEDA reading
 * the latest value when the HPA asks. Which series go through a rule follows the component:
 * on GKE managed collection every scaling series is recorded by the model's `Rules`; self-managed,
 * only GPU utilisation (relabelled to the pod by the GPU rule). A series older than Prometheus'
 * 5-minute lookback is gone; a deleted pod's series end at once (staleness markers).
 *
 * Windowed metrics are computed at each scrape over the window ending there, as a query right
 * after it would: a latency percentile from the replica's observations in the window (TTFT when the
 * first token came, queue time when the request finished, as vLLM observes them), estimated from
 * vLLM's buckets; queue growth as the slope of the scraped waiting counts. Like `rate` and
 * `deriv`, neither has a value before the window holds two scrapes; an idle pod's percentile is 0,
 * as the catalog's query makes it.
 */
import { getMetric, MetricName, MetricSignal } from "../components/vocabulary/metrics";
import type { ServerPod } from "./capacity";
import { durationSeconds } from "./delays";
import type { Random } from "./random";
import type { Replica } from "./replica";
import type { SimConfig } from "./scenario";
import { deriv, histogramQuantile, Observation } from "./windowed";

type Sample = { at: number; values: Partial<Record<MetricName, number>> };

/** The window a windowed metric reads, in seconds (0 for a gauge). */
function windowSeconds(name: MetricName): number {
    const read = getMetric(name).read;
    return read.kind === "gauge" ? 0 : durationSeconds(read.window);
}

/** A quantile metric's percentile over its window from the observations in it, by the metric's own buckets; 0 when there are none. */
function windowQuantile(
    name: MetricName,
    observations: readonly Observation[],
    at: number,
): number {
    const read = getMetric(name).read;
    if (read.kind !== "quantile") {
        throw new Error(`${name} is not a quantile metric`);
    }
    const from = at - durationSeconds(read.window);
    const values = observations.filter((o) => o.at > from && o.at <= at).map((o) => o.value);
    return values.length === 0 ? 0 : histogramQuantile(read.quantile, read.buckets, values);
}

const LOOKBACK_SECONDS = 300;

export class MetricsPath {
    private readonly phase = new Map<ServerPod, number>();
    private readonly scraped = new Map<ServerPod, Sample>();
    private readonly recorded = new Map<ServerPod, Sample>();
    private readonly kernelAtScrape = new Map<ServerPod, { at: number; kernel: number }>();
    /** Each pod's scraped waiting counts within the longest window. */
    private readonly waitingHistory = new Map<ServerPod, { at: number; value: number }[]>();
    private readonly rulePhase: number;

    constructor(
        private readonly cfg: SimConfig,
        random: Random,
    ) {
        this.rulePhase = random.next() * cfg.evaluationIntervalSeconds;
        this.random = random;
    }
    private readonly random: Random;

    addPod(pod: ServerPod, now: number): void {
        this.phase.set(pod, now + this.random.next() * this.cfg.scrapeIntervalSeconds);
    }

    removePod(pod: ServerPod): void {
        this.scraped.delete(pod);
        this.recorded.delete(pod);
        this.phase.delete(pod);
        this.kernelAtScrape.delete(pod);
        this.waitingHistory.delete(pod);
    }

    /** The pod's next scrape after `now`. */
    nextScrape(pod: ServerPod, now: number): number {
        const phase = this.phase.get(pod) as number;
        if (phase > now) {
            return phase;
        }
        const interval = this.cfg.scrapeIntervalSeconds;
        return phase + (Math.floor((now - phase) / interval) + 1) * interval;
    }

    firstRuleEvaluation(): number {
        return this.rulePhase;
    }

    /**
     * Each scaled metric as the server reports it at `at`, by what it measures (the replica models
     * any engine's batch): gauges as they are, GPU utilisation as DCGM's counter reads the steps since the last
     * scrape, windowed metrics over their window.
     */
    scrape(pod: ServerPod, replica: Replica, at: number): void {
        const last = this.kernelAtScrape.get(pod);
        const gpu =
            last && at > last.at ? (100 * (replica.kernelBusy - last.kernel)) / (at - last.at) : 0;
        this.kernelAtScrape.set(pod, { at, kernel: replica.kernelBusy });
        const longest = Math.max(0, ...this.cfg.metrics.map((m) => windowSeconds(m.name)));
        const waiting = [
            ...(this.waitingHistory.get(pod) ?? []),
            { at, value: replica.numWaiting },
        ].filter((x) => x.at > at - Math.max(longest, 60));
        this.waitingHistory.set(pod, waiting);
        const observed = replica.takeObservations(at - longest);
        const signal = (name: MetricName): number | undefined => {
            const inWindow = waiting.filter((x) => x.at > at - windowSeconds(name));
            const kind: MetricSignal = getMetric(name).signal;
            switch (kind) {
                case "running":
                    return replica.numRunning;
                case "waiting":
                    return replica.numWaiting;
                case "kvCache":
                    return replica.kvCacheUsage;
                case "gpuBusy":
                    return Math.min(100, gpu);
                // rate() and deriv() need two scrapes in the window.
                case "waitingGrowth":
                    return inWindow.length >= 2
                        ? Math.max(0, deriv(inWindow) as number)
                        : undefined;
                case "ttft":
                    return inWindow.length >= 2
                        ? windowQuantile(name, observed.ttft, at)
                        : undefined;
                case "queueTime":
                    return inWindow.length >= 2
                        ? windowQuantile(name, observed.queueTime, at)
                        : undefined;
            }
        };
        this.scraped.set(pod, {
            at,
            values: Object.fromEntries(this.cfg.metrics.map((m) => [m.name, signal(m.name)])),
        });
    }

    evaluateRules(at: number): void {
        for (const [pod, sample] of this.scraped) {
            if (at - sample.at <= LOOKBACK_SECONDS) {
                this.recorded.set(pod, { ...sample, at });
            }
        }
    }

    private throughRule(name: MetricName): boolean {
        return this.cfg.collection === "gke-managed" || name === "gpu_utilization_percent";
    }

    /** Per metric, the value per pod that the HPA's metrics server returns at `at`. */
    view(pods: readonly ServerPod[], at: number): Map<MetricName, Map<string, number>> {
        const out = new Map<MetricName, Map<string, number>>();
        for (const m of this.cfg.metrics) {
            const values = new Map<string, number>();
            const source = this.throughRule(m.name) ? this.recorded : this.scraped;
            for (const pod of pods) {
                const sample = source.get(pod);
                const value = sample?.values[m.name];
                if (sample && value !== undefined && at - sample.at <= LOOKBACK_SECONDS) {
                    values.set(pod.name, value);
                }
            }
            out.set(m.name, values);
        }
        return out;
    }
}
