/** Command lines of `npm run simulate` and `npm run tune`. */
import { parseArgs } from "util";
import { ACCELERATORS, Accelerator } from "../components/vocabulary/accelerators";
import { PATTERNS, Pattern, readTrace, syntheticTrace, TraceRequest } from "./trace";
import { BUNDLED_TRACE } from "./runs";
import { DEFAULT_SLO, parseSlo } from "./slo";
import type { ScenarioOptions } from "./scenario";
import type { Slo } from "./summary";
import { GPU_IDS, GpuId, ModelConfig, MODELS } from "./hardware";
import type { EnginePointOptions } from "./engine-point";

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
    /** The flags that give this traffic again (`--trace FILE`, or `--pattern` with its `--hours` and `--rate`; none for the bundled hour). */
    traceFlags: string[];
    seed: number;
    slo: Slo;
    compare: boolean;
    compareStartup: boolean;
    out: string;
    price?: number;
}

/** A flag's number, above 0 (whole when `integer`), or an error naming the flag and its value. */
export function positiveFlag(name: string, v: string | undefined, integer = false): number {
    const n = Number(v);
    if (
        v === undefined ||
        v.trim() === "" ||
        !Number.isFinite(n) ||
        n <= 0 ||
        (integer && !Number.isInteger(n))
    ) {
        throw new Error(
            `--${name} ${v ?? "(missing)"}: expected ${integer ? "a whole number" : "a number"} above 0`,
        );
    }
    return n;
}

/** A flag naming a synthetic pattern, or an error listing them. */
export function patternFlag(name: string, v: string): Pattern {
    if (!(PATTERNS as readonly string[]).includes(v)) {
        throw new Error(`--${name} ${v}: expected one of ${PATTERNS.join(", ")}`);
    }
    return v as Pattern;
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
    const number = (name: string, v: string | undefined, fallback: number) =>
        v === undefined ? fallback : positiveFlag(name, v);
    const seed = Math.floor(number("seed", values.seed, 1));
    let trace: TraceRequest[];
    let traceName: string;
    let traceFlags: string[];
    if (values.pattern) {
        const pattern = patternFlag("pattern", values.pattern);
        const hours = number("hours", values.hours, 1);
        const rate = number("rate", values.rate, 2);
        trace = syntheticTrace({
            pattern,
            seed,
            duration: hours * 3600,
            meanRate: rate,
            promptMedian: 1024,
            outputMedian: 128,
        });
        traceName = `${values.pattern} pattern, seed ${seed}, ${hours} h`;
        traceFlags = ["--pattern", pattern, "--hours", String(hours), "--rate", String(rate)];
    } else {
        const file = values.trace ?? BUNDLED_TRACE;
        trace = readTrace(file);
        traceName = values.trace ? file : "Azure LLM code trace (1 h, CC-BY 4.0)";
        traceFlags = values.trace ? ["--trace", values.trace] : [];
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
        traceFlags,
        seed,
        slo: parseSlo(values.slo ?? DEFAULT_SLO),
        compare: values.compare === true,
        compareStartup: values["compare-startup"] === true,
        out: values.out ?? `out/simulate/${values.stack}`,
        price: values.price === undefined ? undefined : number("price", values.price, 1),
    };
}

export const ENGINE_USAGE = `usage: npm run -s simulate -- engine --model <id> --gpu <gpu> [--gpus N] --input TOKENS --output TOKENS
       (--batch N | --rate R|inf) [--requests N] [--seed N] [--max-num-seqs N] [--max-num-batched-tokens N]
       [--max-model-len N] [--params N --layers N --kv-heads N --head-dim N [--bytes-per-param B]] [--param name=value ...] [--json]
One replica's operating point, the engine fed directly (no HPA): mean TTFT, time per output token,
latency, throughput and the KV cache size, as vLLM's benchmarks measure them.
  --gpu       ${GPU_IDS.join(", ")} (--gpus: tensor parallel)
  --batch     N requests at once (vLLM's latency benchmark); --requests more run as successive batches
  --rate      Poisson arrivals, requests/s (vLLM's serving benchmark); inf: all at once; --requests default 1000
  --model     a catalog id (${Object.keys(MODELS).join(", ")}), or any id with --params, --layers, --kv-heads, --head-dim
              (from its config.json; --bytes-per-param 2 for BF16, 1 for FP8)`;

export interface EngineArgs {
    help: boolean;
    json: boolean;
    options: EnginePointOptions;
}

/** `npm run simulate -- engine ...`: one operating point of one replica. */
export function parseEngineArgs(argv: string[]): EngineArgs {
    const { values } = parseArgs({
        args: argv,
        options: {
            help: { type: "boolean", short: "h" },
            json: { type: "boolean" },
            model: { type: "string" },
            gpu: { type: "string" },
            gpus: { type: "string" },
            input: { type: "string" },
            output: { type: "string" },
            batch: { type: "string" },
            rate: { type: "string" },
            requests: { type: "string" },
            seed: { type: "string" },
            "max-num-seqs": { type: "string" },
            "max-num-batched-tokens": { type: "string" },
            "max-model-len": { type: "string" },
            params: { type: "string" },
            layers: { type: "string" },
            "kv-heads": { type: "string" },
            "head-dim": { type: "string" },
            "bytes-per-param": { type: "string" },
            param: { type: "string", multiple: true },
        },
        strict: true,
    });
    if (values.help === true) {
        return { help: true } as EngineArgs;
    }
    const required = (name: string, v: string | undefined): string => {
        if (v === undefined) {
            throw new Error(`--${name} is required (${ENGINE_USAGE.split("\n")[0]})`);
        }
        return v;
    };
    const gpu = required("gpu", values.gpu);
    if (!(GPU_IDS as readonly string[]).includes(gpu)) {
        throw new Error(`--gpu ${gpu}: expected one of ${GPU_IDS.join(", ")}`);
    }
    const modelId = required("model", values.model);
    const config = ["params", "layers", "kv-heads", "head-dim"] as const;
    const given = config.filter((f) => values[f] !== undefined);
    let model: string | ModelConfig = modelId;
    if (given.length > 0 || !(modelId in MODELS)) {
        const missing = config.filter((f) => values[f] === undefined);
        if (missing.length > 0) {
            throw new Error(
                `--model ${modelId}: ${modelId in MODELS ? "describing it needs" : "not in the catalog (" + Object.keys(MODELS).join(", ") + "); describe it with"} --params, --layers, --kv-heads and --head-dim from its config.json (missing: ${missing.map((f) => `--${f}`).join(", ")})`,
            );
        }
        model = {
            parameters: positiveFlag("params", values.params, false),
            layers: positiveFlag("layers", values.layers, true),
            kvHeads: positiveFlag("kv-heads", values["kv-heads"], true),
            headDim: positiveFlag("head-dim", values["head-dim"], true),
            bytesPerParameter:
                values["bytes-per-param"] === undefined
                    ? 2
                    : positiveFlag("bytes-per-param", values["bytes-per-param"], false),
            source: `--params ${values.params} --layers ${values.layers} --kv-heads ${values["kv-heads"]} --head-dim ${values["head-dim"]}`,
        };
    } else if (values["bytes-per-param"] !== undefined) {
        throw new Error(
            `--bytes-per-param ${values["bytes-per-param"]}: only with --params, --layers, --kv-heads and --head-dim`,
        );
    }
    if ((values.batch === undefined) === (values.rate === undefined)) {
        throw new Error(
            `give --batch N (requests at once) or --rate R|inf (Poisson arrivals), exactly one of them`,
        );
    }
    const rate =
        values.rate === undefined
            ? undefined
            : values.rate === "inf"
              ? Infinity
              : positiveFlag("rate", values.rate, false);
    const extraArgs: string[] = [];
    for (const flag of ["max-num-seqs", "max-num-batched-tokens", "max-model-len"] as const) {
        if (values[flag] !== undefined) {
            extraArgs.push(`--${flag}`, String(positiveFlag(flag, values[flag], true)));
        }
    }
    return {
        help: false,
        json: values.json === true,
        options: {
            gpu: gpu as GpuId,
            model,
            gpus: values.gpus === undefined ? 1 : positiveFlag("gpus", values.gpus, true),
            inputTokens: positiveFlag("input", required("input", values.input), true),
            outputTokens: positiveFlag("output", required("output", values.output), true),
            ...(values.batch === undefined
                ? { rate }
                : { batch: positiveFlag("batch", values.batch, true) }),
            ...(values.requests === undefined
                ? {}
                : { requests: positiveFlag("requests", values.requests, true) }),
            seed: values.seed === undefined ? 1 : positiveFlag("seed", values.seed, true),
            extraArgs,
            params: values.param ?? [],
        },
    };
}

/**
 * The `npm run simulate` command that runs `set` on the traffic, stack flags and SLO `args` were
 * parsed from, at `seed` (a synthetic pattern draws its requests with the same seed).
 */
export function simulateCommand(args: SimArgs, set: string, seed: number): string {
    const { stack, set: sets = [], params = [], accelerator } = args.scenario;
    const flags = [
        "--stack",
        stack,
        ...args.traceFlags,
        ...(accelerator ? ["--accelerator", accelerator] : []),
        ...sets.flatMap((s) => ["--set", s]),
        ...params.flatMap((p) => ["--param", p]),
        "--slo",
        `ttft-p${args.slo.percentile}=${args.slo.ttftSeconds}s`,
        "--seed",
        String(seed),
        "--set",
        set,
    ];
    const quoted = (f: string) => (/^[\w.:=/,+-]+$/.test(f) ? f : `'${f.replace(/'/g, "'\\''")}'`);
    return `npm run simulate -- ${flags.map(quoted).join(" ")}`;
}
