/** Command lines of `npm run simulate` and `npm run tune`. */
import { parseArgs } from "util";
import { ACCELERATORS, Accelerator } from "../components/vocabulary/accelerators";
import { PATTERNS, Pattern, readTrace, syntheticTrace, TraceRequest } from "./trace";
import { BUNDLED_TRACE } from "./runs";
import { DEFAULT_SLO, parseSlo } from "./slo";
import type { ScenarioOptions } from "./scenario";
import type { Slo } from "./summary";

export const SIMULATE_USAGE = `usage: npm run simulate -- --stack <name> [--trace FILE | --pattern ${PATTERNS.join("|")} [--seed N] [--hours H] [--rate R]]
       [--set namespace:key=value ...] [--param name=value ...] [--slo ${DEFAULT_SLO}] [--compare | --compare-startup] [--out DIR] [--price USD]
Replays traffic through the stack's autoscaling as configured (the same resolved settings the
component deploys) and writes DIR/timeline.csv, DIR/summary.json, DIR/chart.svg and DIR/chart.png
(DIR defaults to out/simulate/<stack>).
  --trace     Azure LLM trace CSV (TIMESTAMP,ContextTokens,GeneratedTokens) or arrival_seconds,prompt_tokens,output_tokens;
              default: the bundled hour of Azure production traffic (CC-BY 4.0, simulator/traces/README.md)
  --pattern   seeded synthetic traffic instead (--hours, default 1; --rate, mean requests/s, default 2)
  --set       stack config overrides, as for npm run render (e.g. inference-autoscaling:autoscaling.maxReplicas=8)
  --param     engine figures and delays, e.g. kvCacheTokens=200000 or nodeProvisionSeconds=120 (simulator/hardware.ts, delays.ts)
  --accelerator  for stacks without a GPU pool of their own: ${ACCELERATORS.join(", ")}
  --compare   also run the component's defaults and the seeds' setup on the same traffic, side by side
  --compare-startup  the stack cold, with image pre-pull and model cache, and with one node of warm headroom
  --price     USD per GPU-hour (default: the stack machine's list price, simulator/prices.ts)`;

export const TUNE_USAGE = `usage: npm run tune -- --stack <name> [--trace FILE | --pattern ...] [--slo ${DEFAULT_SLO}] [--set ...] [--param ...]
Searches scaling metric, target, behavior and minReplicas for the fewest GPU-hours that meet the
SLO on the traffic, and prints the result as a stack-file snippet with its figures.`;

export interface SimArgs {
    help: boolean;
    scenario: ScenarioOptions;
    trace: TraceRequest[];
    traceName: string;
    seed: number;
    slo: Slo;
    compare: boolean;
    compareStartup: boolean;
    out: string;
    price?: number;
}

export function parseSimArgs(argv: string[]): SimArgs {
    const { values } = parseArgs({
        args: argv,
        options: {
            help: { type: "boolean", short: "h" },
            stack: { type: "string" },
            trace: { type: "string" },
            pattern: { type: "string" },
            seed: { type: "string" },
            hours: { type: "string" },
            rate: { type: "string" },
            set: { type: "string", multiple: true },
            param: { type: "string", multiple: true },
            accelerator: { type: "string" },
            slo: { type: "string" },
            compare: { type: "boolean" },
            "compare-startup": { type: "boolean" },
            out: { type: "string" },
            price: { type: "string" },
        },
        strict: true,
    });
    const help = values.help === true;
    if (help) {
        return { help } as SimArgs;
    }
    if (!values.stack) {
        throw new Error("--stack is required (gke, eks, aks or kubernetes)");
    }
    if (values.compare && values["compare-startup"]) {
        throw new Error("give --compare or --compare-startup, not both");
    }
    if (values.trace && values.pattern) {
        throw new Error("give --trace or --pattern, not both");
    }
    const number = (name: string, v: string | undefined, fallback: number) => {
        const n = v === undefined ? fallback : Number(v);
        if (!Number.isFinite(n) || n <= 0) {
            throw new Error(`--${name} ${v}: expected a number above 0`);
        }
        return n;
    };
    const seed = Math.floor(number("seed", values.seed, 1));
    let trace: TraceRequest[];
    let traceName: string;
    if (values.pattern) {
        if (!(PATTERNS as readonly string[]).includes(values.pattern)) {
            throw new Error(`--pattern ${values.pattern}: expected one of ${PATTERNS.join(", ")}`);
        }
        const hours = number("hours", values.hours, 1);
        trace = syntheticTrace({
            pattern: values.pattern as Pattern,
            seed,
            duration: hours * 3600,
            meanRate: number("rate", values.rate, 2),
            promptMedian: 1024,
            outputMedian: 128,
        });
        traceName = `${values.pattern} pattern, seed ${seed}, ${hours} h`;
    } else {
        const file = values.trace ?? BUNDLED_TRACE;
        trace = readTrace(file);
        traceName = values.trace ? file : "Azure LLM code trace (1 h, CC-BY 4.0)";
    }
    if (values.accelerator && !(ACCELERATORS as readonly string[]).includes(values.accelerator)) {
        throw new Error(
            `--accelerator ${values.accelerator}: expected one of ${ACCELERATORS.join(", ")}`,
        );
    }
    return {
        help,
        scenario: {
            stack: values.stack,
            set: values.set ?? [],
            params: values.param ?? [],
            accelerator: values.accelerator as Accelerator | undefined,
        },
        trace,
        traceName,
        seed,
        slo: parseSlo(values.slo ?? DEFAULT_SLO),
        compare: values.compare === true,
        compareStartup: values["compare-startup"] === true,
        out: values.out ?? `out/simulate/${values.stack}`,
        price: values.price === undefined ? undefined : number("price", values.price, 1),
    };
}
