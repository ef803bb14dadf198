/**
 * A fake OpenAI-compatible completions server on 127.0.0.1 (ephemeral port) for the load
 * generator's tests. It records every request body, how many requests were in flight at most,
 * and how many are open right now; each request's answer (delay, status, or no answer at all)
 * comes from a handler the test chooses.
 */
import * as http from "http";
import { AddressInfo } from "net";

export interface RecordedRequest {
    method: string;
    path: string;
    contentType?: string;
    /** The raw body, exactly as received. */
    raw: string;
}

/** How to answer one request: after `delayMs`, with `status` (default 200), or never ("hang"). */
export type Answer = { delayMs?: number; status?: number; body?: string } | "hang";

export type Handler = (index: number, request: RecordedRequest) => Answer;

export class FakeOpenAI {
    readonly requests: RecordedRequest[] = [];
    /** Requests received whose response has neither finished nor been abandoned by the client. */
    open = 0;
    maxOpen = 0;
    /** Requests the client gave up on before the answer was sent. */
    abandoned = 0;
    private server?: http.Server;
    private readonly timers = new Set<NodeJS.Timeout>();

    constructor(private handler: Handler = () => ({ delayMs: 20 })) {}

    setHandler(handler: Handler): void {
        this.handler = handler;
    }

    get url(): string {
        const address = this.server?.address() as AddressInfo | null;
        if (!address) {
            throw new Error("fake server is not listening");
        }
        return `http://127.0.0.1:${address.port}`;
    }

    async start(): Promise<void> {
        this.server = http.createServer((req, res) => this.handle(req, res));
        await new Promise<void>((resolve, reject) => {
            this.server!.once("error", reject);
            this.server!.listen(0, "127.0.0.1", () => resolve());
        });
    }

    /** Closes every connection and the listener; safe to call twice. */
    async stop(): Promise<void> {
        for (const t of this.timers) {
            clearTimeout(t);
        }
        this.timers.clear();
        const server = this.server;
        this.server = undefined;
        if (!server) {
            return;
        }
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    /** Waits (at most `timeoutMs`) until no request is open; resolves to the count still open. */
    async settled(timeoutMs = 2000): Promise<number> {
        const deadline = Date.now() + timeoutMs;
        while (this.open > 0 && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 10));
        }
        return this.open;
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
        this.open++;
        this.maxOpen = Math.max(this.maxOpen, this.open);
        let finished = false;
        res.on("close", () => {
            this.open--;
            if (!finished) {
                this.abandoned++;
            }
        });
        res.on("finish", () => {
            finished = true;
        });
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const recorded: RecordedRequest = {
                method: req.method ?? "",
                path: req.url ?? "",
                contentType: req.headers["content-type"],
                raw: Buffer.concat(chunks).toString("utf8"),
            };
            const index = this.requests.length;
            this.requests.push(recorded);
            const answer = this.handler(index, recorded);
            if (answer === "hang") {
                return;
            }
            const timer = setTimeout(() => {
                this.timers.delete(timer);
                if (res.destroyed) {
                    return;
                }
                const status = answer.status ?? 200;
                const body =
                    answer.body ??
                    (status === 200
                        ? JSON.stringify({
                              id: `cmpl-${index}`,
                              object: "text_completion",
                              choices: [{ index: 0, text: "ok", finish_reason: "length" }],
                              usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
                          })
                        : JSON.stringify({ error: { message: "internal error" } }));
                res.writeHead(status, { "content-type": "application/json" });
                res.end(body);
            }, answer.delayMs ?? 0);
            this.timers.add(timer);
        });
    }
}
