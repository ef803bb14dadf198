import { expect } from "chai";
import * as http from "http";
import { AddressInfo } from "net";
import { DEFAULTS } from "../../tools/load/args";
import { LoadRun, RunOptions } from "../../tools/load/runner";
import { FakeOpenAI } from "./support/fake-openai";

/** Run options against `url`: short caps so every test is bounded even if the code under test is not. */
function opts(url: string, over: Partial<RunOptions> = {}): RunOptions {
    return {
        url,
        concurrency: 4,
        durationMs: 5000,
        timeoutMs: 5000,
        model: DEFAULTS.model,
        prompt: "hello",
        maxTokens: 8,
        ...over,
    };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
async function closedPort(): Promise<number> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

describe("load generator: runner against a fake OpenAI-compatible server", function () {
    this.timeout(15_000);
    let server: FakeOpenAI;

    beforeEach(async () => {
        server = new FakeOpenAI();
        await server.start();
    });
    afterEach(async () => {
        await server.stop();
    });

    it("keeps exactly --concurrency requests in flight, never more", async () => {
        server.setHandler(() => ({ delayMs: 40 }));
        const result = await new LoadRun(
            opts(server.url, { concurrency: 5, maxRequests: 40 }),
        ).run();
        expect(server.maxOpen).to.equal(5);
        expect(server.requests).to.have.length(40);
        expect(result.stopReason).to.equal("max-requests");
        expect(result.stats).to.deep.include({
            sent: 40,
            succeeded: 40,
            errors: 0,
            cancelled: 0,
            inFlight: 0,
            completionTokens: 120,
        });
    });

    it("sends valid JSON with the model, prompt and max_tokens, escaping quotes, newlines and unicode", async () => {
        const prompt =
            'He said "stop"\nthen left.\t\\ back\\slash, ünïcödé 🚀, </script>, \u2028 and \u0000';
        const result = await new LoadRun(
            opts(server.url, {
                concurrency: 2,
                maxRequests: 3,
                prompt,
                model: "org/model-1",
                maxTokens: 33,
            }),
        ).run();
        expect(result.stats.succeeded).to.equal(3);
        expect(server.requests).to.have.length(3);
        for (const r of server.requests) {
            expect(r.method).to.equal("POST");
            expect(r.path).to.equal("/v1/completions");
            expect(r.contentType).to.equal("application/json");
            expect(JSON.parse(r.raw)).to.deep.equal({
                model: "org/model-1",
                prompt,
                max_tokens: 33,
            });
        }
    });

    it("counts errors by kind: HTTP status, timeout, unparseable answer", async () => {
        // By arrival: 0 mod 4 → 500, 1 mod 4 → never answered (times out), 2 → not JSON, 3 → fine.
        server.setHandler((i) => {
            switch (i % 4) {
                case 0:
                    return { status: 500 };
                case 1:
                    return "hang";
                case 2:
                    return { body: "<html>oops</html>" };
                default:
                    return { delayMs: 5 };
            }
        });
        const started = Date.now();
        const result = await new LoadRun(
            opts(server.url, { concurrency: 4, maxRequests: 12, timeoutMs: 300 }),
        ).run();
        expect(result.stats.errorsByKind).to.deep.equal({
            bad_response: 3,
            http_500: 3,
            timeout: 3,
        });
        expect(result.stats).to.deep.include({ sent: 12, succeeded: 3, errors: 9, cancelled: 0 });
        expect(Date.now() - started).to.be.below(3000);
        expect(await server.settled()).to.equal(0);
    });

    it("counts a refused connection as a network error", async () => {
        const port = await closedPort();
        const result = await new LoadRun(
            opts(`http://127.0.0.1:${port}`, { concurrency: 2, maxRequests: 4 }),
        ).run();
        expect(result.stats.errorsByKind).to.deep.equal({ "network:ECONNREFUSED": 4 });
        expect(result.stats.succeeded).to.equal(0);
    });

    it("names a failure without an error code by its cause's words, not its class", async () => {
        // Port 6000 (X11) is one fetch refuses to open: undici's cause is a plain Error("bad port").
        const result = await new LoadRun(
            opts("http://127.0.0.1:6000", { concurrency: 1, maxRequests: 2 }),
        ).run();
        expect(result.stats.errorsByKind).to.deep.equal({ "network:bad port": 2 });
    });

    it("stops at the duration cap, cancelling the requests in flight and leaving none open", async () => {
        server.setHandler((i) => (i < 8 ? { delayMs: 20 } : "hang"));
        const started = Date.now();
        const result = await new LoadRun(
            opts(server.url, { concurrency: 4, durationMs: 400, timeoutMs: 60_000 }),
        ).run();
        const elapsed = Date.now() - started;
        expect(result.stopReason).to.equal("duration");
        expect(elapsed).to.be.within(380, 1500);
        expect(result.stats).to.deep.include({
            sent: 12,
            succeeded: 8,
            cancelled: 4,
            errors: 0,
            inFlight: 0,
        });
        expect(await server.settled()).to.equal(0);
        expect(server.abandoned).to.equal(4);
    });

    it("sends exactly --max-requests requests and no more", async () => {
        server.setHandler(() => ({ delayMs: 5 }));
        const result = await new LoadRun(
            opts(server.url, { concurrency: 4, maxRequests: 25 }),
        ).run();
        await new Promise((r) => setTimeout(r, 100));
        expect(server.requests).to.have.length(25);
        expect(result.stats.sent).to.equal(25);
        expect(result.stopReason).to.equal("max-requests");
    });

    it("stop() (what Ctrl-C calls) stops sending at once and aborts every request in flight", async () => {
        server.setHandler(() => "hang");
        const run = new LoadRun(
            opts(server.url, { concurrency: 6, durationMs: 60_000, timeoutMs: 60_000 }),
        );
        const done = run.run();
        const deadline = Date.now() + 5000;
        while (server.open < 6 && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 10));
        }
        expect(server.open).to.equal(6);
        const stoppedAt = Date.now();
        run.stop();
        const result = await done;
        expect(Date.now() - stoppedAt).to.be.below(500);
        expect(result.stopReason).to.equal("stopped");
        expect(result.stats).to.deep.include({ sent: 6, cancelled: 6, errors: 0, inFlight: 0 });
        expect(await server.settled()).to.equal(0);
        expect(server.requests).to.have.length(6);
    });
});
