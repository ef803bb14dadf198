/** `npm run simulate`: one configuration, or (--compare) the defaults, the seeds' setup and yours. */
import { parseSimArgs, SIMULATE_USAGE } from "./args";
import { writeRun } from "./output";
import { componentDefaults, seedsSetup, startupVariants, userStack } from "./runs";
import type { SimConfig } from "./scenario";
import { simulate } from "./simulate";
import { summarize, summaryTable } from "./summary";

function main(argv: string[]): number {
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
    const summaries = results.map((r) => summarize(r, args.trace, args.slo, args.price));
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
