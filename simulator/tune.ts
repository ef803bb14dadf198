/**
 * Searches the autoscaling settings a stack can set (metric, target, behavior, minReplicas) for
 * the fewest GPU-hours that meet the SLO on the given traffic. Every candidate is a stack setting,
 * resolved and simulated exactly as `npm run simulate --set` would: the winner, written into the
 * stack file, simulates to the same figures.
 */
import type * as k8s from "@pulumi/kubernetes";
import { DEFAULT_BEHAVIOR } from "../components/settings/model";
import type { MetricName } from "../components/vocabulary/metrics";
import { resolveStack, scenario, ScenarioOptions } from "./scenario";
import { simulate } from "./simulate";
import { Slo, summarize, Summary } from "./summary";
import type { TraceRequest } from "./trace";

type Behavior = k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerBehavior;

/** Targets tried per metric, around each catalog default. */
export const TARGETS: Partial<Record<MetricName, readonly number[]>> = {
    vllm_num_requests_running: [2, 4, 8, 16, 32, 64],
    vllm_num_requests_waiting: [1, 2, 5, 10],
    vllm_kv_cache_usage_perc: [0.3, 0.5, 0.7, 0.9],
};

/** Behaviors tried: the component's, one that gives capacity back sooner, one that holds it longer. */
export const BEHAVIORS: Record<string, Behavior | undefined> = {
    "component default": undefined,
    "quicker scale-down": {
        ...DEFAULT_BEHAVIOR,
        scaleDown: {
            stabilizationWindowSeconds: 60,
            selectPolicy: "Min",
            policies: [{ type: "Pods", value: 1, periodSeconds: 30 }],
        },
    },
    "longer hold": {
        ...DEFAULT_BEHAVIOR,
        scaleDown: {
            stabilizationWindowSeconds: 900,
            selectPolicy: "Min",
            policies: [{ type: "Pods", value: 1, periodSeconds: 60 }],
        },
    },
};

export interface Candidate {
    readonly autoscaling: Record<string, unknown>;
    readonly behaviorName: string;
    /** The `--set` that applies it to the stack. */
    readonly set: string;
}

export function candidates(o: ScenarioOptions): Candidate[] {
    const { model } = resolveStack(o.stack, o.set);
    const { minReplicas, maxReplicas } = model.autoscaling;
    const out: Candidate[] = [];
    for (
        let min = Math.max(1, minReplicas);
        min <= Math.min(maxReplicas, Math.max(1, minReplicas) + 2);
        min++
    ) {
        for (const [name, targets] of Object.entries(TARGETS)) {
            for (const target of targets ?? []) {
                for (const [behaviorName, behavior] of Object.entries(BEHAVIORS)) {
                    const autoscaling = {
                        minReplicas: min,
                        maxReplicas,
                        metrics: [{ name, target }],
                        ...(behavior ? { behavior } : {}),
                    };
                    out.push({
                        autoscaling,
                        behaviorName,
                        set: `inference-autoscaling:autoscaling=${JSON.stringify(autoscaling)}`,
                    });
                }
            }
        }
    }
    return out;
}

export interface TuneResult {
    readonly best: { candidate: Candidate; summary: Summary };
    readonly met: boolean;
    readonly tried: number;
}

/** The candidate meeting the SLO with the fewest GPU-hours; if none meets it, the one closest to it. */
export function tune(
    o: ScenarioOptions,
    trace: readonly TraceRequest[],
    slo: Slo,
    seed: number,
    onProgress?: (done: number, of: number) => void,
): TuneResult {
    const all = candidates(o);
    const runs = all.map((candidate, i) => {
        const cfg = scenario({ ...o, set: [...(o.set ?? []), candidate.set], label: "tuned" });
        const summary = summarize(simulate(cfg, trace, { seed }), trace, slo);
        onProgress?.(i + 1, all.length);
        return { candidate, summary };
    });
    const meeting = runs.filter((r) => r.summary.meetsSlo);
    const pool = meeting.length > 0 ? meeting : runs;
    const key = (r: (typeof runs)[number]) =>
        meeting.length > 0
            ? [r.summary.gpuHours, r.summary.scaleEvents]
            : [-r.summary.withinSlo, r.summary.gpuHours];
    const best = [...pool].sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        return x[0] - y[0] || x[1] - y[1];
    })[0];
    return { best, met: meeting.length > 0, tried: runs.length };
}
