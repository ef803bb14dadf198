/**
 * `npm run tune`: the cheapest autoscaling settings that meet the SLO over several traces and
 * seeds, as a stack-file snippet, with their spread and how they do on a held-out family.
 */
import * as yaml from "js-yaml";
import { parseArgs } from "util";
import { parseSimArgs, patternFlag, positiveFlag, simulateCommand, TUNE_USAGE } from "./args";
import { fixedCell } from "./summary";
import type { Slo } from "./summary";
import { compareStrategies, StrategyRow } from "./strategies";
import { PATTERNS } from "./trace";
import {
    caseSet,
    CaseRun,
    DEFAULT_FAMILIES,
    DEFAULT_HOLDOUT,
    DEFAULT_SEEDS,
    RANKING_RULE,
    spreadOf,
    SYNTHETIC,
    tuneOver,
} from "./tune";

const USAGE = `${TUNE_USAGE}
Ranks every configuration over several cases: the trace (default: the bundled hour) at each seed,
and each synthetic family at each seed (${SYNTHETIC.durationSeconds / 60} min at ${SYNTHETIC.meanRate} requests/s; shorter than the
hour so the run stays near a minute). Rule: ${RANKING_RULE}.
The held-out family is not ranked on: the winner is run on it afterwards.
  --seeds      seeds of every case (default ${DEFAULT_SEEDS.join(",")})
  --families   synthetic families tuned on (default ${DEFAULT_FAMILIES.join(",")}; any of ${PATTERNS.join(", ")}, or none)
  --holdout    the family held out (default ${DEFAULT_HOLDOUT}; none: no held-out case)
  --synthetic-minutes, --synthetic-rate   length and mean requests/s of the synthetic cases
  --compare    instead of searching, run the named strategies (the seeds', the defaults, the usual
               alternatives) on every case, tuning and held out, and print one row each`;

const TUNE_FLAGS = ["seeds", "families", "holdout", "synthetic-minutes", "synthetic-rate"];

/** Splits tune's own flags from the ones it shares with simulate. */
function splitArgs(argv: string[]): { own: Record<string, string>; rest: string[] } {
    const own: Record<string, string> = {};
    const rest: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
        if (m && TUNE_FLAGS.includes(m[1])) {
            const value = m[2] ?? argv[++i];
            if (value === undefined) {
                throw new Error(`--${m[1]} needs a value`);
            }
            own[m[1]] = value;
        } else {
            rest.push(argv[i]);
        }
    }
    // Checked as strictly as the shared flags.
    parseArgs({
        args: Object.entries(own).flatMap(([k, v]) => [`--${k}`, v]),
        options: Object.fromEntries(TUNE_FLAGS.map((f) => [f, { type: "string" as const }])),
        strict: true,
    });
    return { own, rest };
}

function main(argv: string[]): number {
    const compare = argv.includes("--compare");
    const { own, rest } = splitArgs(argv.filter((a) => a !== "--compare"));
    const args = parseSimArgs(rest);
    if (args.help) {
        console.log(USAGE);
        return 0;
    }
    const started = Date.now();
    const seeds = own.seeds
        ? own.seeds.split(",").map((s) => Math.floor(positiveFlag("seeds", s)))
        : DEFAULT_SEEDS;
    const families =
        own.families === undefined
            ? DEFAULT_FAMILIES
            : own.families === "none"
              ? []
              : own.families.split(",").map((f) => patternFlag("families", f));
    const holdout =
        own.holdout === undefined
            ? DEFAULT_HOLDOUT
            : own.holdout === "none"
              ? "none"
              : patternFlag("holdout", own.holdout);
    const minutes = own["synthetic-minutes"]
        ? positiveFlag("synthetic-minutes", own["synthetic-minutes"])
        : SYNTHETIC.durationSeconds / 60;
    const rate = own["synthetic-rate"]
        ? positiveFlag("synthetic-rate", own["synthetic-rate"])
        : SYNTHETIC.meanRate;
    const traceLabel = args.traceName.startsWith("Azure LLM code trace")
        ? "bundled hour"
        : args.traceName;
    const { tuning, heldOut } = caseSet({
        trace: args.trace,
        traceName: traceLabel,
        seeds,
        families,
        holdout,
        syntheticSeconds: minutes * 60,
        syntheticRate: rate,
    });
    if (compare) {
        const rows = compareStrategies(args.scenario, tuning, heldOut, args.slo);
        printComparison(rows, args.slo, tuning.length, heldOut.length);
        return 0;
    }
    const result = tuneOver(args.scenario, tuning, args.slo, {
        heldOut,
        onProgress: (done) => {
            if (done % 10 === 0) {
                process.stderr.write(`\rsimulated ${done} runs`);
            }
        },
    });
    process.stderr.write("\n");
    const seconds = (Date.now() - started) / 1000;
    const slo = `ttft-p${args.slo.percentile}=${args.slo.ttftSeconds}s`;
    const p = `p${args.slo.percentile}`;
    const tunedFamilies = families.filter((f) => f !== holdout);
    console.log(
        `# Tuned on ${tuning.length} cases: ${args.traceName}` +
            (tunedFamilies.length > 0
                ? ` and ${tunedFamilies.join(", ")} (synthetic, ${minutes} min at ${rate} requests/s)`
                : "") +
            `, each at seeds ${seeds.join(",")}; held out: ${holdout === "none" ? "none" : `${holdout} at seeds ${seeds.join(",")}`}`,
    );
    console.log(`# Rule: ${RANKING_RULE}`);
    console.log(
        `# ${result.tried} configurations, ${result.simulations} simulations, ${seconds.toFixed(0)} s`,
    );
    const { best } = result;
    console.log(
        result.met
            ? `# Winner meets ${slo} on every tuning case: mean ${best.meanGpuHours.toFixed(2)} GPU-hours, behavior: ${best.candidate.behaviorName}`
            : `# No configuration meets ${slo} on every tuning case; the closest meets it on ${best.casesMet} of ${tuning.length} (mean ${best.meanGpuHours.toFixed(2)} GPU-hours, behavior: ${best.candidate.behaviorName})`,
    );
    const { spread } = result;
    console.log(
        `# Spread over the tuning cases: GPU-hours ${spread.gpuHours[0].toFixed(2)}-${spread.gpuHours[1].toFixed(2)}, ` +
            `TTFT ${p} ${spread.ttft[0].toFixed(2)}-${spread.ttft[1].toFixed(2)} s`,
    );
    const fa = result.fixedAcross;
    console.log(
        fa.replicas === undefined || fa.meanGpuHours === undefined
            ? `# Best fixed count over the tuning cases: none up to ${fa.upTo} replicas meets ${slo} on every case`
            : `# Best fixed count over the tuning cases: ${fa.replicas} replicas, mean ${fa.meanGpuHours.toFixed(2)} GPU-hours (the winner: ${(best.meanGpuHours / fa.meanGpuHours).toFixed(2)} x)`,
    );
    const row = (r: CaseRun) => [
        r.case.name,
        r.summary.meetsSlo ? "met" : "MISSED",
        r.summary.gpuHours.toFixed(2),
        Number.isFinite(r.summary.ttftAtSlo) ? `${r.summary.ttftAtSlo.toFixed(2)} s` : "never",
        fixedCell(r.summary),
        `${r.summary.lowerBoundGpuHours.toFixed(2)}`,
    ];
    const header = ["case", "SLO", "GPU-h", `TTFT ${p}`, "vs best fixed count", "lower bound"];
    const held = result.heldOut.map(row);
    const table = [header, ...best.runs.map(row), ...held];
    const widths = header.map((_, i) => Math.max(...table.map((r) => r[i].length)));
    const line = (r: string[]) =>
        `#   ${r
            .map((c, i) => c.padEnd(widths[i]))
            .join("  ")
            .trimEnd()}`;
    console.log(line(header));
    best.runs.forEach((r) => console.log(line(row(r))));
    if (held.length > 0) {
        const missed = result.heldOut.filter((r) => !r.summary.meetsSlo).length;
        console.log(
            `# Held out (not tuned on): ${holdout}: ${missed === 0 ? `met ${slo} on all ${held.length}` : `MISSED ${slo} on ${missed} of ${held.length}`}`,
        );
        held.forEach((r) => console.log(line(r)));
    }
    const snippet = yaml.dump(
        { config: { "inference-autoscaling:autoscaling": best.candidate.autoscaling } },
        { lineWidth: 120 },
    );
    console.log(snippet.trimEnd());
    // The first tuning case again. A pattern's seed also draws its requests, so its check runs at
    // that seed: a tuning case when it is among --seeds.
    const checkSeed = args.traceFlags[0] === "--pattern" ? args.seed : seeds[0];
    console.log(`# check it: ${simulateCommand(args, best.candidate.set, checkSeed)}`);
    return 0;
}

/** One row per strategy: cases met, GPU-hours (mean, spread), TTFT spread, held-out cases met. */
function printComparison(
    rows: readonly StrategyRow[],
    slo: Slo,
    tuned: number,
    held: number,
): void {
    const p = `p${slo.percentile}`;
    const header = [
        "strategy",
        `SLO met (of ${tuned})`,
        "GPU-h mean (min-max)",
        `TTFT ${p} (min-max)`,
        `held out met (of ${held})`,
    ];
    const seconds = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "never");
    const table = [
        header,
        ...rows.map((r) => {
            const spread = spreadOf(r.ranked.runs);
            return [
                r.strategy.name,
                String(r.ranked.casesMet),
                `${r.ranked.meanGpuHours.toFixed(2)} (${spread.gpuHours[0].toFixed(2)}-${spread.gpuHours[1].toFixed(2)})`,
                `${seconds(spread.ttft[0])}-${seconds(spread.ttft[1])} s`,
                String(r.heldOut.filter((h) => h.summary.meetsSlo).length),
            ];
        }),
    ];
    const widths = header.map((_, i) => Math.max(...table.map((r) => r[i].length)));
    for (const r of table) {
        console.log(
            r
                .map((c, i) => c.padEnd(widths[i]))
                .join("  ")
                .trimEnd(),
        );
    }
}

try {
    process.exitCode = main(process.argv.slice(2));
} catch (err) {
    console.error(`tune: ${(err as Error).message}`);
    process.exitCode = 2;
}
