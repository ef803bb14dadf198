/**
 * Honest accounting: a long run completes and sums up; a request cut off by a draining pod's
 * deletion or by the end of the run is dropped, counted and an SLO miss; a request never served
 * enters the TTFT percentiles as infinitely late.
 */
import { expect } from "chai";
import { userStack } from "../../simulator/runs";
import { SimConfig } from "../../simulator/scenario";
import { simulate } from "../../simulator/simulate";
import { summarize, summaryTable, ttftOf } from "../../simulator/summary";
import { syntheticTrace, TraceRequest } from "../../simulator/trace";

const SLO = { ttftSeconds: 2, percentile: 95 };
/** Capacity that arrives within seconds, so a test sees the autoscaler, not the cloud. */
const INSTANT = [
    "nodeProvisionSeconds=1",
    "imagePullSeconds=0",
    "modelLoadSeconds=1",
    "nodeAutoscalerScanSeconds=1",
];
const autoscaling = (a: object) => `inference-autoscaling:autoscaling=${JSON.stringify(a)}`;

function constant(rate: number, from: number, to: number, prompt: number, output: number) {
    const out: TraceRequest[] = [];
    for (let t = from; t < to; t += 1 / rate) {
        out.push({ arrival: t, promptTokens: prompt, outputTokens: output });
    }
    return out;
}

describe("simulator: accounting", function () {
    this.timeout(120_000);

    it("runs a simulated week to its summary (one timeline row a second, no argument spreads)", () => {
        const week = 7 * 86_400;
        const trace = syntheticTrace({
            pattern: "diurnal",
            seed: 1,
            duration: week,
            meanRate: 0.005,
            promptMedian: 256,
            outputMedian: 32,
        });
        const result = simulate(userStack({ stack: "eks" }), trace, { seed: 1 });
        expect(result.duration).to.be.within(trace[trace.length - 1].arrival, week + 900);
        expect(result.timeline).to.have.length(result.duration);
        const summary = summarize(result, trace, SLO);
        expect(summary.requests).to.equal(trace.length);
        expect(summary.finished + summary.dropped).to.be.at.most(summary.requests);
        expect(summary.finished).to.be.greaterThan(0.99 * summary.requests);
        expect(summary.peakReplicas).to.be.within(1, result.config.maxReplicas);
        expect(summary.meanReplicas).to.be.within(1, summary.peakReplicas);
        // At least the minimum replicas' GPUs, all week long.
        expect(summary.gpuHours).to.be.at.least(
            (result.config.minReplicas * result.config.gpusPerPod * result.duration) / 3600,
        );
        expect(summary.meetsSlo).to.equal(true);
        expect(summaryTable([summary], SLO)).to.contain("dropped");
    });

    it("drops the requests a scale-down's drain cuts off, and counts them as SLO misses", () => {
        const base = userStack({
            stack: "eks",
            params: INSTANT,
            set: [
                autoscaling({
                    minReplicas: 1,
                    maxReplicas: 2,
                    metrics: [{ name: "vllm_num_requests_running", target: 8 }],
                }),
            ],
        });
        const quick = {
            stabilizationWindowSeconds: 0,
            selectPolicy: "Max",
            policies: [{ type: "Pods", value: 10, periodSeconds: 15 }],
        };
        const cfg: SimConfig = {
            ...base,
            drainSeconds: 10,
            behavior: { scaleUp: quick, scaleDown: quick },
        };
        // Two minutes of short requests take it to two replicas; six long ones (minutes of decode)
        // start on both; when the short ones are done, six running is one replica's worth and the
        // newer pod is drained for 10 s, then deleted with its long requests unfinished.
        const trace = [...constant(4, 0, 120, 256, 400), ...constant(1, 60, 66, 256, 6000)].sort(
            (a, b) => a.arrival - b.arrival,
        );
        const result = simulate(cfg, trace, { seed: 1 });
        const down = result.scaleEvents.find((e) => e.to < e.from);
        expect(down, "a scale-down").to.not.equal(undefined);
        const dropped = result.records.filter((r) => r.dropped !== undefined);
        expect(dropped.length).to.be.greaterThan(0);
        for (const r of dropped) {
            expect(r.dropped?.cause).to.equal("drain");
            expect(r.dropped?.at).to.equal(Math.ceil((down?.t as number) + cfg.drainSeconds));
            expect(r.outputTokens, `request ${r.id}`).to.equal(6000);
            expect(r.finished).to.equal(undefined);
            expect(ttftOf(r)).to.equal(Infinity);
        }
        const summary = summarize(result, trace, SLO);
        expect(summary.dropped).to.equal(dropped.length);
        expect(summary.droppedByDrain).to.equal(dropped.length);
        expect(summary.finished + summary.dropped).to.equal(summary.requests);
        // They had their first token in time, and are misses all the same: nobody got an answer.
        expect(
            dropped.every((r) => (r.firstToken as number) - r.arrival < SLO.ttftSeconds),
        ).to.equal(true);
        const inTime = result.records.filter(
            (r) =>
                r.dropped === undefined && (r.firstToken as number) - r.arrival <= SLO.ttftSeconds,
        ).length;
        expect(summary.withinSlo).to.equal(inTime / trace.length);
        expect(summary.withinSlo).to.be.at.most(1 - dropped.length / trace.length);
        expect(summaryTable([summary], SLO)).to.match(
            new RegExp(
                `dropped \\(drain / run end\\) +${dropped.length} \\(${dropped.length} / 0\\)`,
            ),
        );
    });

    it("counts what one replica cannot serve before the run ends as dropped and infinitely late", () => {
        const cfg = userStack({
            stack: "eks",
            set: [autoscaling({ minReplicas: 1, maxReplicas: 1 })],
        });
        // Far more prompt work than one replica computes, for two minutes; a minute's tail after.
        const trace = constant(40, 0, 120, 4096, 256);
        const result = simulate(cfg, trace, { seed: 1, tailSeconds: 60 });
        const summary = summarize(result, trace, SLO);
        expect(summary.dropped).to.be.greaterThan(0.05 * summary.requests);
        expect(summary.dropped - summary.droppedByDrain).to.equal(summary.dropped);
        expect(summary.finished + summary.dropped).to.equal(summary.requests);
        expect(summary.ttft.p95).to.equal(Infinity);
        expect(summary.meetsSlo).to.equal(false);
        expect(summary.withinSlo).to.be.at.most(1 - summary.dropped / summary.requests);
        for (const r of result.records.filter((x) => x.dropped !== undefined)) {
            expect(r.dropped?.cause).to.equal("end");
            expect(r.dropped?.at).to.equal(result.duration);
        }
    });
});
