import { expect } from "chai";
import {
    formatDuration,
    formatMs,
    formatProgress,
    formatSummary,
    ProgressPrinter,
} from "../../tools/load/report";
import { LoadStats, percentile, percentiles } from "../../tools/load/stats";

describe("load generator: statistics and report", () => {
    it("computes nearest-rank percentiles on a known sample", () => {
        const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
        expect(percentiles(oneToHundred.slice().reverse(), [50, 95, 99, 100])).to.deep.equal([
            50, 95, 99, 100,
        ]);
        // 10 values: p50 is the 5th, p95 and p99 the 10th.
        expect(percentiles([90, 10, 40, 20, 30, 60, 50, 80, 70, 100], [50, 95, 99])).to.deep.equal([
            50, 100, 100,
        ]);
        expect(percentiles([7, 3, 5], [50])).to.deep.equal([5]);
        expect(percentile([42], 1)).to.equal(42);
        expect(percentile([], 50)).to.equal(undefined);
        expect(() => percentile([1], 0)).to.throw("percentile 0: must be in (0, 100]");
    });

    it("counts successes, errors by kind and cancellations, and windows recent completions", () => {
        let now = 0;
        const stats = new LoadStats(10_000, () => now);
        for (let i = 1; i <= 10; i++) {
            stats.recordSent();
            now = i * 1000;
            stats.record({ ok: true, latencyMs: i * 100, completionTokens: 2 });
        }
        for (const kind of ["http_500", "timeout", "http_500"]) {
            stats.recordSent();
            stats.record({ ok: false, kind, latencyMs: 5 });
        }
        stats.recordSent();
        stats.record({ ok: false, kind: "cancelled", latencyMs: 5 });
        stats.recordSent(); // still in flight

        now = 15_500; // window 5.5s..15.5s holds the completions at 6s..10s
        const s = stats.snapshot();
        expect(s).to.deep.include({
            sent: 15,
            completed: 14,
            succeeded: 10,
            errors: 3,
            cancelled: 1,
            inFlight: 1,
            completionTokens: 20,
        });
        expect(s.errorsByKind).to.deep.equal({ http_500: 2, timeout: 1 });
        expect([s.p50Ms, s.p95Ms, s.p99Ms]).to.deep.equal([500, 1000, 1000]);
        expect(s.recent.perSecond).to.equal(0.5);
        expect([s.recent.p50Ms, s.recent.p95Ms]).to.deep.equal([800, 1000]);
    });

    it("formats durations, latencies, progress and the summary", () => {
        expect([
            formatDuration(300_000),
            formatDuration(90_000),
            formatDuration(3_600_000),
            formatDuration(1500),
        ]).to.deep.equal(["5m", "90s", "1h", "1500ms"]);
        expect([formatMs(undefined), formatMs(812.4), formatMs(1420)]).to.deep.equal([
            "-",
            "812ms",
            "1.42s",
        ]);
        let now = 0;
        const stats = new LoadStats(10_000, () => now);
        stats.recordSent();
        stats.recordSent();
        now = 2000;
        stats.record({ ok: true, latencyMs: 250 });
        stats.record({ ok: false, kind: "http_503", latencyMs: 5 });
        expect(formatProgress(75_000, 300_000, stats.snapshot())).to.equal(
            "[01:15/05:00]  sent 2  ok 1  errors 1  in flight 0  last 10s: p50 250ms p95 250ms 0.5 req/s",
        );
        expect(
            formatSummary(
                { stopReason: "stopped", elapsedMs: 2000, stats: stats.snapshot() },
                "SIGINT",
            ),
        ).to.equal(
            [
                "summary: stopped by SIGINT after 2.0s",
                "  requests    2 sent, 1 ok, 1 errors, 0 cancelled at stop",
                "  errors      http_503: 1",
                "  latency     p50 250ms  p95 250ms  p99 250ms  (successful requests)",
                "  throughput  0.50 req/s ok",
            ].join("\n"),
        );
    });

    it("prints plain lines when not on a terminal and redraws in place on one", () => {
        const plain: string[] = [];
        const pipe = new ProgressPrinter({ write: (c: string) => plain.push(c) });
        pipe.update(["a", "b"]);
        pipe.update(["c", "d"]);
        expect(plain.join("")).to.equal("a\nb\nc\nd\n");

        const tty: string[] = [];
        const term = new ProgressPrinter({
            write: (c: string) => tty.push(c),
            isTTY: true,
            columns: 6,
        });
        term.update(["a", "b"]);
        term.update(["long line", "d"]);
        expect(tty).to.deep.equal(["\x1b[Ja\nb\n", "\x1b[2F\x1b[Jlong…\nd\n"]);
    });
});
