/**
 * Sends the load: `concurrency` workers, each with exactly one completion request in flight at a
 * time, until the duration ends, --max-requests have been sent, or stop() is called. Stopping
 * aborts every request still in flight, so nothing is left open.
 */
import { LoadOptions } from "./args";
import { LoadStats, Outcome, StatsSnapshot } from "./stats";

export type RunOptions = Omit<LoadOptions, "hpa">;

/** Why the run ended: the duration cap, the request cap, or stop() (Ctrl-C, SIGTERM). */
export type StopReason = "duration" | "max-requests" | "stopped";

export interface RunResult {
    stopReason: StopReason;
    elapsedMs: number;
    stats: StatsSnapshot;
}

/** Pause after a connection-level failure, so an unreachable server is not hammered in a tight loop. */
const NETWORK_ERROR_PAUSE_MS = 100;

/** The request body, exactly as sent: JSON.stringify does all the escaping. */
export function completionBody(
    options: Pick<RunOptions, "model" | "prompt" | "maxTokens">,
): string {
    return JSON.stringify({
        model: options.model,
        prompt: options.prompt,
        max_tokens: options.maxTokens,
    });
}

/**
 * fetch fails with TypeError("fetch failed", { cause }): "network:<the cause's code>" (ECONNREFUSED,
 * ENOTFOUND), or the first code of an AggregateError (several addresses tried), or the cause's own
 * words where it has no code (undici's "bad port" for a port fetch refuses to open), never a bare
 * class name such as "Error".
 */
function networkKind(err: unknown): string {
    type Cause = { code?: unknown; message?: unknown; errors?: { code?: unknown }[] };
    const cause = (err as { cause?: Cause })?.cause;
    const code =
        cause?.code ??
        cause?.errors?.find((e) => e.code !== undefined)?.code ??
        (cause?.message || undefined) ??
        (err as { message?: unknown })?.message ??
        "unknown";
    return `network:${String(code)}`;
}

/** What a successful OpenAI-compatible completion looks like, as far as we read it. */
function readCompletion(text: string): { completionTokens?: number } | undefined {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        return undefined;
    }
    const body = parsed as { choices?: unknown; usage?: { completion_tokens?: unknown } } | null;
    if (typeof body !== "object" || body === null || !Array.isArray(body.choices)) {
        return undefined;
    }
    const tokens = body.usage?.completion_tokens;
    return {
        completionTokens:
            typeof tokens === "number" && Number.isFinite(tokens) ? tokens : undefined,
    };
}

export class LoadRun {
    readonly stats: LoadStats;
    private readonly endpoint: string;
    private readonly body: string;
    private readonly inFlight = new Set<AbortController>();
    private readonly pauses = new Set<() => void>();
    private sent = 0;
    private stopReason?: StopReason;
    private startedAt = 0;

    constructor(
        private readonly options: RunOptions,
        private readonly now: () => number = () => performance.now(),
    ) {
        this.stats = new LoadStats(10_000, now);
        this.endpoint = `${options.url}/v1/completions`;
        this.body = completionBody(options);
    }

    get stopped(): boolean {
        return this.stopReason !== undefined;
    }

    /** Milliseconds since run() started. */
    elapsedMs(): number {
        return this.startedAt === 0 ? 0 : this.now() - this.startedAt;
    }

    /** Stops sending and aborts every request in flight (they count as cancelled). Idempotent. */
    stop(reason: StopReason = "stopped"): void {
        if (this.stopReason !== undefined) {
            return;
        }
        this.stopReason = reason;
        for (const controller of this.inFlight) {
            controller.abort();
        }
        for (const wake of this.pauses) {
            wake();
        }
    }

    /** Runs until a cap is reached or stop() is called; resolves once no request is in flight. */
    async run(): Promise<RunResult> {
        this.startedAt = this.now();
        const deadline = setTimeout(() => this.stop("duration"), this.options.durationMs);
        try {
            await Promise.all(
                Array.from({ length: this.options.concurrency }, () => this.worker()),
            );
        } finally {
            clearTimeout(deadline);
        }
        // Workers only return without a stop when every allowed request has been sent and answered.
        this.stopReason ??= "max-requests";
        return {
            stopReason: this.stopReason,
            elapsedMs: this.elapsedMs(),
            stats: this.stats.snapshot(),
        };
    }

    private async worker(): Promise<void> {
        const max = this.options.maxRequests;
        while (!this.stopped && (max === undefined || this.sent < max)) {
            this.sent++;
            this.stats.recordSent();
            const outcome = await this.send();
            this.stats.record(outcome);
            if (!outcome.ok && outcome.kind.startsWith("network:")) {
                await this.pause(NETWORK_ERROR_PAUSE_MS);
            }
        }
    }

    private pause(ms: number): Promise<void> {
        if (this.stopped) {
            return Promise.resolve();
        }
        return new Promise((resolve) => {
            const wake = () => {
                clearTimeout(timer);
                this.pauses.delete(wake);
                resolve();
            };
            const timer = setTimeout(wake, ms);
            this.pauses.add(wake);
        });
    }

    private async send(): Promise<Outcome> {
        const started = this.now();
        const controller = new AbortController();
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            controller.abort();
        }, this.options.timeoutMs);
        this.inFlight.add(controller);
        const latency = () => this.now() - started;
        try {
            const response = await fetch(this.endpoint, {
                method: "POST",
                headers: { "content-type": "application/json", accept: "application/json" },
                body: this.body,
                signal: controller.signal,
            });
            const text = await response.text();
            if (!response.ok) {
                return { ok: false, kind: `http_${response.status}`, latencyMs: latency() };
            }
            const completion = readCompletion(text);
            if (!completion) {
                return { ok: false, kind: "bad_response", latencyMs: latency() };
            }
            return {
                ok: true,
                latencyMs: latency(),
                completionTokens: completion.completionTokens,
            };
        } catch (err) {
            if (timedOut) {
                return { ok: false, kind: "timeout", latencyMs: latency() };
            }
            if (controller.signal.aborted) {
                return { ok: false, kind: "cancelled", latencyMs: latency() };
            }
            return { ok: false, kind: networkKind(err), latencyMs: latency() };
        } finally {
            clearTimeout(timer);
            this.inFlight.delete(controller);
        }
    }
}
