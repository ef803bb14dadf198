/**
 * Load generator for an OpenAI-compatible server (vLLM), replacing the seeds' request-looper.sh:
 *
 *   npm run load -- --url http://127.0.0.1:8080 --concurrency 16 --duration 5m \
 *       [--hpa inference-vllm --namespace vllm-example --kubeconfig ~/.kube/config]
 *
 * Exit code: 0 when the run ended by its caps, 1 when every request failed, 2 for a bad command
 * line, 130/143 when stopped by SIGINT/SIGTERM (the summary is printed in every case but 2).
 */
import { parseLoadArgs, ParsedArgs, UsageError, USAGE } from "./args";
import { HpaWatcher } from "./hpa";
import {
    formatDuration,
    formatHpa,
    formatProgress,
    formatSummary,
    ProgressPrinter,
} from "./report";
import { LoadRun } from "./runner";

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

async function main(argv: string[]): Promise<number> {
    let parsed: ParsedArgs;
    try {
        parsed = parseLoadArgs(argv);
    } catch (err) {
        if (err instanceof UsageError) {
            process.stderr.write(
                `load: ${err.message}\n(npm run load -- --help lists the flags)\n`,
            );
            return 2;
        }
        throw err;
    }
    if (parsed.help) {
        process.stdout.write(USAGE + "\n");
        return 0;
    }
    const options = parsed.options;
    const run = new LoadRun(options);
    const watcher = options.hpa ? new HpaWatcher(options.hpa) : undefined;
    const printer = new ProgressPrinter(process.stdout);

    let stoppedBy: string | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
        if (stoppedBy !== undefined) {
            // A second Ctrl-C while the summary is being made: leave at once.
            process.exit(SIGNAL_EXIT[signal] ?? 1);
        }
        stoppedBy = signal;
        run.stop("stopped");
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);

    const caps = [`for ${formatDuration(options.durationMs)}`];
    if (options.maxRequests !== undefined) {
        caps.push(`at most ${options.maxRequests} requests`);
    }
    process.stdout.write(
        `load: POST ${options.url}/v1/completions, model ${options.model}, ${options.concurrency} in flight, ` +
            `${caps.join(", ")}; Ctrl-C stops\n`,
    );

    const progress = () => {
        const lines = [formatProgress(run.elapsedMs(), options.durationMs, run.stats.snapshot())];
        if (options.hpa) {
            lines.push(formatHpa(options.hpa, watcher?.latest));
        }
        printer.update(lines);
    };
    void watcher?.start();
    const ticker = setInterval(progress, 1000);
    let result;
    try {
        result = await run.run();
    } finally {
        clearInterval(ticker);
        await watcher?.stop();
    }
    progress();
    process.stdout.write(formatSummary(result, stoppedBy) + "\n");

    if (stoppedBy !== undefined) {
        return SIGNAL_EXIT[stoppedBy] ?? 1;
    }
    return result.stats.succeeded === 0 && result.stats.errors > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
        process.stderr.write(
            `load: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
        );
        process.exit(1);
    },
);
