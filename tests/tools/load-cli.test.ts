import { expect } from "chai";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { waitFor } from "../../harness/wait";
import { FakeKubectl } from "./support/fake-kubectl";
import { FakeOpenAI } from "./support/fake-openai";

const ROOT = path.resolve(__dirname, "..", "..");
const MAIN = path.join(ROOT, "tools", "load", "main.ts");

interface Running {
    child: ChildProcess;
    stdout: () => string;
    stderr: () => string;
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the load generator as `npm run load` does (ts-node, transpile only), stdout a pipe. */
function startLoad(args: string[], env: NodeJS.ProcessEnv = process.env): Running {
    const child = spawn(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", MAIN, ...args],
        {
            cwd: ROOT,
            env,
            stdio: ["ignore", "pipe", "pipe"],
        },
    );
    let out = "";
    let err = "";
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    return { child, stdout: () => out, stderr: () => err, exited };
}

async function exitWithin(run: Running, ms: number) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
            () => reject(new Error(`load generator still running ${ms}ms after the signal`)),
            ms,
        );
    });
    try {
        return await Promise.race([run.exited, timeout]);
    } finally {
        clearTimeout(timer);
    }
}

/**
 * Bounds, not expectations: a loaded machine may start ts-node slowly, so the waits end on events
 * and these only stop a test that would otherwise hang. A stop that waited for hung requests would
 * take the whole one-minute --duration, well past EXIT_TIMEOUT_MS.
 */
const EVENT_TIMEOUT_MS = 45_000;
const EXIT_TIMEOUT_MS = 20_000;

describe("load generator: command line (npm run load)", function () {
    this.timeout(EVENT_TIMEOUT_MS + EXIT_TIMEOUT_MS + 10_000);
    let server: FakeOpenAI;
    let kubectl: FakeKubectl;
    let running: Running | undefined;

    beforeEach(async () => {
        server = new FakeOpenAI();
        await server.start();
        kubectl = new FakeKubectl();
    });
    afterEach(async () => {
        if (running && running.child.exitCode === null && running.child.signalCode === null) {
            running.child.kill("SIGKILL");
            await running.exited;
        }
        running = undefined;
        await server.stop();
        kubectl.remove();
    });

    it("on SIGINT stops promptly, leaves no request open and prints the summary; progress and HPA lines are plain lines in a pipe", async () => {
        server.setHandler(() => "hang");
        const kubeconfig = path.join(kubectl.dir, "kubeconfig");
        fs.writeFileSync(kubeconfig, "apiVersion: v1\n");
        running = startLoad(
            [
                "--url",
                server.url,
                "--concurrency",
                "3",
                "--duration",
                "1m",
                "--hpa",
                "inference-vllm",
                "--namespace",
                "vllm-example",
                "--kubeconfig",
                kubeconfig,
            ],
            { ...process.env, PATH: kubectl.pathEnv() },
        );
        // Waits on the events (requests in flight, the progress and HPA lines), however slowly a
        // loaded machine gets there, and only then signals.
        const progress =
            /^\[\d\d:\d\d\/01:00\] {2}sent 3 {2}ok 0 {2}errors 0 {2}in flight 3 {2}last 10s: p50 - p95 - 0\.0 req\/s$/m;
        const hpaLine =
            "hpa vllm-example/inference-vllm: replicas 2 current, 3 desired (1..5)  vllm_num_requests_running 4500m/4";
        await waitFor(
            "3 requests in flight, a progress line saying so and the HPA line",
            () =>
                (server.open === 3 &&
                    progress.test(running!.stdout()) &&
                    running!.stdout().includes(hpaLine)) ||
                undefined,
            EVENT_TIMEOUT_MS,
            20,
        );

        running.child.kill("SIGINT");
        // Promptly: it does not wait for the three hung requests (they would hold it to --duration).
        const { code } = await exitWithin(running, EXIT_TIMEOUT_MS);
        expect(code).to.equal(130);
        expect(await server.settled()).to.equal(0);
        expect(server.requests).to.have.length(3);

        const out = running.stdout();
        expect(out).to.not.include("\x1b");
        expect(out).to.match(/^summary: stopped by SIGINT after \d+\.\ds$/m);
        expect(out).to.include("  requests    3 sent, 0 ok, 0 errors, 3 cancelled at stop\n");
        expect(kubectl.calls()[0]).to.equal(
            `get hpa inference-vllm -n vllm-example -o json|KUBECONFIG=${kubeconfig}`,
        );
    });

    it("on SIGTERM does the same and exits 143", async () => {
        server.setHandler(() => "hang");
        running = startLoad(["--url", server.url, "--concurrency", "2", "--duration", "1m"]);
        await waitFor(
            "2 requests in flight",
            () => server.open === 2 || undefined,
            EVENT_TIMEOUT_MS,
            20,
        );
        running.child.kill("SIGTERM");
        const { code } = await exitWithin(running, EXIT_TIMEOUT_MS);
        expect(code).to.equal(143);
        expect(await server.settled()).to.equal(0);
        expect(running.stdout()).to.include("summary: stopped by SIGTERM");
        expect(running.stdout()).to.include("2 sent, 0 ok, 0 errors, 2 cancelled at stop");
    });

    it("runs to --max-requests and summarises errors by kind, exit 0", async () => {
        server.setHandler((i) => (i === 0 ? { status: 500 } : { delayMs: 5 }));
        running = startLoad([
            "--url",
            server.url,
            "--concurrency",
            "2",
            "--max-requests",
            "6",
            "--duration",
            "30s",
        ]);
        const { code } = await exitWithin(running, EVENT_TIMEOUT_MS);
        expect(code).to.equal(0);
        const out = running.stdout();
        expect(out).to.match(/^summary: --max-requests reached after/m);
        expect(out).to.include("  requests    6 sent, 5 ok, 1 errors, 0 cancelled at stop\n");
        expect(out).to.include("  errors      http_500: 1\n");
        expect(out).to.match(
            /^ {2}latency {5}p50 \d+ms {2}p95 \d+ms {2}p99 \d+ms {2}\(successful requests\)$/m,
        );
        expect(out).to.match(/^ {2}throughput {2}[\d.]+ req\/s ok, 15 completion tokens/m);
    });

    it("`npm run load` rejects a bad flag with the exact message and exit code 2, sending nothing", () => {
        const result = spawnSync(
            "npm",
            ["run", "--silent", "load", "--", "--url", server.url, "--concurrency", "0"],
            {
                cwd: ROOT,
                encoding: "utf8",
                timeout: EVENT_TIMEOUT_MS,
            },
        );
        expect(result.status).to.equal(2);
        expect(result.stderr).to.include(
            'load: --concurrency "0": must be a whole number 1..1000\n',
        );
        expect(server.requests).to.have.length(0);
    });
});
