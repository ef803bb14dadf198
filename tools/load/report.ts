/**
 * What the load generator prints: the live progress lines (redrawn in place on a terminal, plain
 * lines otherwise) and the final summary. Formatting only; the numbers come from stats, hpa and
 * hpa-prediction.
 */
import { HpaTarget } from "./args";
import { HpaReading, HpaStatus } from "./hpa";
import { predictReplicas } from "./hpa-prediction";
import { RunResult, StopReason } from "./runner";
import { StatsSnapshot } from "./stats";

/** 812 → "812ms", 1420 → "1.42s", undefined → "-". */
export function formatMs(ms: number | undefined): string {
    if (ms === undefined) {
        return "-";
    }
    return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

/** 300000 → "5m", 90000 → "90s", 3600000 → "1h", 1500 → "1500ms": the largest exact unit. */
export function formatDuration(ms: number): string {
    for (const [unit, size] of [
        ["h", 3_600_000],
        ["m", 60_000],
        ["s", 1000],
    ] as const) {
        if (ms >= size && ms % size === 0) {
            return `${ms / size}${unit}`;
        }
    }
    return `${ms}ms`;
}

/** 75000 → "01:15"; an hour or more → "1:01:15". */
export function formatClock(ms: number): string {
    const total = Math.floor(ms / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
    return h > 0 ? `${h}:${mmss}` : mmss;
}

function formatErrors(byKind: Record<string, number>): string {
    const entries = Object.entries(byKind);
    return entries.length === 0 ? "none" : entries.map(([kind, n]) => `${kind}: ${n}`).join(", ");
}

/** One line of live progress. Latency and rate are over the last 10 seconds. */
export function formatProgress(elapsedMs: number, durationMs: number, s: StatsSnapshot): string {
    const window = `${Math.round(s.recent.windowMs / 1000)}s`;
    const parts = [
        `[${formatClock(elapsedMs)}/${formatClock(durationMs)}]`,
        `sent ${s.sent}`,
        `ok ${s.succeeded}`,
        `errors ${s.errors}`,
        `in flight ${s.inFlight}`,
        `last ${window}: p50 ${formatMs(s.recent.p50Ms)} p95 ${formatMs(s.recent.p95Ms)} ${s.recent.perSecond.toFixed(1)} req/s`,
    ];
    return parts.join("  ");
}

/** One line about the watched HPA: replicas and metric values, or why it could not be read. */
export function formatHpa(target: HpaTarget, reading: HpaReading | undefined): string {
    const label = `hpa ${target.namespace}/${target.name}:`;
    if (!reading) {
        return `${label} reading…`;
    }
    if ("error" in reading) {
        return `${label} cannot read (${reading.error})`;
    }
    const st = reading.status;
    const bounds =
        st.minReplicas !== undefined || st.maxReplicas !== undefined
            ? ` (${st.minReplicas ?? "?"}..${st.maxReplicas ?? "?"})`
            : "";
    const replicas = `replicas ${st.currentReplicas ?? "?"} current, ${st.desiredReplicas ?? "?"} desired${bounds}`;
    const metrics =
        st.metrics.length === 0
            ? "no metric values yet"
            : st.metrics
                  .map(
                      (m) =>
                          `${m.name} ${m.current}${m.target === undefined ? "" : `/${m.target}`}`,
                  )
                  .join("  ");
    return `${label} ${replicas}  ${metrics}${formatPrediction(st)}`;
}

/** The shared algorithm's proposal next to the HPA's desiredReplicas, flagged when they differ. */
function formatPrediction(st: HpaStatus): string {
    const predicted = predictReplicas(st);
    if (predicted === undefined || st.desiredReplicas === undefined) {
        return "";
    }
    if (predicted === st.desiredReplicas) {
        return `  algorithm ${predicted} (agrees)`;
    }
    return `  algorithm ${predicted} (DIFFERS from ${st.desiredReplicas} desired${st.holdReason ? `: ${st.holdReason}` : ""})`;
}

const STOP_REASON: Record<StopReason, string> = {
    duration: "duration reached",
    "max-requests": "--max-requests reached",
    stopped: "stopped",
};

/** The closing summary: totals, errors by kind, latency percentiles and throughput. */
export function formatSummary(result: RunResult, stoppedBy?: string): string {
    const s = result.stats;
    const seconds = Math.max(result.elapsedMs, 1) / 1000;
    const reason =
        result.stopReason === "stopped" && stoppedBy
            ? `stopped by ${stoppedBy}`
            : STOP_REASON[result.stopReason];
    const tokens =
        s.completionTokens > 0
            ? `, ${s.completionTokens} completion tokens (${(s.completionTokens / seconds).toFixed(1)}/s)`
            : "";
    return [
        `summary: ${reason} after ${seconds.toFixed(1)}s`,
        `  requests    ${s.sent} sent, ${s.succeeded} ok, ${s.errors} errors, ${s.cancelled} cancelled at stop`,
        `  errors      ${formatErrors(s.errorsByKind)}`,
        `  latency     p50 ${formatMs(s.p50Ms)}  p95 ${formatMs(s.p95Ms)}  p99 ${formatMs(s.p99Ms)}  (successful requests)`,
        `  throughput  ${(s.succeeded / seconds).toFixed(2)} req/s ok${tokens}`,
    ].join("\n");
}

export interface Output {
    write(chunk: string): unknown;
    isTTY?: boolean;
    /** Terminal width: lines are cut to it so a redraw never has to undo a wrapped line. */
    columns?: number;
}

/**
 * Prints the live lines. On a terminal it redraws them in place; otherwise (a pipe, a CI log) it
 * prints them as plain lines, one update after another.
 */
export class ProgressPrinter {
    private drawn = 0;

    constructor(private readonly out: Output) {}

    update(lines: string[]): void {
        if (!this.out.isTTY) {
            this.out.write(lines.join("\n") + "\n");
            return;
        }
        // Back to the first line drawn last time, clear from there down, draw again.
        let text = (this.drawn > 0 ? `\x1b[${this.drawn}F` : "") + "\x1b[J";
        const width = this.out.columns && this.out.columns > 1 ? this.out.columns - 1 : Infinity;
        for (const line of lines) {
            text += `${line.length > width ? line.slice(0, width - 1) + "…" : line}\n`;
        }
        this.out.write(text);
        this.drawn = lines.length;
    }
}
