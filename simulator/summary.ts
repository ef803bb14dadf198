/**
 * What a run means for its users and its bill: latency percentiles, the share of requests within
 * the SLO, replicas, GPU-hours and their cost, scale events, how long the largest burst hurt, and
 * GPU-hours against the lower bound and against the cheapest fixed replica count meeting the SLO.
 */
import { FiredAlert, firedAlerts } from "./alerts";
import { lowerBound } from "./lower-bound";
import { MACHINE_PRICES } from "./prices";
import type { SimConfig } from "./scenario";
import { refused, simulate, type SimRecord, type SimResult } from "./simulate";
import { percentile, sortedNumbers } from "./stats";
import type { TraceRequest } from "./trace";

export interface Slo {
    /** TTFT target, seconds, at the given percentile. */
    readonly ttftSeconds: number;
    readonly percentile: number;
}

export interface Summary {
    readonly label: string;
    readonly requests: number;
    readonly finished: number;
    /** Requests cut off unserved: by a draining pod's deletion, or still unfinished when the run ended. */
    readonly dropped: number;
    readonly droppedByDrain: number;
    /**
     * TTFT percentiles over every request: one never served (dropped, or without a first token)
     * counts as infinitely late, so a percentile is Infinity once more than its share goes unserved.
     */
    readonly ttft: { p50: number; p95: number; p99: number };
    /** TTFT at the SLO's own percentile, counted the same way. */
    readonly ttftAtSlo: number;
    readonly queueWait: { p50: number; p95: number; p99: number };
    /** Share of requests served whose TTFT is within the SLO's target (a dropped request is a miss). */
    readonly withinSlo: number;
    /** True when the SLO's percentile of TTFT (never-served requests infinitely late) is within its target. */
    readonly meetsSlo: boolean;
    readonly peakReplicas: number;
    readonly meanReplicas: number;
    readonly gpuHours: number;
    /** USD at the machine's list price, when known. */
    readonly cost?: number;
    readonly scaleEvents: number;
    /** Seconds from the busiest minute's start until TTFT p95 is back within the SLO. */
    readonly recoverySeconds: number;
    readonly lowerBoundGpuHours: number;
    readonly ratioToLowerBound: number;
    /**
     * The reachable reference: the cheapest fixed replica count meeting the SLO on the same trace
     * and seed (computed when asked: it runs up to maxReplicas more simulations).
     */
    readonly bestFixed?: FixedReference;
    /** GPU-hours over the best fixed count's (NaN: no fixed count up to maxReplicas meets the SLO). */
    readonly ratioToBestFixed: number;
    /** Over scale-ups, seconds from the HPA's decision to its first new replica serving: median and worst (NaN: none served). */
    readonly scaleUpToServingSeconds: { median: number; worst: number };
    /**
     * TTFT p95 of the requests arriving around scale-ups (from a minute before each to four after),
     * those cut off infinitely late; requests the engine refuses (too long) are not about capacity and are left out.
     */
    readonly scaleUpTtftP95: number;
    /** Scaling-loop alerts the run would have fired. */
    readonly alerts: readonly FiredAlert[];
}

/** The cheapest fixed replica count (no autoscaling) that meets the SLO, of 1..upTo. */
export interface FixedReference {
    /** Unset: no fixed count up to `upTo` meets the SLO. */
    readonly replicas?: number;
    readonly gpuHours?: number;
    /** TTFT at the SLO's percentile of the reference run. */
    readonly ttftSeconds?: number;
    /** The largest count tried: the configuration's maxReplicas. */
    readonly upTo: number;
}

/** TTFT at the SLO's percentile, never-served requests infinitely late. */
function sloPercentile(records: readonly SimRecord[], slo: Slo): number {
    return percentile(sortedNumbers(records.map(ttftOf)), slo.percentile);
}

/** The configuration held at n replicas (no autoscaling) on the trace: GPU-hours and TTFT at the SLO's percentile. */
export function fixedRun(
    cfg: SimConfig,
    trace: readonly TraceRequest[],
    slo: Slo,
    seed: number,
    n: number,
): { gpuHours: number; ttftSeconds: number; meetsSlo: boolean } {
    const fixed = { ...cfg, label: `fixed ${n}`, minReplicas: n, maxReplicas: n };
    const run = simulate(fixed, trace, { seed });
    const p = sloPercentile(run.records, slo);
    return { gpuHours: run.gpuSeconds / 3600, ttftSeconds: p, meetsSlo: p <= slo.ttftSeconds };
}

const fixedCache = new WeakMap<readonly TraceRequest[], Map<string, FixedReference>>();

/**
 * The configuration run with minReplicas = maxReplicas = n for n = 1, 2, ... up to its
 * maxReplicas, the same trace and seed: the fewest GPU-hours among the counts that meet the SLO.
 * Metrics and behavior do not matter when the bounds are equal, so the result is cached per trace
 * and per the rest of the configuration. The counts stop once n replicas held over the trace's
 * arrivals (n x GPUs per pod x last arrival, which a fixed count always bills) cost more than the
 * best found.
 */
export function bestFixedCount(
    cfg: SimConfig,
    trace: readonly TraceRequest[],
    slo: Slo,
    seed = 1,
): FixedReference {
    const rest = { ...cfg, label: "", minReplicas: 0, metrics: [], behavior: 0 };
    const key = JSON.stringify([rest, slo, seed]);
    const cached = fixedCache.get(trace)?.get(key);
    if (cached) {
        return cached;
    }
    const lastArrival = trace.length > 0 ? trace[trace.length - 1].arrival : 0;
    let best: FixedReference = { upTo: cfg.maxReplicas };
    for (let n = 1; n <= cfg.maxReplicas; n++) {
        if (
            best.gpuHours !== undefined &&
            (n * cfg.gpusPerPod * lastArrival) / 3600 >= best.gpuHours
        ) {
            break;
        }
        const run = fixedRun(cfg, trace, slo, seed, n);
        if (run.meetsSlo && !(run.gpuHours >= (best.gpuHours ?? Infinity))) {
            best = {
                replicas: n,
                gpuHours: run.gpuHours,
                ttftSeconds: run.ttftSeconds,
                upTo: cfg.maxReplicas,
            };
        }
    }
    const byConfig = fixedCache.get(trace) ?? new Map<string, FixedReference>();
    byConfig.set(key, best);
    fixedCache.set(trace, byConfig);
    return best;
}

/** Seconds from arrival to first token; Infinity for a request never served (dropped, or no first token). */
export function ttftOf(r: SimRecord): number {
    return r.dropped !== undefined || r.firstToken === undefined
        ? Infinity
        : r.firstToken - r.arrival;
}

const triple = (sorted: number[]) => ({
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
});

/** What counts as "around" a scale-up: the minute of rising load before it, and the wait after. */
const AROUND_SCALE_UP = { before: 60, after: 240 };

function scaleUps(result: SimResult): {
    toServing: { median: number; worst: number };
    ttftP95: number;
} {
    const ups = result.scaleEvents.filter((e) => e.to > e.from);
    const waits = ups
        .map((e) =>
            result.podStarts
                .filter((p) => p.created === e.t && p.serving !== undefined)
                .reduce((first, p) => Math.min(first, (p.serving as number) - e.t), Infinity),
        )
        .filter(Number.isFinite);
    const around = (t: number) =>
        ups.some((e) => t >= e.t - AROUND_SCALE_UP.before && t < e.t + AROUND_SCALE_UP.after);
    const ttft = sortedNumbers(
        result.records.filter((r) => around(r.arrival) && !refused(r)).map(ttftOf),
    );
    const sorted = sortedNumbers(waits);
    return {
        toServing: { median: percentile(sorted, 50), worst: percentile(sorted, 100) },
        ttftP95: percentile(ttft, 95),
    };
}

/** Index in the timeline of the busiest minute's first second. */
function busiestMinute(result: SimResult): number {
    const rows = result.timeline;
    let best = 0;
    let bestAt = 0;
    let sum = 0;
    for (let i = 0; i < rows.length; i++) {
        sum += rows[i].arrivals - (i >= 60 ? rows[i - 60].arrivals : 0);
        if (sum > best) {
            best = sum;
            bestAt = Math.max(0, i - 59);
        }
    }
    return bestAt;
}

/** Seconds from the busiest minute's start until TTFT p95 is within target and stays so for a minute. */
function recovery(result: SimResult, slo: Slo): number {
    const rows = result.timeline;
    const bestAt = busiestMinute(result);
    for (let i = bestAt; i < rows.length; i++) {
        if (!(rows[i].ttftP95 > slo.ttftSeconds)) {
            let held = true;
            for (let j = i; j < Math.min(rows.length, i + 60); j++) {
                held &&= !(rows[j].ttftP95 > slo.ttftSeconds);
            }
            if (held) {
                return i - bestAt;
            }
        }
    }
    return rows.length - bestAt;
}

export function summarize(
    result: SimResult,
    trace: readonly TraceRequest[],
    slo: Slo,
    usdPerGpuHour?: number,
    options: { readonly reference?: boolean } = {},
): Summary {
    const cfg = result.config;
    const ttft = sortedNumbers(result.records.map(ttftOf));
    const dropped = result.records.filter((r) => r.dropped !== undefined);
    const queue = sortedNumbers(
        result.records
            .filter((r) => r.admitted !== undefined)
            .map((r) => (r.admitted as number) - r.arrival),
    );
    const gpuHours = result.gpuSeconds / 3600;
    const machine = cfg.machineType ? MACHINE_PRICES[cfg.machineType] : undefined;
    const perGpuHour =
        usdPerGpuHour ?? (machine ? machine.usdPerHour / cfg.gpusPerNode : undefined);
    const bound = lowerBound(cfg, trace, slo.ttftSeconds, slo.percentile).gpuSeconds / 3600;
    // One row per simulated second: no spreading them into Math.max (a long run overflows the stack).
    let peakReplicas = 0;
    let readySeconds = 0;
    for (const row of result.timeline) {
        peakReplicas = Math.max(peakReplicas, row.ready);
        readySeconds += row.ready;
    }
    const b = scaleUps(result);
    const fixed = options.reference ? bestFixedCount(cfg, trace, slo, result.seed) : undefined;
    return {
        label: cfg.label,
        requests: result.records.length,
        finished: result.records.filter((r) => r.finished !== undefined).length,
        dropped: dropped.length,
        droppedByDrain: dropped.filter((r) => r.dropped?.cause === "drain").length,
        ttft: triple(ttft),
        ttftAtSlo: percentile(ttft, slo.percentile),
        queueWait: triple(queue),
        withinSlo:
            ttft.filter((v) => v <= slo.ttftSeconds).length / Math.max(1, result.records.length),
        meetsSlo: percentile(ttft, slo.percentile) <= slo.ttftSeconds,
        peakReplicas,
        meanReplicas: readySeconds / Math.max(1, result.timeline.length),
        gpuHours,
        cost: perGpuHour === undefined ? undefined : gpuHours * perGpuHour,
        scaleEvents: result.scaleEvents.length,
        recoverySeconds: recovery(result, slo),
        lowerBoundGpuHours: bound,
        ratioToLowerBound: bound > 0 ? gpuHours / bound : NaN,
        bestFixed: fixed,
        ratioToBestFixed:
            fixed?.gpuHours !== undefined && fixed.gpuHours > 0 ? gpuHours / fixed.gpuHours : NaN,
        scaleUpToServingSeconds: b.toServing,
        scaleUpTtftP95: b.ttftP95,
        alerts: firedAlerts(result),
    };
}

/** "InferenceHpaAtMaxReplicas x2 (14:05)" per alert name, or "none". */
function alertsCell(alerts: readonly FiredAlert[]): string {
    const byName = new Map<string, FiredAlert[]>();
    for (const a of alerts) {
        byName.set(a.alert, [...(byName.get(a.alert) ?? []), a]);
    }
    const clock = (t: number) =>
        `${Math.floor(t / 60)}:${String(Math.floor(t % 60)).padStart(2, "0")}`;
    return byName.size === 0
        ? "none"
        : [...byName]
              .map(
                  ([name, list]) =>
                      `${name.replace(/^Inference/, "")} x${list.length} (${clock(list[0].firedAt)})`,
              )
              .join(", ");
}

/** "0.81 x (2 replicas, 2.36 GPU-h)", or "none up to 4 replicas" when no fixed count meets the SLO. */
export function fixedCell(x: Pick<Summary, "bestFixed" | "ratioToBestFixed">): string {
    const f = x.bestFixed;
    if (f === undefined) {
        return "-";
    }
    return f.replicas === undefined || f.gpuHours === undefined
        ? `none up to ${f.upTo} replicas`
        : `${x.ratioToBestFixed.toFixed(2)} x (${f.replicas} replica${f.replicas === 1 ? "" : "s"}, ${f.gpuHours.toFixed(2)} GPU-h)`;
}

const s = (v: number) =>
    Number.isFinite(v) ? `${v.toFixed(2)} s` : v === Infinity ? "never (unserved)" : "-";

/** The summaries side by side, one column per run. */
export function summaryTable(summaries: readonly Summary[], slo: Slo): string {
    const rows: [string, (x: Summary) => string][] = [
        ["requests (finished)", (x) => `${x.requests} (${x.finished})`],
        [
            "dropped (drain / run end)",
            (x) => `${x.dropped} (${x.droppedByDrain} / ${x.dropped - x.droppedByDrain})`,
        ],
        ["TTFT p50 / p95 / p99", (x) => `${s(x.ttft.p50)} / ${s(x.ttft.p95)} / ${s(x.ttft.p99)}`],
        [
            "queue wait p50 / p95 / p99",
            (x) => `${s(x.queueWait.p50)} / ${s(x.queueWait.p95)} / ${s(x.queueWait.p99)}`,
        ],
        [`within TTFT ${slo.ttftSeconds} s`, (x) => `${(100 * x.withinSlo).toFixed(1)} %`],
        [`SLO ttft-p${slo.percentile}=${slo.ttftSeconds}s`, (x) => (x.meetsSlo ? "met" : "MISSED")],
        ["replicas peak / mean", (x) => `${x.peakReplicas} / ${x.meanReplicas.toFixed(2)}`],
        ["GPU-hours", (x) => x.gpuHours.toFixed(2)],
        [
            "cost at list price",
            (x) => (x.cost === undefined ? "n/a (--price)" : `$${x.cost.toFixed(2)}`),
        ],
        [
            "vs lower bound",
            (x) => `${x.ratioToLowerBound.toFixed(2)} x (${x.lowerBoundGpuHours.toFixed(2)} GPU-h)`,
        ],
        ["vs best fixed count", (x) => fixedCell(x)],
        ["scale events", (x) => String(x.scaleEvents)],
        ["recovery after largest burst", (x) => `${x.recoverySeconds} s`],
        [
            "scale-up -> serving: median / worst",
            (x) =>
                Number.isFinite(x.scaleUpToServingSeconds.median)
                    ? `${Math.round(x.scaleUpToServingSeconds.median)} s / ${Math.round(x.scaleUpToServingSeconds.worst)} s`
                    : "none served",
        ],
        ["TTFT p95 around scale-ups", (x) => s(x.scaleUpTtftP95)],
        ["alerts fired (first at)", (x) => alertsCell(x.alerts)],
    ];
    const cells = rows.map(([name, f]) => [name, ...summaries.map(f)]);
    const header = ["", ...summaries.map((x) => x.label)];
    const widths = header.map((_, i) =>
        [header, ...cells].reduce((w, r) => Math.max(w, r[i].length), 0),
    );
    const line = (r: string[]) =>
        r
            .map((c, i) => c.padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
