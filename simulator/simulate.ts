/**
 * The simulation: requests arrive and are routed to serving pods, each pod's vLLM engine runs
 * (replica.ts), the metrics path samples what vLLM and DCGM report at the component's own
 * intervals (metrics-path.ts), the HPA decides every sync period with the shared algorithm
 * (autoscaler.ts), and capacity follows with its delays (capacity.ts). Deterministic for a seed.
 */
import { Autoscaler, HpaDecision } from "./autoscaler";
import { Capacity, ServerPod } from "./capacity";
import { EventQueue } from "./event-queue";
import { MetricsPath } from "./metrics-path";
import { Random } from "./random";
import { Replica, RequestRecord } from "./replica";
import { percentile } from "./stats";
import type { SimConfig } from "./scenario";
import type { TraceRequest } from "./trace";

/** One second of the run. */
export interface TimelineRow {
    t: number;
    arrivals: number;
    running: number;
    waiting: number;
    kvCacheUsage: number;
    gpuBusy: number;
    desired: number;
    ready: number;
    pods: number;
    /** Pods waiting for a GPU (no node can take them yet): kube-state-metrics' unschedulable pods. */
    pending: number;
    nodes: number;
    gpusBilled: number;
    /** Each configured metric as the HPA last saw it (average per pod), in the config's order. */
    metrics: number[];
    /** p95 TTFT of the requests that arrived in the last minute and have their first token (NaN: none). */
    ttftP95: number;
}

export interface ScaleEvent {
    t: number;
    from: number;
    to: number;
}

/** Why a request was never served: its pod was deleted at the end of its drain, or the run ended. */
export type DropCause = "drain" | "end";

/** A request's life in the run: what the engine recorded, and whether it was cut off. */
export interface SimRecord extends RequestRecord {
    /** When and why it was cut off (unset: it finished). A dropped request is an SLO miss. */
    dropped?: { readonly at: number; readonly cause: DropCause };
}

export interface SimResult {
    readonly config: SimConfig;
    readonly records: readonly SimRecord[];
    readonly timeline: readonly TimelineRow[];
    readonly scaleEvents: readonly ScaleEvent[];
    /** GPU-seconds billed over the run. */
    readonly gpuSeconds: number;
    /** Seconds simulated (the trace, then until every request finished or the tail ran out). */
    readonly duration: number;
    /** Completions the engines reported (a request counted twice would show here). */
    readonly completions: number;
    /** Every HPA sync: its time, what it saw and what it decided. */
    readonly decisions: readonly HpaDecision[];
    /** Every server pod the run created after the start: when, and when it began serving (if it did). */
    readonly podStarts: readonly { created: number; serving?: number }[];
    /** The seed the run drew with (unset: 1), so a reference run can draw the same way. */
    readonly seed?: number;
}

/** The engine refused it at the API (prompt and output over --max-model-len), where the engine says so. */
export const refused = (r: RequestRecord): boolean =>
    (r as { rejected?: boolean }).rejected === true;

type SimEvent = { kind: "scrape"; pod: ServerPod } | { kind: "rules" } | { kind: "hpa" };

export interface SimOptions {
    readonly seed?: number;
    /** Called every simulated 10 minutes with the share done, for progress on long runs. */
    readonly onProgress?: (done: number) => void;
    /** Longest time after the last arrival to let requests finish. */
    readonly tailSeconds?: number;
}

export function simulate(
    cfg: SimConfig,
    trace: readonly TraceRequest[],
    options: SimOptions = {},
): SimResult {
    const random = new Random(options.seed ?? 1);
    const records: SimRecord[] = trace.map((r, id) => ({
        id,
        arrival: r.arrival,
        promptTokens: r.promptTokens,
        outputTokens: r.outputTokens,
        preemptions: 0,
    }));
    const events = new EventQueue<SimEvent>();
    const metrics = new MetricsPath(cfg, random);
    const autoscaler = new Autoscaler(cfg);
    const finishedFirstTokens: number[] = [];
    let completions = 0;
    /** The requests each serving pod holds (waiting or running), to know whom a deletion cuts off. */
    const inFlight = new Map<ServerPod, Set<SimRecord>>();
    const servedBy = new Map<SimRecord, ServerPod>();
    const onFinish = (r: RequestRecord) => {
        completions++;
        const pod = servedBy.get(r);
        if (pod) {
            inFlight.get(pod)?.delete(r);
            servedBy.delete(r);
        }
    };
    /** Cuts off a request the run will never serve; one the engine refused (too long) is not cut off, it was never taken. */
    const drop = (r: SimRecord, at: number, cause: DropCause) => {
        servedBy.delete(r);
        if (r.finished === undefined && r.dropped === undefined && !refused(r)) {
            r.dropped = { at, cause };
        }
    };

    const pods: ServerPod[] = [];
    const replicas = new Map<ServerPod, Replica>();
    let podCount = 0;
    const newPod = (now: number): ServerPod => {
        const pod: ServerPod = { name: `vllm-${podCount++}`, createdAt: now, state: "pending" };
        pods.push(pod);
        return pod;
    };
    let desired = cfg.minReplicas;
    const capacity = new Capacity(cfg, desired);
    for (let i = 0; i < desired; i++) {
        const pod = newPod(0);
        capacity.bind(pod, 0);
        pod.state = "ready";
        pod.readyAt = 0;
    }
    const podStarts = new Map<ServerPod, { created: number; serving?: number }>();
    const startServing = (pod: ServerPod, now: number) => {
        pod.state = "ready";
        const started = podStarts.get(pod);
        if (started) {
            started.serving = now;
        }
        replicas.set(pod, new Replica(pod.name, cfg.params, now, onFinish));
        inFlight.set(pod, new Set());
        metrics.addPod(pod, now);
        events.push(metrics.nextScrape(pod, now), { kind: "scrape", pod });
    };
    for (const pod of pods) {
        startServing(pod, 0);
    }
    events.push(metrics.firstRuleEvaluation(), { kind: "rules" });
    events.push(random.next() * cfg.delays.hpaSyncSeconds, { kind: "hpa" });

    const held: SimRecord[] = [];
    const serving = () => pods.filter((p) => p.state === "ready");
    const route = (r: SimRecord, now: number) => {
        const ready = serving();
        if (ready.length === 0) {
            held.push(r);
            return;
        }
        // kube-proxy spreads connections at random over the Service's ready endpoints.
        const pod = ready[random.below(ready.length)];
        (inFlight.get(pod) as Set<SimRecord>).add(r);
        servedBy.set(r, pod);
        (replicas.get(pod) as Replica).submit(r, now);
    };

    const scaleEvents: ScaleEvent[] = [];
    const scaleTo = (target: number, now: number) => {
        if (target === desired) {
            return;
        }
        scaleEvents.push({ t: now, from: desired, to: target });
        desired = target;
        const live = pods.filter((p) => p.state !== "draining");
        if (live.length < desired) {
            for (let i = live.length; i < desired; i++) {
                const pod = newPod(now);
                podStarts.set(pod, { created: now });
                capacity.bind(pod, now);
            }
        } else {
            // The ReplicaSet deletes unscheduled pods first, then starting ones, then the newest ready.
            const rank = { pending: 0, starting: 1, ready: 2, draining: 3 } as const;
            const victims = [...live]
                .sort((a, b) => rank[a.state] - rank[b.state] || b.createdAt - a.createdAt)
                .slice(0, live.length - desired);
            for (const pod of victims) {
                if (pod.state === "ready") {
                    pod.state = "draining";
                    pod.leaveAt = now + cfg.drainSeconds;
                    metrics.removePod(pod);
                } else {
                    capacity.release(pod, now);
                    pods.splice(pods.indexOf(pod), 1);
                }
            }
        }
    };

    const lastArrival = trace.length > 0 ? trace[trace.length - 1].arrival : 0;
    const tail = options.tailSeconds ?? 900;
    const timeline: TimelineRow[] = [];
    let next = 0;
    let counted = 0;
    let firstTokenCursor = 0;
    let lastBusy = new Map<ServerPod, number>();
    for (let second = 1; ; second++) {
        const until = second;
        // Arrivals and metric events of this second, in time order.
        for (;;) {
            const arrivalAt = next < records.length ? records[next].arrival : Infinity;
            const eventAt = events.peekTime();
            const at = Math.min(arrivalAt, eventAt);
            if (at >= until) {
                break;
            }
            if (arrivalAt <= eventAt) {
                route(records[next++], at);
                continue;
            }
            const popped = events.pop();
            if (!popped) {
                throw new Error(`simulator: no event to pop at ${at} s, though one was due`);
            }
            const { item } = popped;
            if (item.kind === "scrape") {
                if (item.pod.state === "ready") {
                    const replica = replicas.get(item.pod) as Replica;
                    replica.advance(at);
                    metrics.scrape(item.pod, replica, at);
                    events.push(metrics.nextScrape(item.pod, at), {
                        kind: "scrape",
                        pod: item.pod,
                    });
                }
            } else if (item.kind === "rules") {
                metrics.evaluateRules(at);
                events.push(at + cfg.evaluationIntervalSeconds, { kind: "rules" });
            } else {
                const live = pods.filter((p) => p.state !== "draining");
                const decision = autoscaler.sync(at, desired, live, metrics.view(live, at));
                scaleTo(decision, at);
                events.push(at + cfg.delays.hpaSyncSeconds, { kind: "hpa" });
            }
        }
        // Lifecycle, once a second.
        for (const [pod, replica] of replicas) {
            replica.advance(until);
            if (
                pod.state === "draining" &&
                (replica.load === 0 || until >= (pod.leaveAt as number))
            ) {
                // The grace period is over: the pod is killed and whatever it still holds is lost.
                for (const r of inFlight.get(pod) ?? []) {
                    drop(r, until, "drain");
                }
                inFlight.delete(pod);
                replicas.delete(pod);
                capacity.release(pod, until);
                pods.splice(pods.indexOf(pod), 1);
            }
        }
        for (const pod of pods) {
            if (pod.state === "pending") {
                capacity.bind(pod, until);
            }
            if (pod.state === "starting" && (pod.readyAt as number) <= until) {
                startServing(pod, until);
            }
        }
        if (held.length > 0 && serving().length > 0) {
            for (const r of held.splice(0)) {
                route(r, until);
            }
        }
        if (until % cfg.delays.nodeAutoscalerScanSeconds === 0) {
            capacity.autoscale(pods.filter((p) => p.state === "pending").length, until);
        }
        capacity.markEmpty(until);

        // The timeline row.
        let running = 0;
        let waiting = held.length;
        let kv = 0;
        let busy = 0;
        const busyNow = new Map<ServerPod, number>();
        for (const [pod, replica] of replicas) {
            running += replica.numRunning;
            waiting += replica.numWaiting;
            kv += replica.kvCacheUsage;
            busyNow.set(pod, replica.busy);
            busy += replica.busy - (lastBusy.get(pod) ?? replica.busy);
        }
        lastBusy = busyNow;
        while (
            firstTokenCursor < records.length &&
            records[firstTokenCursor].arrival < until - 60
        ) {
            firstTokenCursor++;
        }
        finishedFirstTokens.length = 0;
        for (let i = firstTokenCursor; i < next; i++) {
            const ft = records[i].firstToken;
            if (ft !== undefined && ft > until - 60) {
                finishedFirstTokens.push(ft - records[i].arrival);
            }
        }
        finishedFirstTokens.sort((a, b) => a - b);
        const arrivals = next - counted;
        counted = next;
        timeline.push({
            t: until,
            arrivals,
            running,
            waiting,
            kvCacheUsage: replicas.size > 0 ? kv / replicas.size : 0,
            gpuBusy: replicas.size > 0 ? busy / replicas.size : 0,
            desired,
            ready: serving().length,
            pods: pods.length,
            pending: pods.filter((p) => p.state === "pending").length,
            nodes: capacity.nodes.length,
            gpusBilled: capacity.gpusBilled(),
            metrics: [...autoscaler.lastMetrics],
            ttftP95: percentile(finishedFirstTokens, 95),
        });
        if (options.onProgress && until % 600 === 0) {
            options.onProgress(Math.min(1, until / Math.max(1, lastArrival)));
        }
        const allDone =
            next >= records.length &&
            held.length === 0 &&
            [...replicas.values()].every((r) => r.load === 0);
        if ((until >= lastArrival && allDone) || until >= lastArrival + tail) {
            // Whatever the run ends with unfinished (waiting for a pod, queued or running) was never served.
            for (const r of records) {
                drop(r, until, "end");
            }
            return {
                config: cfg,
                records,
                timeline,
                scaleEvents,
                gpuSeconds: capacity.gpuSeconds(until),
                duration: until,
                completions,
                decisions: autoscaler.decisions,
                podStarts: [...podStarts.values()],
                seed: options.seed ?? 1,
            };
        }
    }
}
