/**
 * The simulator's latency and queue-growth metrics: its percentile is Prometheus' estimate from
 * vLLM's buckets (checked against promtool), a pod's value covers the requests whose first token
 * came in the window, and a stack scaling on p95 TTFT with a target in seconds scales up under
 * load and stays at its minimum when idle.
 */
import { expect } from "chai";
import { promtoolTestRules } from "../../harness/promtool";
import { histogramSeries } from "../../harness/pipeline/vllm-histogram";
import { VLLM_TTFT_BUCKETS } from "../../components/vocabulary/metrics";
import { replicaParams } from "../../simulator/hardware";
import { MetricsPath } from "../../simulator/metrics-path";
import { Random } from "../../simulator/random";
import { RequestRecord, Replica } from "../../simulator/replica";
import { userStack } from "../../simulator/runs";
import { simulate } from "../../simulator/simulate";
import { syntheticTrace } from "../../simulator/trace";
import { deriv, histogramQuantile } from "../../simulator/windowed";

const TTFT_STACK = (target: number) =>
    `inference-autoscaling:autoscaling={"minReplicas":1,"maxReplicas":4,"metrics":[{"name":"vllm_time_to_first_token_p95_seconds","target":${target}}]}`;

describe("simulator: latency and queue-growth metrics", function () {
    this.timeout(120_000);

    it("estimates a percentile from vLLM's buckets as Prometheus does (promtool on the same observations)", () => {
        // Spread over several buckets, with ranks inside buckets rather than on their edges.
        const observations = [
            0.003, 0.03, 0.07, 0.09, 0.2, 0.2, 0.3, 0.45, 0.6, 0.7, 0.9, 1.7, 1.9, 3.2, 6, 8.5, 15,
            30, 55, 120,
        ];
        const cases = [0.5, 0.9, 0.95, 0.99].map((q) => ({
            q,
            ours: histogramQuantile(q, VLLM_TTFT_BUCKETS, observations),
        }));
        const result = promtoolTestRules({
            groups: [
                {
                    name: "q",
                    rules: cases.map((c, i) => ({
                        record: `q${i}`,
                        expr: `histogram_quantile(${c.q}, rate(ttft_bucket[1m]))`,
                    })),
                },
            ],
            interval: "15s",
            input: histogramSeries("ttft", 'pod="p"', VLLM_TTFT_BUCKETS, observations, 20),
            exprTests: cases.map((c, i) => ({
                expr: `round(q${i}, 0.0001)`,
                eval_time: "4m",
                exp_samples: [{ labels: '{pod="p"}', value: Math.round(c.ours * 10000) / 10000 }],
            })),
        });
        expect(result.status, result.output).to.equal(0);
        expect(histogramQuantile(0.95, VLLM_TTFT_BUCKETS, [])).to.satisfy(Number.isNaN);
        expect(
            histogramQuantile(0.95, [1, 2], [5, 6]),
            "in +Inf: the highest finite bound",
        ).to.equal(2);
        expect(
            histogramQuantile(0.5, [0, 1], [0, 0, 0.5]),
            "in a first bucket bounded at 0: its bound",
        ).to.equal(0);
    });

    it("takes the least-squares slope as deriv() does, and has none from one sample", () => {
        expect(
            deriv([0, 15, 30, 45].map((at, i) => ({ at, value: [0, 4, 5, 9][i] }))),
        ).to.be.closeTo(0.1867, 1e-4);
        expect(deriv([{ at: 0, value: 3 }])).to.equal(undefined);
    });

    it("reports a pod's p95 TTFT of the requests whose first token came in the last minute, nothing before two scrapes, 0 when idle", () => {
        const cfg = userStack({ stack: "eks", set: [TTFT_STACK(1.5)] });
        const path = new MetricsPath(cfg, new Random(1));
        const pod = { name: "vllm-0", createdAt: 0, state: "ready" as const };
        const finished: RequestRecord[] = [];
        const replica = new Replica(
            "vllm-0",
            replicaParams("nvidia-l4", "google/gemma-3-1b-it", 1),
            0,
            (r) => finished.push(r),
        );
        path.addPod(pod, 0);
        let id = 0;
        // Two requests a second for 90 s, then nothing.
        for (let t = 0; t < 90; t += 0.5) {
            replica.submit(
                { id: id++, arrival: t, promptTokens: 2048, outputTokens: 64, preemptions: 0 },
                t,
            );
        }
        const ttftAt = (at: number) =>
            path.view([pod], at).get("vllm_time_to_first_token_p95_seconds")!.get("vllm-0");
        replica.advance(15);
        path.scrape(pod, replica, 15);
        expect(ttftAt(15), "one scrape: rate() has no value yet").to.equal(undefined);
        for (const at of [30, 45, 60, 75, 90]) {
            replica.advance(at);
            path.scrape(pod, replica, at);
        }
        const inWindow = finished
            .filter((r) => r.firstToken! > 30 && r.firstToken! <= 90)
            .map((r) => r.firstToken! - r.arrival);
        expect(inWindow.length).to.be.greaterThan(50);
        expect(ttftAt(90)).to.equal(histogramQuantile(0.95, VLLM_TTFT_BUCKETS, inWindow));
        replica.advance(300);
        for (const at of [240, 255]) {
            path.scrape(pod, replica, at);
        }
        expect(ttftAt(255), "no first token in the window").to.equal(0);
    });

    it("a stack scales vLLM on p95 TTFT with a target in seconds: up under bursts, not when idle", () => {
        const cfg = userStack({ stack: "eks", set: [TTFT_STACK(1.5)] });
        expect(cfg.metrics).to.deep.equal([
            { name: "vllm_time_to_first_token_p95_seconds", target: 1.5, aggregation: "avg" },
        ]);
        const busy = syntheticTrace({
            pattern: "bursty",
            seed: 7,
            duration: 1800,
            meanRate: 6,
            promptMedian: 2048,
            outputMedian: 128,
        });
        const loaded = simulate(cfg, busy, { seed: 1 });
        const seen = loaded.decisions.flatMap((d) => [...d.input.metrics[0].values.values()]);
        expect(Math.max(...seen), "the HPA saw a p95 above the target").to.be.greaterThan(1.5);
        expect(Math.max(...loaded.timeline.map((r) => r.ready))).to.be.greaterThan(1);
        const light = syntheticTrace({
            pattern: "diurnal",
            seed: 7,
            duration: 1800,
            meanRate: 0.05,
            promptMedian: 256,
            outputMedian: 32,
        });
        expect(light.length).to.be.greaterThan(20);
        const idle = simulate(cfg, light, { seed: 1 });
        expect(
            idle.decisions.some((d) => d.input.metrics[0].values.size > 0),
            "the HPA read the metric",
        ).to.equal(true);
        expect(Math.max(...idle.timeline.map((r) => r.desired))).to.equal(1);
    });
});
