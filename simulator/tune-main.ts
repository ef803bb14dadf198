/** `npm run tune`: the cheapest autoscaling settings that meet the SLO, as a stack-file snippet. */
import * as yaml from "js-yaml";
import { parseSimArgs, TUNE_USAGE } from "./args";
import { tune } from "./tune";

function main(argv: string[]): number {
    const args = parseSimArgs(argv);
    if (args.help) {
        console.log(TUNE_USAGE);
        return 0;
    }
    const result = tune(args.scenario, args.trace, args.slo, args.seed, (done, of) => {
        if (done % 10 === 0 || done === of) {
            process.stderr.write(`\rsimulated ${done}/${of} configurations`);
        }
    });
    process.stderr.write("\n");
    const { candidate, summary } = result.best;
    const slo = `ttft-p${args.slo.percentile}=${args.slo.ttftSeconds}s`;
    console.log(
        result.met
            ? `# Fewest GPU-hours meeting ${slo} among ${result.tried} configurations, on ${args.traceName}:`
            : `# No configuration of the ${result.tried} tried meets ${slo} on ${args.traceName}; the closest:`,
    );
    console.log(
        `# ${summary.gpuHours.toFixed(2)} GPU-hours (${summary.ratioToLowerBound.toFixed(2)} x the lower bound), TTFT p${args.slo.percentile} ` +
            `${(args.slo.percentile === 99 ? summary.ttft.p99 : summary.ttft.p95).toFixed(2)} s, ${(100 * summary.withinSlo).toFixed(1)} % within ${args.slo.ttftSeconds} s, ` +
            `peak ${summary.peakReplicas} replicas, behavior: ${candidate.behaviorName}`,
    );
    const snippet = yaml.dump(
        { config: { "inference-autoscaling:autoscaling": candidate.autoscaling } },
        { lineWidth: 120 },
    );
    console.log(snippet.trimEnd());
    console.log(
        `# check it: npm run simulate -- --stack ${args.scenario.stack} --slo ${slo} --set '${candidate.set}'`,
    );
    return 0;
}

try {
    process.exitCode = main(process.argv.slice(2));
} catch (err) {
    console.error(`tune: ${(err as Error).message}`);
    process.exitCode = 2;
}
