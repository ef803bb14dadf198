/**
 * Scaling-signal latency, measured with a real Prometheus: the time from a step in the emulated
 * load to the adapter's query returning the new value.
 *
 * For each setup (a set of intervals) the bench starts emulated vLLM pods and DCGM exporters on
 * loopback and a Prometheus (127.0.0.1, free port, temporary TSDB) that scrapes them as the stack's
 * ServiceMonitors say and evaluates its recording rules, at the setup's intervals. Each of several
 * lanes (one vLLM pod and the exporter of its GPU; each target gets its own scrape phase) steps its
 * pod's running requests and GPU utilisation together at a random phase, then the bench polls the
 * adapter's queries, rendered for the HPA's pods as the adapter renders them, until each returns
 * the new value. The emulated exporter publishes what it collected last, at the setup's collect
 * interval, as dcgm-exporter does; vLLM updates its gauges on every engine step, so its values are
 * served fresh.
 */
import * as yaml from "js-yaml";
import { performance } from "perf_hooks";
import { AdapterRule, renderPodsQuery } from "../harness/pipeline/adapter-query";
import { dcgmMetrics, formatExposition, vllmMetrics } from "../harness/pipeline/exposition";
import { MetricsEmulator } from "../harness/pipeline/metrics-emulator";
import { PrometheusServer } from "../harness/pipeline/prometheus-server";
import { EmulatedPod, prometheusConfig } from "../harness/pipeline/scrape";
import { ScrapeEndpoint, SelfManagedPipeline } from "../harness/pipeline/topology";
import { RenderedStack, releaseOfChart } from "../harness/rendered-stack";
import { commonPeriod, dcgmCollectSeconds, formatDuration, parseDuration } from "./figures";

/** The two kinds of signal: a series vLLM serves (read as scraped) and the recorded GPU series. */
export const SIGNALS = [
    { metric: "vllm_num_requests_running", kind: "direct", low: 1, high: 9 },
    { metric: "gpu_utilization_percent", kind: "recorded", low: 10, high: 90 },
] as const;
export type SignalMetric = (typeof SIGNALS)[number]["metric"];

/** Intervals that decide how old the adapter's answer can be, in seconds. */
export interface SignalSetup {
    readonly label: string;
    /** Scrape interval of the vLLM ServiceMonitor endpoint that carries the scaled series. */
    readonly vllmScrape: number;
    /** Interval of a second endpoint scraping the rest of the page; none when one endpoint scrapes it all. */
    readonly vllmRest?: number;
    /** The DCGM exporter ServiceMonitor's scrape interval. */
    readonly dcgmScrape: number;
    /** Evaluation interval of the GPU recording rule's group. */
    readonly ruleEval: number;
    /** dcgm-exporter's collect interval. */
    readonly dcgmCollect: number;
    /** Prometheus's global scrape and evaluation intervals (they also apply to the chart's own monitors and rules). */
    readonly globalScrape: number;
    readonly globalEval: number;
}

/** Upper bound of a signal's age under a setup (plus a scrape's and a query's few milliseconds). */
export function signalBound(setup: SignalSetup, metric: SignalMetric): number {
    return metric === "gpu_utilization_percent"
        ? setup.dcgmCollect + setup.dcgmScrape + setup.ruleEval
        : setup.vllmScrape;
}

/** The part of kube-prometheus-stack's values that sets Prometheus's global intervals. */
interface KubePrometheusStackValues {
    prometheus?: { prometheusSpec?: { scrapeInterval?: string; evaluationInterval?: string } };
}

/** The parts of a generated Prometheus configuration whose intervals a setup overrides. */
interface PrometheusConfigFile {
    global?: Record<string, unknown>;
    scrape_configs: { scrape_interval?: string }[];
}

/** True for an endpoint that drops series by name: the rest of a page whose scaled series another endpoint scrapes. */
function scrapesRest(e: ScrapeEndpoint): boolean {
    return e.metricRelabelings.some(
        (r) => r.action?.toLowerCase() === "drop" && r.sourceLabels?.join() === "__name__",
    );
}

/**
 * The intervals a rendered stack sets: Prometheus's global ones from the kube-prometheus-stack
 * values, each ServiceMonitor's own interval, the recording rule group's interval, and the
 * collect interval of the dcgm-exporter it installs (the exporter's default when it sets none).
 */
export function renderedSetup(
    label: string,
    rendered: RenderedStack,
    pipeline: SelfManagedPipeline,
): SignalSetup {
    const spec =
        (
            releaseOfChart(rendered, "kube-prometheus-stack")?.values as
                KubePrometheusStackValues | undefined
        )?.prometheus?.prometheusSpec ?? {};
    // The Prometheus Operator's defaults when the chart values leave them empty.
    const globalScrape = parseDuration(spec.scrapeInterval || "30s");
    const globalEval = parseDuration(spec.evaluationInterval || "30s");
    const interval = (e: ScrapeEndpoint | undefined) =>
        e?.interval ? parseDuration(e.interval) : globalScrape;
    const rest = pipeline.vllm.endpoints.find(scrapesRest);
    const group = pipeline.ruleGroups.find((g) => g.rules.some((r) => r.record !== undefined));
    return {
        label,
        vllmScrape: interval(pipeline.vllm.endpoints.find((e) => !scrapesRest(e))),
        ...(rest ? { vllmRest: interval(rest) } : {}),
        dcgmScrape: interval(pipeline.dcgm?.endpoints[0]),
        ruleEval: group?.interval ? parseDuration(group.interval) : globalEval,
        dcgmCollect: dcgmCollectSeconds(releaseOfChart(rendered, "dcgm-exporter")?.values),
        globalScrape,
        globalEval,
    };
}

/**
 * The seeds' setup: kube-prometheus-stack with its defaults (the operator's 30s scrape and
 * evaluation intervals, ServiceMonitors and rules without their own) and dcgm-exporter's default
 * collect interval.
 */
export const SEEDS_SETUP: SignalSetup = {
    label: "seeds (kube-prometheus-stack defaults)",
    vllmScrape: 30,
    dcgmScrape: 30,
    ruleEval: 30,
    dcgmCollect: 30,
    globalScrape: 30,
    globalEval: 30,
};

/**
 * The component's defaults before the scaled series got their own endpoint: one 10s scrape of
 * the whole vLLM page, the DCGM exporter every 10s, the rule every 5s, a 2s collect.
 */
export const BEFORE_SETUP: SignalSetup = {
    label: "before (one 10s endpoint)",
    vllmScrape: 10,
    dcgmScrape: 10,
    ruleEval: 5,
    dcgmCollect: 2,
    globalScrape: 30,
    globalEval: 30,
};

/**
 * A setup from "SCRAPE/EVAL/COLLECT" ("10s/5s/2s"): the component's ServiceMonitors scrape every
 * SCRAPE, its rule group evaluates every EVAL, dcgm-exporter collects every COLLECT; Prometheus's
 * global intervals stay at the chart's defaults.
 */
export function parseSetup(spec: string, label = `candidate ${spec}`): SignalSetup {
    const parts = spec.split("/");
    if (parts.length !== 3) {
        throw new Error(`--candidate takes SCRAPE/EVAL/COLLECT, e.g. 10s/5s/2s; got "${spec}"`);
    }
    const [scrape, evaluation, collect] = parts.map(parseDuration);
    return {
        label,
        vllmScrape: scrape,
        dcgmScrape: scrape,
        ruleEval: evaluation,
        dcgmCollect: collect,
        globalScrape: 30,
        globalEval: 30,
    };
}

/** "vLLM/rest/DCGM scrape / rule / collect", e.g. "5s,15s,5s/5s/2s"; one vLLM interval when one endpoint scrapes the page. */
export function describeSetup(s: SignalSetup): string {
    const scrape = [s.vllmScrape, ...(s.vllmRest === undefined ? [] : [s.vllmRest]), s.dcgmScrape]
        .map(formatDuration)
        .join(",");
    return `${scrape}/${formatDuration(s.ruleEval)}/${formatDuration(s.dcgmCollect)}`;
}

export interface SetupResult {
    readonly setup: SignalSetup;
    /** Seconds from each step to the adapter query returning it, per metric. */
    readonly samples: Record<SignalMetric, number[]>;
    /** Seconds from Prometheus being ready to every lane's first values being served. */
    readonly warmUp: number;
}

export interface LatencyOptions {
    /** Lanes per setup: pods stepping independently, each with its own scrape phase. */
    lanes: number;
    /** A lane starts another step only within this many seconds of Prometheus being ready (each makes at least one). */
    budgetSeconds: number;
    /** How often the adapter's queries are sent. */
    pollMs: number;
    onProgress?: (message: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups = new Set<() => Promise<void>>();

/** Stops every Prometheus and emulator still running (for an interrupted bench). */
export async function stopAll(): Promise<void> {
    await Promise.all([...cleanups].map((c) => c()));
}

interface Pending {
    expected: number;
    since: number;
    seenAt?: number;
}

/** One emulated vLLM pod and the DCGM exporter of the node its GPU is on. */
class Lane {
    running: number = SIGNALS[0].low;
    /** GPU utilisation changes, for the exporter's collect ticks to pick up. */
    private readonly gpu: { at: number; value: number }[] = [
        { at: -Infinity, value: SIGNALS[1].low },
    ];
    readonly pending = new Map<SignalMetric, Pending>();
    readonly latest = new Map<SignalMetric, number>();

    constructor(
        readonly pod: string,
        readonly node: string,
        private readonly collectMs: number,
        private readonly collectPhase: number,
    ) {}

    /** The utilisation the exporter serves now: what it read at its last collect tick. */
    publishedGpu(now: number): number {
        const tick =
            this.collectPhase +
            Math.floor((now - this.collectPhase) / this.collectMs) * this.collectMs;
        // The first change is at -Infinity, so some change is always at or before the tick.
        const published = [...this.gpu].reverse().find((c) => c.at <= tick);
        if (!published) {
            throw new Error(`${this.pod}: no GPU utilisation set at or before ${tick} ms`);
        }
        return published.value;
    }

    setGpu(value: number, now: number): void {
        this.gpu.push({ at: now, value });
    }

    observe(metric: SignalMetric, value: number | undefined, at: number): void {
        if (value === undefined) {
            return;
        }
        this.latest.set(metric, value);
        const p = this.pending.get(metric);
        if (p && p.seenAt === undefined && Math.abs(value - p.expected) < 1e-9) {
            p.seenAt = at;
        }
    }
}

async function podValues(
    prom: PrometheusServer,
    query: string,
    pods: readonly string[],
): Promise<Map<string, number>> {
    const values = new Map<string, number>();
    for (const s of await prom.query(query)) {
        if (
            s.metric.pod === undefined ||
            !pods.includes(s.metric.pod) ||
            values.has(s.metric.pod)
        ) {
            throw new Error(
                `${query} returned ${JSON.stringify(s.metric)}, which is not one requested pod`,
            );
        }
        values.set(s.metric.pod, s.value);
    }
    return values;
}

function adapterRule(pipeline: SelfManagedPipeline, metric: string): AdapterRule {
    const rules = pipeline.adapterRules.filter((r) => r.name.as === metric);
    if (rules.length !== 1) {
        throw new Error(
            `prometheus-adapter has ${rules.length} rules serving ${metric}; expected one`,
        );
    }
    return rules[0];
}

async function runSetup(
    pipeline: SelfManagedPipeline,
    setup: SignalSetup,
    opts: LatencyOptions,
): Promise<SetupResult> {
    const dcgm = pipeline.dcgm;
    if (!dcgm) {
        throw new Error("the stack scrapes no DCGM exporter; pick a stack with GPU metrics");
    }
    const namespace = (pipeline.hpa.metadata.namespace as string | undefined) ?? "default";
    const deployment = pipeline.hpa.spec.scaleTargetRef.name as string;
    const emulator = new MetricsEmulator();
    let prom: PrometheusServer | undefined;
    let polling = true;
    let poller: Promise<void> | undefined;
    const cleanup = async () => {
        await prom?.stop();
        await emulator.stop();
    };
    cleanups.add(cleanup);
    try {
        const collectMs = setup.dcgmCollect * 1000;
        const lanes = Array.from(
            { length: opts.lanes },
            (_, i) =>
                new Lane(
                    `${deployment}-6b9f7c-l${i}`,
                    `gpu-node-${i}`,
                    collectMs,
                    Math.random() * collectMs,
                ),
        );
        const vllmPods: EmulatedPod[] = [];
        const exporterPods: EmulatedPod[] = [];
        for (const lane of lanes) {
            const v = await emulator.serve(pipeline.vllm.endpoints[0].path, () =>
                formatExposition(
                    vllmMetrics("google/gemma-3-1b-it", {
                        running: lane.running,
                        waiting: 0,
                        kvCache: 0,
                    }),
                ),
            );
            vllmPods.push({ pod: lane.pod, container: "inference-server", address: v.address });
            const d = await emulator.serve(dcgm.endpoints[0].path, () =>
                formatExposition(
                    dcgmMetrics(lane.node, [
                        {
                            index: 0,
                            utilisation: lane.publishedGpu(performance.now()),
                            holder: { namespace, pod: lane.pod, container: "inference-server" },
                        },
                    ]),
                ),
            );
            exporterPods.push({
                pod: `dcgm-exporter-${lane.node}`,
                container: "exporter",
                address: d.address,
            });
        }

        // The stack's scrape jobs and rules, at the setup's intervals instead of the tests' 1s.
        const config = yaml.load(
            prometheusConfig(
                [
                    { target: pipeline.vllm, pods: vllmPods },
                    { target: dcgm, pods: exporterPods },
                ],
                ["rules.yaml"],
            ),
        ) as PrometheusConfigFile;
        config.global = {
            ...config.global,
            scrape_interval: formatDuration(setup.globalScrape),
            evaluation_interval: formatDuration(setup.globalEval),
        };
        // One job per endpoint, vLLM's first; without a rest interval every vLLM job scrapes at vllmScrape.
        const intervals = [
            ...pipeline.vllm.endpoints.map((e) =>
                scrapesRest(e) ? (setup.vllmRest ?? setup.vllmScrape) : setup.vllmScrape,
            ),
            setup.dcgmScrape,
        ];
        intervals.forEach(
            (seconds, i) => (config.scrape_configs[i].scrape_interval = formatDuration(seconds)),
        );
        const rules = yaml.dump({
            groups: pipeline.ruleGroups.map((g) => ({
                ...g,
                interval: formatDuration(setup.ruleEval),
            })),
        });
        const server = await PrometheusServer.start(yaml.dump(config), { "rules.yaml": rules });
        prom = server;
        const ready = performance.now();

        const pods = lanes.map((l) => l.pod);
        const queries = SIGNALS.map((s) => ({
            metric: s.metric,
            query: renderPodsQuery(adapterRule(pipeline, s.metric), {
                series: s.metric,
                namespace,
                pods,
            }),
        }));
        let pollError: unknown;
        poller = (async () => {
            while (polling) {
                const started = performance.now();
                try {
                    const results = await Promise.all(
                        queries.map((q) => podValues(server, q.query, pods)),
                    );
                    const at = performance.now();
                    for (const [i, q] of queries.entries()) {
                        lanes.forEach((l) => l.observe(q.metric, results[i].get(l.pod), at));
                    }
                } catch (err) {
                    pollError = err;
                    return;
                }
                await sleep(Math.max(0, opts.pollMs - (performance.now() - started)));
            }
        })();

        const samples = Object.fromEntries(
            SIGNALS.map((s) => [s.metric, [] as number[]]),
        ) as Record<SignalMetric, number[]>;
        const window =
            commonPeriod(
                [setup.vllmScrape, setup.dcgmScrape, setup.ruleEval, setup.dcgmCollect],
                120,
            ) * 1000;
        const deadline = ready + opts.budgetSeconds * 1000;
        const timeoutMs =
            (2 * Math.max(...SIGNALS.map((s) => signalBound(setup, s.metric))) + 15) * 1000;

        /** Waits until every pending expectation of `lane` was seen; throws after the timeout. */
        const settle = async (lane: Lane, what: string) => {
            const until = performance.now() + timeoutMs;
            while ([...lane.pending.values()].some((p) => p.seenAt === undefined)) {
                if (pollError !== undefined) {
                    throw pollError;
                }
                if (performance.now() > until) {
                    const waiting = [...lane.pending].filter(([, p]) => p.seenAt === undefined);
                    throw new Error(
                        `${setup.label}: ${what} for pod ${lane.pod} not served within ${timeoutMs / 1000} s: ` +
                            waiting
                                .map(
                                    ([m, p]) =>
                                        `${m} expected ${p.expected}, last ${lane.latest.get(m) ?? "none"}`,
                                )
                                .join("; "),
                    );
                }
                await sleep(20);
            }
        };

        let warmedUp = 0;
        await Promise.all(
            lanes.map(async (lane) => {
                for (const s of SIGNALS) {
                    lane.pending.set(s.metric, { expected: s.low, since: ready });
                }
                await settle(lane, "first values");
                warmedUp = Math.max(warmedUp, performance.now() - ready);
                for (let trial = 0; trial === 0 || performance.now() < deadline; trial++) {
                    await sleep(Math.random() * window);
                    const up = trial % 2 === 0;
                    const now = performance.now();
                    lane.running = up ? SIGNALS[0].high : SIGNALS[0].low;
                    lane.setGpu(up ? SIGNALS[1].high : SIGNALS[1].low, now);
                    for (const s of SIGNALS) {
                        lane.pending.set(s.metric, { expected: up ? s.high : s.low, since: now });
                    }
                    await settle(lane, `step ${trial + 1}`);
                    for (const [metric, p] of lane.pending) {
                        if (p.seenAt === undefined) {
                            throw new Error(
                                `${setup.label}: step ${trial + 1} for pod ${lane.pod} settled without ${metric} being seen`,
                            );
                        }
                        samples[metric].push((p.seenAt - p.since) / 1000);
                    }
                    const done = samples[SIGNALS[0].metric].length;
                    if (done % opts.lanes === 0) {
                        opts.onProgress?.(`${setup.label}: ${done} steps measured`);
                    }
                }
            }),
        );
        return { setup, samples, warmUp: warmedUp / 1000 };
    } finally {
        polling = false;
        await poller;
        await cleanup();
        cleanups.delete(cleanup);
    }
}

/** Measures every setup, concurrently (each has its own Prometheus and emulated pods). */
export async function measureSignalLatency(
    pipeline: SelfManagedPipeline,
    setups: readonly SignalSetup[],
    opts: LatencyOptions,
): Promise<SetupResult[]> {
    return Promise.all(setups.map((s) => runSetup(pipeline, s, opts)));
}
