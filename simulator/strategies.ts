/**
 * The scaling strategies a stack could ship, compared over the same cases as `tune`: the seeds'
 * (running requests beside GPU utilisation at 20 %), the package's defaults and the usual
 * alternatives. `npm run -s tune -- --compare` prints the table; the stacks' and the components'
 * defaults were chosen from it (docs/simulator.md, "How the defaults were chosen").
 */
import type { MetricName } from "../components/vocabulary/metrics";
import { resolveStack, ScenarioOptions } from "./scenario";
import type { Slo } from "./summary";
import { Candidate, CaseRun, rankedOf, Ranked, tuneOverAll, TuneCase } from "./tune";

export interface Strategy {
    readonly name: string;
    readonly metrics: readonly { readonly name: MetricName; readonly target: number }[];
    /** Replicas kept warm; the stack's own when absent. */
    readonly minReplicas?: number;
}

export const STRATEGIES: readonly Strategy[] = [
    {
        name: "seeds: running 4 + GPU utilisation 20 %",
        metrics: [
            { name: "vllm_num_requests_running", target: 4 },
            { name: "gpu_utilization_percent", target: 20 },
        ],
    },
    { name: "GPU utilisation 20 %", metrics: [{ name: "gpu_utilization_percent", target: 20 }] },
    { name: "running 4", metrics: [{ name: "vllm_num_requests_running", target: 4 }] },
    {
        name: "waiting 5 + running 4",
        metrics: [
            { name: "vllm_num_requests_waiting", target: 5 },
            { name: "vllm_num_requests_running", target: 4 },
        ],
    },
    { name: "waiting 2", metrics: [{ name: "vllm_num_requests_waiting", target: 2 }] },
    { name: "KV cache 0.5", metrics: [{ name: "vllm_kv_cache_usage_perc", target: 0.5 }] },
];

export interface StrategyRow {
    readonly strategy: Strategy;
    readonly ranked: Ranked;
    readonly heldOut: readonly CaseRun[];
}

/** Every strategy on every case (tuning and held out), with the stack's replica bounds. */
export function compareStrategies(
    o: ScenarioOptions,
    tuning: readonly TuneCase[],
    heldOut: readonly TuneCase[],
    slo: Slo,
    strategies: readonly Strategy[] = STRATEGIES,
): StrategyRow[] {
    const { model } = resolveStack(o.stack, o.set);
    const candidates: Candidate[] = strategies.map((s) => {
        const autoscaling = {
            minReplicas: s.minReplicas ?? model.autoscaling.minReplicas,
            maxReplicas: model.autoscaling.maxReplicas,
            metrics: s.metrics,
        };
        return {
            autoscaling,
            behaviorName: "component default",
            set: `inference-autoscaling:autoscaling=${JSON.stringify(autoscaling)}`,
        };
    });
    const runs = tuneOverAll(o, [...tuning, ...heldOut], slo, candidates);
    return strategies.map((strategy, i) => ({
        strategy,
        ranked: rankedOf(candidates[i], runs[i].slice(0, tuning.length)),
        heldOut: runs[i].slice(tuning.length),
    }));
}
