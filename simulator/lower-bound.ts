/**
 * The fewest GPU-hours any autoscaler could spend on a trace while meeting a TTFT target, knowing
 * the future but bound by the same start-up delay. In each minute, a replica must run if a request
 * arrives, and enough replicas to compute the prompts of the requests whose first token is due in
 * that minute (prefill is compute-bound: a replica computes at most `flops / flopsPerToken` prompt
 * tokens a second); a prompt whose time window spans two minutes may be computed in either, so it
 * counts in neither. Every added replica spends its model load on a GPU before it serves. Decode
 * work and batching limits are left out, so the bound is below what is truly reachable: a policy
 * that meets the target cannot spend less.
 */
import type { SimConfig } from "./scenario";
import type { TraceRequest } from "./trace";

export const BOUND_WINDOW_SECONDS = 60;

export interface LowerBound {
    readonly gpuSeconds: number;
    /** Replicas needed per minute. */
    readonly replicas: readonly number[];
}

export function lowerBound(
    cfg: SimConfig,
    trace: readonly TraceRequest[],
    ttftSeconds: number,
): LowerBound {
    const W = BOUND_WINDOW_SECONDS;
    const end = trace.length > 0 ? trace[trace.length - 1].arrival + ttftSeconds : 0;
    const windows = Math.max(1, Math.ceil(end / W));
    const prefillSeconds = new Array<number>(windows).fill(0);
    const busy = new Array<boolean>(windows).fill(false);
    const secondsPerToken = cfg.params.flopsPerToken / cfg.params.flops;
    for (const r of trace) {
        const w = Math.floor(r.arrival / W);
        busy[w] = true;
        if (Math.floor((r.arrival + ttftSeconds) / W) === w) {
            prefillSeconds[w] += r.promptTokens * secondsPerToken;
        }
    }
    const replicas = prefillSeconds.map((work, w) =>
        Math.max(busy[w] ? 1 : 0, Math.ceil(work / W)),
    );
    const load = cfg.modelCache ? cfg.delays.cachedModelLoadSeconds : cfg.delays.modelLoadSeconds;
    let gpuSeconds = 0;
    for (let w = 0; w < windows; w++) {
        const added = w === 0 ? 0 : Math.max(0, replicas[w] - replicas[w - 1]);
        gpuSeconds += (replicas[w] * W + added * load) * cfg.gpusPerPod;
    }
    return { gpuSeconds, replicas };
}
