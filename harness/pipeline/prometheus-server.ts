/**
 * A real Prometheus server (Debian's `prometheus` package) for one test: it listens on a free
 * loopback port, keeps its TSDB in a temporary directory, and is always stopped by `stop()`, which
 * the test calls from an after() hook; a process exit kills it too.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { requireBinary } from "../binaries";
import { waitFor } from "../wait";

export interface VectorSample {
    metric: Record<string, string>;
    value: number;
}

const running = new Set<ChildProcess>();
process.on("exit", () => running.forEach((p) => p.kill("SIGKILL")));

/** A port on 127.0.0.1 that was free a moment ago. */
function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PrometheusServer {
    private log = "";

    private constructor(
        private readonly proc: ChildProcess,
        private readonly dir: string,
        readonly url: string,
    ) {
        proc.stdout?.on("data", (d: Buffer) => (this.log += d.toString()));
        proc.stderr?.on("data", (d: Buffer) => (this.log += d.toString()));
    }

    /**
     * Starts Prometheus with `config` (prometheus.yml) and the extra files it references (rule
     * files), written to a fresh temporary directory; resolves once /-/ready answers.
     */
    static async start(
        config: string,
        files: Record<string, string> = {},
    ): Promise<PrometheusServer> {
        const binary = requireBinary("prometheus");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prometheus-test-"));
        fs.writeFileSync(path.join(dir, "prometheus.yml"), config);
        for (const [name, content] of Object.entries(files)) {
            fs.writeFileSync(path.join(dir, name), content);
        }
        const port = await freePort();
        const proc = spawn(
            binary,
            [
                `--config.file=${path.join(dir, "prometheus.yml")}`,
                `--storage.tsdb.path=${path.join(dir, "data")}`,
                `--web.listen-address=127.0.0.1:${port}`,
                "--log.level=warn",
            ],
            { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
        );
        running.add(proc);
        const server = new PrometheusServer(proc, dir, `http://127.0.0.1:${port}`);
        try {
            await waitFor(
                "Prometheus to become ready",
                async () => {
                    if (proc.exitCode !== null) {
                        throw new Error(`prometheus exited with ${proc.exitCode}:\n${server.log}`);
                    }
                    const res = await fetch(`${server.url}/-/ready`);
                    return res.ok ? true : undefined;
                },
                20_000,
                250,
            );
        } catch (err) {
            await server.stop();
            throw err;
        }
        return server;
    }

    /** GETs an HTTP API endpoint; `T` is the shape of `data` that endpoint documents. */
    private async api<T>(pathAndQuery: string): Promise<T> {
        const res = await fetch(`${this.url}${pathAndQuery}`);
        const body = (await res.json()) as { status: string; data: T; error?: string };
        if (body.status !== "success") {
            throw new Error(`Prometheus ${pathAndQuery}: ${body.error ?? res.status}`);
        }
        return body.data;
    }

    /** Instant query; the result must be a vector. */
    async query(expr: string): Promise<VectorSample[]> {
        const data = await this.api<{ resultType: string; result: unknown }>(
            `/api/v1/query?query=${encodeURIComponent(expr)}`,
        );
        if (data.resultType !== "vector") {
            throw new Error(`query ${expr} returned a ${data.resultType}, not a vector`);
        }
        return (data.result as { metric: Record<string, string>; value: [number, string] }[]).map(
            (r) => ({
                metric: r.metric,
                value: Number(r.value[1]),
            }),
        );
    }

    /** Label sets of the series matching a selector (what the adapter's seriesQuery discovers). */
    async series(match: string): Promise<Record<string, string>[]> {
        return this.api<Record<string, string>[]>(
            `/api/v1/series?match[]=${encodeURIComponent(match)}`,
        );
    }

    /** What the process has logged (for failure messages). */
    get output(): string {
        return this.log;
    }

    /** Stops the process (TERM, then KILL after 5 s) and removes its data. Safe to call twice. */
    async stop(): Promise<void> {
        if (this.proc.exitCode === null && this.proc.signalCode === null) {
            const exited = new Promise<void>((resolve) => this.proc.once("exit", () => resolve()));
            this.proc.kill("SIGTERM");
            const killed = await Promise.race([
                exited.then(() => true),
                sleep(5_000).then(() => false),
            ]);
            if (!killed) {
                this.proc.kill("SIGKILL");
                await exited;
            }
        }
        running.delete(this.proc);
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
