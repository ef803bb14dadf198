/**
 * Searches the autoscaling settings a stack can set (metric, target, behavior, minReplicas) for
 * the fewest GPU-hours that meet the SLO over a set of cases (a trace and a seed each), so that the
 * winner is not fitted to one seed of one hour. Every candidate is a stack setting, resolved and
 * simulated exactly as `npm run simulate --set` would: the winner, written into the stack file,
 * simulates to the same figures on each case.
 *
 * The ranking rule (RANKING_RULE): a candidate that meets the SLO on every tuning case beats any
 * that misses one; among those, the fewest mean GPU-hours over the cases wins, then the fewest
 * scale events. When none meets it everywhere: the most cases met, then the highest worst-case
 * share within the target, then the fewest mean GPU-hours. Cases of a held-out family are not
 * ranked on: the winner is run on them afterwards, to show how it does on traffic it was not tuned on.
 */
import type * as k8s from "@pulumi/kubernetes";
import { DEFAULT_BEHAVIOR } from "../components/settings/model";
import type { MetricName } from "../components/vocabulary/metrics";
import { lowerBound } from "./lower-bound";
import { resolveStack, scenario, ScenarioOptions, SimConfig } from "./scenario";
import { simulate } from "./simulate";
import { bestFixedCount, fixedRun, Slo, summarize, Summary } from "./summary";
import { Pattern, syntheticTrace, TraceRequest } from "./trace";

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

/** One thing to rank on: a trace and the seed of its run (and of its draws, for a synthetic one). */
export interface TuneCase {
    /** e.g. "bundled hour, seed 2" or "bursty, seed 1". */
    readonly name: string;
    /** "trace" for the user's (or the bundled) trace, else the synthetic pattern. */
    readonly family: string;
    readonly seed: number;
    readonly trace: readonly TraceRequest[];
}

export const RANKING_RULE =
    "meets the SLO on every tuning case, then fewest mean GPU-hours, then fewest scale events " +
    "(none meeting everywhere: most cases met, then highest worst-case share within target)";

/** Synthetic families tuned on by default, beside the trace: the diurnal, bursts, long prompts and long outputs. */
export const DEFAULT_FAMILIES: readonly Pattern[] = [
    "diurnal",
    "bursty",
    "long-prompts",
    "long-outputs",
];
/** The family held out by default: a 2-minute spike at five times the load, a shape tuning never sees. */
export const DEFAULT_HOLDOUT: Pattern = "spike";
export const DEFAULT_SEEDS: readonly number[] = [1, 2, 3];
/**
 * Synthetic cases are shorter than the bundled hour (15 minutes, so the default run stays near a
 * minute on two CPUs) and busier (8 requests/s on average, bursts to 24) so that one replica
 * does not serve them all and the scaling settings matter.
 */
export const SYNTHETIC = {
    durationSeconds: 900,
    meanRate: 8,
    promptMedian: 1024,
    outputMedian: 128,
} as const;

export interface CaseSetOptions {
    readonly trace: readonly TraceRequest[];
    /** How the trace is named in the report, e.g. "bundled hour". */
    readonly traceName: string;
    readonly seeds?: readonly number[];
    readonly families?: readonly Pattern[];
    /** The family held out of the ranking; "none" holds none out. */
    readonly holdout?: Pattern | "none";
    readonly syntheticSeconds?: number;
    readonly syntheticRate?: number;
}

/** The tuning cases (the trace at each seed, then each family at each seed) and the held-out ones. */
export function caseSet(o: CaseSetOptions): { tuning: TuneCase[]; heldOut: TuneCase[] } {
    const seeds = o.seeds ?? DEFAULT_SEEDS;
    const holdout = o.holdout ?? DEFAULT_HOLDOUT;
    const synthetic = (pattern: Pattern, seed: number): TuneCase => ({
        name: `${pattern}, seed ${seed}`,
        family: pattern,
        seed,
        trace: syntheticTrace({
            pattern,
            seed,
            duration: o.syntheticSeconds ?? SYNTHETIC.durationSeconds,
            meanRate: o.syntheticRate ?? SYNTHETIC.meanRate,
            promptMedian: SYNTHETIC.promptMedian,
            outputMedian: SYNTHETIC.outputMedian,
        }),
    });
    const tuning: TuneCase[] = seeds.map((seed) => ({
        name: `${o.traceName}, seed ${seed}`,
        family: "trace",
        seed,
        trace: o.trace,
    }));
    for (const family of o.families ?? DEFAULT_FAMILIES) {
        if (family !== holdout) {
            tuning.push(...seeds.map((seed) => synthetic(family, seed)));
        }
    }
    const heldOut = holdout === "none" ? [] : seeds.map((seed) => synthetic(holdout, seed));
    return { tuning, heldOut };
}

export interface CaseRun {
    readonly case: TuneCase;
    readonly summary: Summary;
}

export interface Ranked {
    readonly candidate: Candidate;
    /** One per tuning case, in the cases' order. */
    readonly runs: readonly CaseRun[];
    readonly casesMet: number;
    readonly meanGpuHours: number;
    readonly meanScaleEvents: number;
    /** The lowest share of requests within the target over the cases. */
    readonly worstWithinSlo: number;
}

export interface Spread {
    readonly gpuHours: readonly [number, number];
    /** TTFT at the SLO's percentile. */
    readonly ttft: readonly [number, number];
}

/** The fixed replica count meeting the SLO on every tuning case, if one up to maxReplicas does. */
export interface FixedAcross {
    readonly replicas?: number;
    readonly meanGpuHours?: number;
    readonly upTo: number;
}

export interface GeneralTuneResult {
    readonly best: Ranked;
    /** The winner met the SLO on every tuning case. */
    readonly met: boolean;
    readonly tried: number;
    readonly simulations: number;
    readonly spread: Spread;
    readonly heldOut: readonly CaseRun[];
    readonly fixedAcross: FixedAcross;
}

export function spreadOf(runs: readonly CaseRun[]): Spread {
    const g = runs.map((r) => r.summary.gpuHours);
    const t = runs.map((r) => r.summary.ttftAtSlo);
    return {
        gpuHours: [Math.min(...g), Math.max(...g)],
        ttft: [Math.min(...t), Math.max(...t)],
    };
}

export function rankedOf(candidate: Candidate, runs: readonly CaseRun[]): Ranked {
    const mean = (f: (s: Summary) => number) =>
        runs.reduce((sum, r) => sum + f(r.summary), 0) / Math.max(1, runs.length);
    return {
        candidate,
        runs,
        casesMet: runs.filter((r) => r.summary.meetsSlo).length,
        meanGpuHours: mean((s) => s.gpuHours),
        meanScaleEvents: mean((s) => s.scaleEvents),
        worstWithinSlo: Math.min(...runs.map((r) => r.summary.withinSlo)),
    };
}

/** The ranking rule, as a comparison of fully evaluated candidates (negative: a ranks first). */
export function compareRanked(a: Ranked, b: Ranked): number {
    const n = a.runs.length;
    const allA = a.casesMet === n;
    const allB = b.casesMet === n;
    if (allA !== allB) {
        return allA ? -1 : 1;
    }
    if (allA) {
        return a.meanGpuHours - b.meanGpuHours || a.meanScaleEvents - b.meanScaleEvents;
    }
    return (
        b.casesMet - a.casesMet ||
        b.worstWithinSlo - a.worstWithinSlo ||
        a.meanGpuHours - b.meanGpuHours
    );
}

export interface TuneOverOptions {
    readonly heldOut?: readonly TuneCase[];
    /** The candidates to rank (default: candidates(o)). */
    readonly candidates?: readonly Candidate[];
    readonly onProgress?: (simulations: number, note: string) => void;
}

/**
 * Ranks the candidates over the tuning cases by RANKING_RULE. The winner is the one a full
 * evaluation of every candidate on every case would pick, found with fewer simulations: a
 * candidate stops at its first missed case (it can no longer win while another meets them all),
 * or once its GPU-hours so far plus a floor for the cases left (its minReplicas held through each
 * trace, or the lower bound, whichever is larger) exceed the best complete total. Every candidate
 * runs the first case; those meeting it go on in order of their GPU-hours there, each one's
 * cases in order of how many candidates have missed them, so a good total and a miss come early. Only when no candidate meets every case are all
 * evaluated everywhere, for the fallback ranking.
 */
export function tuneOver(
    o: ScenarioOptions,
    cases: readonly TuneCase[],
    slo: Slo,
    options: TuneOverOptions = {},
): GeneralTuneResult {
    if (cases.length === 0) {
        throw new Error("tune: no cases to tune on");
    }
    const all = options.candidates ?? candidates(o);
    const configs = all.map((c) => candidateConfig(o, c));
    let simulations = 0;
    const memo = new Map<string, Summary>();
    const runOf = (i: number, k: number): Summary => {
        const key = `${i}:${k}`;
        let summary = memo.get(key);
        if (!summary) {
            const c = cases[k];
            summary = runCase(configs[i], c, slo);
            memo.set(key, summary);
            simulations++;
            options.onProgress?.(simulations, c.name);
        }
        return summary;
    };
    const base = configs[0];
    const boundHours = cases.map(
        (c) => lowerBound(base, c.trace, slo.ttftSeconds, slo.percentile).gpuSeconds / 3600,
    );
    const floor = (cfg: SimConfig, k: number) => {
        const trace = cases[k].trace;
        const last = trace.length > 0 ? trace[trace.length - 1].arrival : 0;
        return Math.max(boundHours[k], (cfg.minReplicas * cfg.gpusPerPod * last) / 3600);
    };
    const full = (i: number) =>
        rankedOf(
            all[i],
            cases.map((c, k) => ({ case: c, summary: runOf(i, k) })),
        );

    // Every candidate on the first case; those meeting it in order of its GPU-hours there, so a
    // good complete total comes early; then cases that have made others miss first, so a
    // candidate that misses one stops soon.
    const first = all.map((_, i) => runOf(i, 0));
    const order = all
        .map((_, i) => i)
        .filter((i) => first[i].meetsSlo)
        .sort((a, b) => first[a].gpuHours - first[b].gpuHours || a - b);
    const misses = cases.map((_, k) => (k === 0 ? all.length - order.length : 0));
    let best: Ranked | undefined;
    for (const i of order) {
        const caseOrder = cases.map((_, k) => k).sort((a, b) => misses[b] - misses[a] || a - b);
        let rest = caseOrder.reduce((sum, k) => sum + floor(configs[i], k), 0);
        let total = 0;
        let ok = true;
        for (const k of caseOrder) {
            if (best && total + rest > best.meanGpuHours * cases.length + 1e-9) {
                ok = false;
                break;
            }
            const summary = runOf(i, k);
            if (!summary.meetsSlo) {
                misses[k]++;
                ok = false;
                break;
            }
            total += summary.gpuHours;
            rest -= floor(configs[i], k);
        }
        if (ok) {
            const ranked = full(i);
            if (!best || compareRanked(ranked, best) < 0) {
                best = ranked;
            }
        }
    }
    if (!best) {
        best = all.map((_, i) => full(i)).sort(compareRanked)[0];
    }
    const met = best.casesMet === cases.length;
    const winner = configs[all.indexOf(best.candidate)];
    const heldOut = (options.heldOut ?? []).map((c) => {
        simulations++;
        options.onProgress?.(simulations, `held out: ${c.name}`);
        return {
            case: c,
            summary: summarize(
                simulate(winner, c.trace, { seed: c.seed }),
                c.trace,
                slo,
                undefined,
                {
                    reference: true,
                },
            ),
        };
    });
    return {
        best,
        met,
        tried: all.length,
        simulations,
        spread: spreadOf(best.runs),
        heldOut,
        fixedAcross: fixedAcross(base, cases, slo),
    };
}

/** The stack with a candidate's setting applied, as `npm run simulate --set` resolves it. */
function candidateConfig(o: ScenarioOptions, c: Candidate): SimConfig {
    return scenario({ ...o, set: [...(o.set ?? []), c.set], label: "tuned" });
}

/** One configuration on one case: its trace at its seed, summarised against the SLO. */
function runCase(cfg: SimConfig, c: TuneCase, slo: Slo): Summary {
    return summarize(simulate(cfg, c.trace, { seed: c.seed }), c.trace, slo);
}

/** Every candidate on every case, without pruning: one row of case runs per candidate. */
export function tuneOverAll(
    o: ScenarioOptions,
    cases: readonly TuneCase[],
    slo: Slo,
    all: readonly Candidate[],
): CaseRun[][] {
    return all.map((c) => {
        const cfg = candidateConfig(o, c);
        return cases.map((k) => ({ case: k, summary: runCase(cfg, k, slo) }));
    });
}

/**
 * The reachable reference over several cases: the fewest replicas held fixed that meet the SLO
 * on every case (at least each case's own best fixed count), with its mean GPU-hours.
 */
export function fixedAcross(cfg: SimConfig, cases: readonly TuneCase[], slo: Slo): FixedAcross {
    const own = cases.map((c) => bestFixedCount(cfg, c.trace, slo, c.seed));
    if (own.some((f) => f.replicas === undefined)) {
        return { upTo: cfg.maxReplicas };
    }
    for (let n = Math.max(...own.map((f) => f.replicas as number)); n <= cfg.maxReplicas; n++) {
        const runs = cases.map((c, k) =>
            own[k].replicas === n
                ? { meetsSlo: true, gpuHours: own[k].gpuHours as number }
                : fixedRun(cfg, c.trace, slo, c.seed, n),
        );
        if (runs.every((r) => r.meetsSlo)) {
            return {
                replicas: n,
                meanGpuHours: runs.reduce((s, r) => s + r.gpuHours, 0) / runs.length,
                upTo: cfg.maxReplicas,
            };
        }
    }
    return { upTo: cfg.maxReplicas };
}

export interface TuneResult {
    readonly best: { candidate: Candidate; summary: Summary };
    readonly met: boolean;
    readonly tried: number;
}

/** One trace at one seed: the candidate meeting the SLO with the fewest GPU-hours; if none meets it, the one closest to it. */
export function tune(
    o: ScenarioOptions,
    trace: readonly TraceRequest[],
    slo: Slo,
    seed: number,
    onProgress?: (done: number, of: number) => void,
): TuneResult {
    const tried = candidates(o).length;
    const r = tuneOver(o, [{ name: `seed ${seed}`, family: "trace", seed, trace }], slo, {
        onProgress: onProgress ? (done) => onProgress(Math.min(done, tried), tried) : undefined,
    });
    return {
        best: { candidate: r.best.candidate, summary: r.best.runs[0].summary },
        met: r.met,
        tried,
    };
}
