/**
 * What the load generator measured: latencies of successful requests, errors by kind, and a
 * sliding window over recent completions for the live view. No I/O.
 */

/**
 * Nearest-rank percentile of an ascending array: the smallest value with at least p% of the
 * sample at or below it. undefined for an empty sample.
 */
export function percentile(sortedAscending: readonly number[], p: number): number | undefined {
    if (sortedAscending.length === 0) {
        return undefined;
    }
    if (!(p > 0 && p <= 100)) {
        throw new RangeError(`percentile ${p}: must be in (0, 100]`);
    }
    const rank = Math.ceil((p / 100) * sortedAscending.length);
    return sortedAscending[Math.max(rank, 1) - 1];
}

/** Percentiles of an unsorted sample (the sample is not modified). */
export function percentiles(
    sample: readonly number[],
    ps: readonly number[],
): (number | undefined)[] {
    const sorted = [...sample].sort((a, b) => a - b);
    return ps.map((p) => percentile(sorted, p));
}

/** How a request ended. */
export type Outcome =
    | { ok: true; latencyMs: number; completionTokens?: number }
    /**
     * `kind` names the error ("http_500", "timeout", "network:ECONNREFUSED", "bad_response"), or is
     * "cancelled" for a request still in flight when the run stopped: neither success nor error.
     */
    | { ok: false; kind: string; latencyMs: number };

export interface StatsSnapshot {
    /** Requests sent so far. */
    sent: number;
    /** Requests that ended (success, error or cancelled). */
    completed: number;
    succeeded: number;
    errors: number;
    cancelled: number;
    errorsByKind: Record<string, number>;
    inFlight: number;
    completionTokens: number;
    /** Over the whole run, successful requests only. */
    p50Ms?: number;
    p95Ms?: number;
    p99Ms?: number;
    /** Over the last `windowMs`: successful completions per second and their latency percentiles. */
    recent: { windowMs: number; perSecond: number; p50Ms?: number; p95Ms?: number };
}

/** Accumulates outcomes. `now` is injectable so tests can drive the clock. */
export class LoadStats {
    private sent = 0;
    private succeeded = 0;
    private cancelled = 0;
    private completionTokens = 0;
    private readonly latencies: number[] = [];
    private readonly errorsByKind = new Map<string, number>();
    /** (end time, latency) of successful requests, in end-time order, for the sliding window. */
    private readonly window: { at: number; latencyMs: number }[] = [];
    private windowStart = 0;
    private readonly startedAt: number;

    constructor(
        private readonly windowMs = 10_000,
        private readonly now: () => number = () => performance.now(),
    ) {
        this.startedAt = now();
    }

    recordSent(): void {
        this.sent++;
    }

    record(outcome: Outcome): void {
        if (outcome.ok) {
            this.succeeded++;
            this.latencies.push(outcome.latencyMs);
            this.window.push({ at: this.now(), latencyMs: outcome.latencyMs });
            this.completionTokens += outcome.completionTokens ?? 0;
        } else if (outcome.kind === "cancelled") {
            this.cancelled++;
        } else {
            this.errorsByKind.set(outcome.kind, (this.errorsByKind.get(outcome.kind) ?? 0) + 1);
        }
    }

    snapshot(): StatsSnapshot {
        const errors = [...this.errorsByKind.values()].reduce((a, b) => a + b, 0);
        const [p50Ms, p95Ms, p99Ms] = percentiles(this.latencies, [50, 95, 99]);
        const now = this.now();
        const cutoff = now - this.windowMs;
        while (this.windowStart < this.window.length && this.window[this.windowStart].at < cutoff) {
            this.windowStart++;
        }
        if (this.windowStart > 4096 && this.windowStart * 2 > this.window.length) {
            this.window.splice(0, this.windowStart);
            this.windowStart = 0;
        }
        const recentLatencies = this.window.slice(this.windowStart).map((w) => w.latencyMs);
        const [rp50, rp95] = percentiles(recentLatencies, [50, 95]);
        const completed = this.succeeded + errors + this.cancelled;
        return {
            sent: this.sent,
            completed,
            succeeded: this.succeeded,
            errors,
            cancelled: this.cancelled,
            errorsByKind: Object.fromEntries(
                [...this.errorsByKind.entries()].sort(([a], [b]) => a.localeCompare(b)),
            ),
            inFlight: this.sent - completed,
            completionTokens: this.completionTokens,
            p50Ms,
            p95Ms,
            p99Ms,
            recent: {
                windowMs: this.windowMs,
                // Early in the run the window is only as long as the run so far.
                perSecond:
                    recentLatencies.length /
                    (Math.max(Math.min(this.windowMs, now - this.startedAt), 1000) / 1000),
                p50Ms: rp50,
                p95Ms: rp95,
            },
        };
    }
}
