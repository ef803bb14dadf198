/**
 * `npm run simulate`: one configuration, or (--compare) the defaults, the seeds' setup and yours;
 * `npm run simulate -- engine ...`: one replica's operating point (engine-point.ts).
 */
import { ENGINE_USAGE, parseEngineArgs, parseSimArgs, SIMULATE_USAGE } from "./args";
import { enginePoint } from "./engine-point";
import { writeRun } from "./output";
import { componentDefaults, seedsSetup, startupVariants, userStack } from "./runs";
import type { SimConfig } from "./scenario";
import { simulate } from "./simulate";
import { summarize, summaryTable } from "./summary";

/** `engine`: one operating point, as JSON (--json) or as lines a person reads. */
function engine(argv: string[]): number {
    const args = parseEngineArgs(argv);
    if (args.help) {
        console.log(ENGINE_USAGE);
        return 0;
    }
    const p = enginePoint(args.options);
    if (args.json) {
        console.log(JSON.stringify(p, null, 2));
        return 0;
    }
    const o = args.options;
    const model = typeof o.model === "string" ? o.model : "the model described";
    console.log(
        [
            `${model} on ${o.gpus} x ${o.gpu}, ${o.inputTokens} -> ${o.outputTokens} tokens, ${o.batch !== undefined ? `batch ${o.batch}` : `${o.rate} req/s`}, ${p.requests} requests`,
            `  time to first token   ${(p.ttftSeconds * 1000).toFixed(1)} ms (mean)`,
            `  time per output token ${(p.tpotSeconds * 1000).toFixed(2)} ms (mean)`,
            `  latency               ${p.latencySeconds.toFixed(3)} s (mean)`,
            `  throughput            ${p.throughputRequestsPerSecond.toFixed(2)} req/s, ${p.outputTokensPerSecond.toFixed(0)} output tokens/s`,
            `  KV cache              ${p.kvCacheTokens} tokens; ${p.preemptions} preemptions, ${p.rejected} refused`,
        ].join("\n"),
    );
    return 0;
}

function main(argv: string[]): number {
    if (argv[0] === "engine") {
        return engine(argv.slice(1));
    }
    const args = parseSimArgs(argv);
    if (args.help) {
        console.log(SIMULATE_USAGE);
        return 0;
    }
    const configs: SimConfig[] = args.compare
        ? [
              componentDefaults(args.scenario),
              seedsSetup(args.scenario),
              userStack({ ...args.scenario, label: "your stack" }),
          ]
        : args.compareStartup
          ? startupVariants(args.scenario)
          : [userStack(args.scenario)];
    const long = args.trace.length > 0 && args.trace[args.trace.length - 1].arrival > 4 * 3600;
    const results = configs.map((cfg) =>
        simulate(cfg, args.trace, {
            seed: args.seed,
            onProgress: long
                ? (done) => process.stderr.write(`\r${cfg.label}: ${(100 * done).toFixed(0)} %`)
                : undefined,
        }),
    );
    if (long) {
        process.stderr.write("\n");
    }
    const summaries = results.map((r) =>
        summarize(r, args.trace, args.slo, args.price, { reference: true }),
    );
    const cfg = configs[configs.length - 1];
    console.log(
        `${args.traceName}: ${args.trace.length} requests; ${cfg.model} on ${cfg.accelerator} (${cfg.cloud}, ${cfg.backend})\n`,
    );
    console.log(summaryTable(summaries, args.slo));
    const files = writeRun(
        args.out,
        `${args.traceName}: ${cfg.model} on ${cfg.accelerator}`,
        results,
        summaries,
        args.slo,
    );
    console.log(`\nwrote ${files.join(", ")}`);
    return 0;
}

try {
    process.exitCode = main(process.argv.slice(2));
} catch (err) {
    console.error(`simulate: ${(err as Error).message}`);
    process.exitCode = 2;
}
