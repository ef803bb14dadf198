/**
 * The vLLM server's preStop drain, run for real: python3 executes the hook's own script against a
 * metrics page served on loopback, as the kubelet would run it in the vLLM container.
 */
import { expect } from "chai";
import { spawn } from "child_process";
import * as http from "http";
import { AddressInfo } from "net";
import { drainCommand, gracePeriodSeconds } from "../../../components/server/drain";

/** A /metrics page on 127.0.0.1 whose in-flight requests the test sets. */
async function metricsServer(): Promise<{
    port: number;
    set: (running: number, waiting: number) => void;
    /** The next answer comes after `ms`, as a saturated server's would. */
    stall: (ms: number) => void;
    close: () => Promise<void>;
}> {
    let page = "";
    const set = (running: number, waiting: number) => {
        page = [
            "# HELP vllm:num_requests_running Number of requests in model execution batches.",
            "# TYPE vllm:num_requests_running gauge",
            `vllm:num_requests_running{engine="0",model_name="google/gemma-3-1b-it"} ${running}.0`,
            `vllm:num_requests_waiting{engine="0",model_name="google/gemma-3-1b-it"} ${waiting}.0`,
            'vllm:num_requests_swapped{engine="0",model_name="google/gemma-3-1b-it"} 7.0',
        ].join("\n");
    };
    set(0, 0);
    let stallNext = 0;
    const server = http.createServer((_req, res) => {
        const wait = stallNext;
        stallNext = 0;
        setTimeout(() => res.end(page), wait);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        port: (server.address() as AddressInfo).port,
        set,
        stall: (ms: number) => (stallNext = ms),
        close: () =>
            new Promise((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

/** Runs the hook (no endpoint wait) and resolves with the time it exited. */
function runHook(port: number, drainSeconds: number): Promise<{ code: number | null; at: number }> {
    const [cmd, ...args] = drainCommand(port, drainSeconds, 0);
    const child = spawn(cmd, args, { stdio: "ignore", timeout: 30_000 });
    return new Promise((resolve) => child.on("exit", (code) => resolve({ code, at: Date.now() })));
}

describe("vLLM server drain (preStop)", function () {
    this.timeout(30_000);

    it("waits while requests run or wait, and ends as soon as none is left", async () => {
        const server = await metricsServer();
        try {
            server.set(2, 1);
            const started = Date.now();
            const hook = runHook(server.port, 20);
            await new Promise((r) => setTimeout(r, 2500));
            server.set(0, 0);
            const idleAt = Date.now();
            const { code, at } = await hook;
            expect(code).to.equal(0);
            expect(at, "not before the requests were done").to.be.at.least(idleAt);
            expect(at - started, "long before the 20 s limit").to.be.below(10_000);
        } finally {
            await server.close();
        }
    });

    it("gives up after drainSeconds when requests never finish, and at once when the server is gone", async () => {
        const server = await metricsServer();
        server.set(0, 3); // waiting requests count too; other gauges (swapped) do not
        const started = Date.now();
        const { at } = await runHook(server.port, 2);
        expect(at - started).to.be.at.least(2000);
        await server.close();
        const gone = Date.now();
        const { code, at: goneAt } = await runHook(server.port, 20);
        expect([code, goneAt - gone < 5000]).to.deep.equal([0, true]);
    });

    it("keeps waiting when a busy server answers its metrics late, rather than stopping it mid-generation", async () => {
        const server = await metricsServer();
        try {
            server.set(1, 0);
            server.stall(3000); // past the hook's 2 s timeout
            const hook = runHook(server.port, 20);
            await new Promise((r) => setTimeout(r, 5000));
            server.set(0, 0);
            const idleAt = Date.now();
            const { code, at } = await hook;
            expect(code).to.equal(0);
            expect(at, "not before the request was done").to.be.at.least(idleAt);
        } finally {
            await server.close();
        }
    });

    it("sizes the grace period to the endpoint wait, the drain and the server's own shutdown", () => {
        expect(gracePeriodSeconds(120)).to.equal(160);
    });
});
