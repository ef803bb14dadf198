/**
 * The metrics path between vLLM/DCGM and the HPA, at the component's own intervals: each pod
 * scraped every scrape interval at its own phase (Prometheus and GMP spread targets over the
 * interval), recording rules evaluated every evaluation interval, and the adapter or KEDA reading
 * the latest value when the HPA asks. Which series go through a rule follows the component:
 * on GKE managed collection every scaling series is recorded by the model's `Rules`; self-managed,
 * only GPU utilisation (relabelled to the pod by the GPU rule). A series older than Prometheus'
 * 5-minute lookback is gone; a deleted pod's series end at once (staleness markers).
 */
import type { MetricName } from "../components/vocabulary/metrics";
import type { ServerPod } from "./capacity";
import type { Random } from "./random";
import type { Replica } from "./replica";
import type { SimConfig } from "./scenario";

type Sample = { at: number; values: Record<MetricName, number> };

const LOOKBACK_SECONDS = 300;

export class MetricsPath {
    private readonly phase = new Map<ServerPod, number>();
    private readonly scraped = new Map<ServerPod, Sample>();
    private readonly recorded = new Map<ServerPod, Sample>();
    private readonly busyAtScrape = new Map<ServerPod, { at: number; busy: number }>();
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
        this.busyAtScrape.delete(pod);
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

    /** vLLM's gauges as they are at `at`; GPU utilisation as the busy share since the last scrape. */
    scrape(pod: ServerPod, replica: Replica, at: number): void {
        const last = this.busyAtScrape.get(pod);
        const gpu = last && at > last.at ? (100 * (replica.busy - last.busy)) / (at - last.at) : 0;
        this.busyAtScrape.set(pod, { at, busy: replica.busy });
        this.scraped.set(pod, {
            at,
            values: {
                vllm_num_requests_running: replica.numRunning,
                vllm_num_requests_waiting: replica.numWaiting,
                vllm_kv_cache_usage_perc: replica.kvCacheUsage,
                gpu_utilization_percent: Math.min(100, gpu),
            },
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
                if (sample && at - sample.at <= LOOKBACK_SECONDS) {
                    values.set(pod.name, sample.values[m.name]);
                }
            }
            out.set(m.name, values);
        }
        return out;
    }
}
