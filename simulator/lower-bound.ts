/**
 * The fewest GPU-seconds any autoscaler could bill on a trace while meeting a TTFT SLO (a target
 * at a percentile), knowing the future but bound by the same engine and the same start-up delay.
 * Everything is in seconds, from the run's start to the last request's SLO deadline.
 *
 * A policy meeting `ttft-pP=T` serves at least ceil(P/100 x n) of the n requests within T (the
 * percentile as stats.ts reads it); the other k = n - that may go unserved, and the bound lets the
 * policy pick them to its advantage. Two terms, each a bound on its own, the larger taken:
 *
 * - Presence: a served request needs a serving replica at some moment within T of its arrival.
 *   Replicas serve in stretches; each stretch but one from the start began with a model load on
 *   a GPU (which no policy avoids) and lasts at least from its first request's deadline to its
 *   last request's arrival. The cheapest such cover of the requests is found exactly (a dynamic
 *   programme over stretches of consecutive requests). Leaving a request unserved saves at most
 *   the smaller of a load and the time since the request before it (the cover reaching that one
 *   extends to it): the bound takes off the k largest such savings.
 * - Work: every token the engine computes for a served request (its prompt, then one per output
 *   token after the first) costs at least the longer of its compute and its share of a full
 *   step's weight read, plus its share of the step's fixed cost (hardware.ts; a step computes at
 *   most maxBatchedTokens). The k costliest requests are left out.
 *
 * Left out, so the bound stays below what is reachable: batching limits, the KV cache, several
 * replicas' start-ups, node granularity. A policy that meets the SLO cannot bill less.
 */
import type { SimConfig } from "./scenario";
import type { TraceRequest } from "./trace";

export interface LowerBound {
    readonly gpuSeconds: number;
    /** Replica-seconds the presence term needs (uptime plus unavoidable loads). */
    readonly presenceSeconds: number;
    /** Replica-seconds the engine needs to compute the served requests' tokens. */
    readonly workSeconds: number;
    /** Requests the policy may leave unserved and still meet the SLO. */
    readonly unserved: number;
}

/** Sum of the k largest values. */
function largest(values: number[], k: number): number {
    if (k <= 0) {
        return 0;
    }
    const sorted = [...values].sort((a, b) => b - a);
    let sum = 0;
    for (let i = 0; i < Math.min(k, sorted.length); i++) {
        sum += sorted[i];
    }
    return sum;
}

/** The model load a new replica always pays on its GPU before it serves. */
export function unavoidableLoadSeconds(cfg: SimConfig): number {
    return cfg.modelCache ? cfg.delays.cachedModelLoadSeconds : cfg.delays.modelLoadSeconds;
}

export function lowerBound(
    cfg: SimConfig,
    trace: readonly TraceRequest[],
    ttftSeconds: number,
    percentile = 100,
): LowerBound {
    const n = trace.length;
    if (n === 0) {
        return { gpuSeconds: 0, presenceSeconds: 0, workSeconds: 0, unserved: 0 };
    }
    const unserved = n - Math.ceil((percentile / 100) * n);
    const load = unavoidableLoadSeconds(cfg);
    const a = trace.map((r) => r.arrival).sort((x, y) => x - y);
    // cover[j]: the cheapest stretches covering the first j requests. A stretch over requests
    // i..j (1-based) costs a load plus max(0, a[j] - a[i] - T); one from the start costs a[j].
    const cover = new Array<number>(n + 1).fill(0);
    let i0 = 1; // first request within T of request j's arrival
    let best = Infinity; // min over i < i0 of cover[i - 1] - a[i]
    for (let j = 1; j <= n; j++) {
        while (a[i0 - 1] < a[j - 1] - ttftSeconds) {
            best = Math.min(best, cover[i0 - 1] - a[i0 - 1]);
            i0++;
        }
        cover[j] = Math.min(a[j - 1], cover[i0 - 1] + load, best + a[j - 1] - ttftSeconds + load);
    }
    const saving = a.map((x, i) => (i === 0 ? load : Math.min(load, x - a[i - 1])));
    const presence = Math.max(0, cover[n] - largest(saving, unserved));

    const p = cfg.params;
    const perToken =
        p.stepOverheadSeconds / p.maxBatchedTokens +
        Math.max(p.flopsPerToken / p.flops, p.weightBytes / p.bandwidth / p.maxBatchedTokens);
    const work = trace.map((r) => (r.promptTokens + Math.max(0, r.outputTokens - 1)) * perToken);
    let workSeconds = 0;
    for (const w of work) {
        workSeconds += w;
    }
    workSeconds = Math.max(0, workSeconds - largest(work, unserved));
    return {
        gpuSeconds: Math.max(presence, workSeconds) * cfg.gpusPerPod,
        presenceSeconds: presence,
        workSeconds,
        unserved,
    };
}
