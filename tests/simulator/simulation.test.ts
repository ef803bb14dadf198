/**
 * The simulator's own laws: a seed gives one run; every request is served exactly once; a steady
 * load obeys Little's law; a step in load reaches the replica count the HPA formula gives, within
 * the lag the metric path allows; the HPA decisions replay identically through the package's
 * controller; no simulated policy spends fewer GPU-hours than the lower bound.
 */
import { expect } from "chai";
import { HpaController } from "../../hpa-model/controller";
import { lowerBound } from "../../simulator/lower-bound";
import { componentDefaults, seedsSetup, startupVariants, userStack } from "../../simulator/runs";
import { SimConfig } from "../../simulator/scenario";
import { simulate, SimResult } from "../../simulator/simulate";
import { summarize } from "../../simulator/summary";
import { syntheticTrace, TraceRequest } from "../../simulator/trace";

const SLO = { ttftSeconds: 2, percentile: 95 };
/** Capacity that arrives within seconds, so a test sees the autoscaler, not the cloud. */
const INSTANT = [
    "nodeProvisionSeconds=1",
    "imagePullSeconds=0",
    "modelLoadSeconds=1",
    "nodeAutoscalerScanSeconds=1",
];

/** Requests at a constant rate with fixed sizes (no randomness: the law under test is exact). */
function constant(
    rate: number,
    from: number,
    to: number,
    prompt = 512,
    output = 64,
): TraceRequest[] {
    const out: TraceRequest[] = [];
    for (let t = from; t < to; t += 1 / rate) {
        out.push({ arrival: t, promptTokens: prompt, outputTokens: output });
    }
    return out;
}

const sameRun = (a: SimResult, b: SimResult) =>
    JSON.stringify([a.timeline, a.records, a.scaleEvents]) ===
    JSON.stringify([b.timeline, b.records, b.scaleEvents]);

describe("simulator", function () {
    this.timeout(120_000);
    const bursty = syntheticTrace({
        pattern: "bursty",
        seed: 7,
        duration: 1800,
        meanRate: 3,
        promptMedian: 1024,
        outputMedian: 128,
    });

    it("gives the same run for the same seed, and a different one for another seed", () => {
        const cfg = userStack({ stack: "eks" });
        expect(
            sameRun(simulate(cfg, bursty, { seed: 3 }), simulate(cfg, bursty, { seed: 3 })),
        ).to.equal(true);
        expect(
            sameRun(simulate(cfg, bursty, { seed: 3 }), simulate(cfg, bursty, { seed: 4 })),
        ).to.equal(false);
        const again = syntheticTrace({
            pattern: "bursty",
            seed: 7,
            duration: 1800,
            meanRate: 3,
            promptMedian: 1024,
            outputMedian: 128,
        });
        expect(again).to.deep.equal(bursty);
    });

    it("serves every request exactly once, in order: arrival <= admission <= first token <= finish", () => {
        const cfg = seedsSetup({ stack: "eks" });
        const result = simulate(cfg, bursty, { seed: 1 });
        // vLLM refuses a request over --max-model-len (prompt + max_tokens) with a 400: never served.
        const maxModelLen = cfg.params.maxModelLen as number;
        const tooLong = result.records.filter((r) => r.promptTokens + r.outputTokens > maxModelLen);
        expect(tooLong.length, "the trace has requests over --max-model-len").to.be.greaterThan(0);
        expect(tooLong.every((r) => r.rejected && r.finished === undefined)).to.equal(true);
        expect(result.completions).to.equal(bursty.length - tooLong.length);
        expect(new Set(result.records.map((r) => r.id)).size).to.equal(bursty.length);
        for (const r of result.records.filter((x) => !x.rejected)) {
            expect(r.finished, `request ${r.id}`).to.not.equal(undefined);
            expect(
                r.arrival <= (r.admitted as number) &&
                    (r.admitted as number) <= (r.firstToken as number) &&
                    (r.firstToken as number) <= (r.finished as number),
                `request ${r.id}`,
            ).to.equal(true);
        }
        expect(result.timeline.reduce((s, row) => s + row.arrivals, 0)).to.equal(bursty.length);
    });

    it("obeys Little's law on steady load: requests in the system = arrival rate x time in the system", () => {
        const cfg: SimConfig = {
            ...userStack({
                stack: "eks",
                set: ["inference-autoscaling:autoscaling.minReplicas=2"],
            }),
            maxReplicas: 2,
        };
        const rate = 6;
        const trace = constant(rate, 0, 1200);
        const result = simulate(cfg, trace, { seed: 1 });
        // Over the middle of the run, away from the empty start and the draining end.
        const rows = result.timeline.filter((r) => r.t > 300 && r.t <= 1100);
        const inSystem = rows.reduce((s, r) => s + r.running + r.waiting, 0) / rows.length;
        const inWindow = result.records.filter((r) => r.arrival > 300 && r.arrival <= 1100);
        const timeInSystem =
            inWindow.reduce((s, r) => s + (r.finished as number) - r.arrival, 0) / inWindow.length;
        expect(inSystem).to.be.closeTo(rate * timeInSystem, 0.1 * rate * timeInSystem);
    });

    it("follows a step in load to the replica count the HPA formula gives, within the metric path's lag", () => {
        const base = userStack({
            stack: "eks",
            params: INSTANT,
            set: [
                'inference-autoscaling:autoscaling={"minReplicas":1,"maxReplicas":4,"metrics":[{"name":"vllm_num_requests_running","target":4}]}',
            ],
        });
        const cfg: SimConfig = {
            ...base,
            behavior: {
                scaleUp: {
                    stabilizationWindowSeconds: 0,
                    selectPolicy: "Max",
                    policies: [{ type: "Pods", value: 10, periodSeconds: 15 }],
                },
            },
        };
        const step = 600;
        const trace = [...constant(1, 0, step, 256, 256), ...constant(8, step, 1500, 256, 256)];
        const result = simulate(cfg, trace, { seed: 2 });
        const first = result.scaleEvents.find((e) => e.t > step && e.to > e.from);
        // Running rises at once; the HPA sees it after at most one scrape and one sync (plus this second).
        const lag = cfg.scrapeIntervalSeconds + cfg.delays.hpaSyncSeconds + 1;
        expect(first, "a scale-up after the step").to.not.equal(undefined);
        expect((first as { t: number }).t - step).to.be.at.most(lag);
        // Once settled, the count is what the formula gives for the load the pods carry.
        const settled = result.timeline.filter((r) => r.t > 1200 && r.t <= 1500);
        const totalRunning = settled.reduce((s, r) => s + r.running, 0) / settled.length;
        const formula = Math.min(cfg.maxReplicas, Math.ceil(totalRunning / 4));
        const desired = settled[settled.length - 1].desired;
        expect(
            Math.abs(desired - formula),
            `desired ${desired}, formula ${formula} (running ${totalRunning.toFixed(1)})`,
        ).to.be.at.most(1);
        expect(desired).to.be.greaterThan(1);
    });

    it("makes every HPA decision the package's controller makes on the same inputs", () => {
        for (const cfg of [
            userStack({ stack: "eks" }),
            seedsSetup({ stack: "eks" }),
            userStack({ stack: "eks", set: ["inference-autoscaling:backend=keda"] }),
        ]) {
            const result = simulate(cfg, bursty, { seed: 5 });
            const replay = new HpaController({
                minReplicas: cfg.minReplicas,
                maxReplicas: cfg.maxReplicas,
                behavior: cfg.behavior,
            });
            expect(result.decisions.length).to.be.greaterThan(100);
            for (const d of result.decisions) {
                expect(
                    replay.sync(d.at, d.input).desiredReplicas,
                    `${cfg.label} at ${d.at.toFixed(1)} s`,
                ).to.equal(d.desiredReplicas);
            }
        }
    });

    it("never puts the lower bound above a simulated policy's GPU-hours", () => {
        const configs = [
            componentDefaults({ stack: "eks" }),
            seedsSetup({ stack: "eks" }),
            userStack({ stack: "eks" }),
            userStack({
                stack: "eks",
                params: INSTANT,
                set: [
                    'inference-autoscaling:autoscaling={"minReplicas":1,"maxReplicas":4,"metrics":[{"name":"vllm_num_requests_waiting","target":1}]}',
                ],
            }),
        ];
        for (const trace of [
            bursty,
            syntheticTrace({
                pattern: "spike",
                seed: 1,
                duration: 1800,
                meanRate: 4,
                promptMedian: 2048,
                outputMedian: 64,
            }),
        ]) {
            for (const cfg of configs) {
                const summary = summarize(simulate(cfg, trace, { seed: 1 }), trace, SLO);
                expect(summary.lowerBoundGpuHours, cfg.label).to.be.at.most(summary.gpuHours);
                expect(summary.lowerBoundGpuHours).to.be.greaterThan(0);
            }
        }
        // And the bound grows with the work: twice the prompts cannot need fewer GPUs.
        const cfg = userStack({ stack: "eks" });
        const double = bursty.map((r) => ({ ...r, promptTokens: r.promptTokens * 2 }));
        expect(lowerBound(cfg, double, 2).gpuSeconds).to.be.at.least(
            lowerBound(cfg, bursty, 2).gpuSeconds,
        );
    });
});

describe("simulator: how a new replica starts", function () {
    this.timeout(120_000);
    const trace = syntheticTrace({
        pattern: "bursty",
        seed: 11,
        duration: 3600,
        meanRate: 3,
        promptMedian: 1024,
        outputMedian: 128,
    });
    // One replica and one node to start, scaling on running requests (which this traffic moves).
    const set = [
        'inference-autoscaling:autoscaling={"minReplicas":1,"maxReplicas":4,"metrics":[{"name":"vllm_num_requests_running","target":4}]}',
        "inference-autoscaling:nodePool.minNodes=1",
    ];

    it("takes minutes cold, and under a minute on warm headroom with the image and the weights on the node", () => {
        const [cold, cached, warm] = startupVariants({ stack: "eks", set }).map((cfg) => ({
            cfg,
            summary: summarize(simulate(cfg, trace, { seed: 1 }), trace, SLO),
        }));
        const d = cold.cfg.delays;
        // Cold: a node, the image and the whole model load, after the autoscaler's scan.
        expect(cold.summary.scaleUpToServingSeconds.worst).to.be.at.least(
            d.nodeProvisionSeconds + d.imagePullSeconds + d.modelLoadSeconds,
        );
        // Warm: a placeholder's node has both; only the load from the cache remains.
        expect(warm.summary.scaleUpToServingSeconds.median).to.be.closeTo(
            d.cachedModelLoadSeconds,
            1,
        ); // pods start serving on the second
        expect(warm.summary.scaleUpToServingSeconds.median).to.be.below(60);
        expect(warm.summary.scaleUpTtftP95).to.be.below(cold.summary.scaleUpTtftP95);
        // The cache alone helps every replica after a node's first.
        expect(cached.summary.scaleUpToServingSeconds.median).to.be.at.most(
            cold.summary.scaleUpToServingSeconds.median,
        );
        // Headroom is paid for: never fewer GPU-hours than without it.
        expect(warm.summary.gpuHours).to.be.at.least(cached.summary.gpuHours);
    });

    it("takes the options from the stack as the component resolves them", () => {
        const [cold, cached, warm] = startupVariants({ stack: "eks", set });
        expect([cold.imagePrePulled, cold.modelCache, cold.warmGpus]).to.deep.equal([
            false,
            false,
            0,
        ]);
        expect([cached.imagePrePulled, cached.modelCache, cached.warmGpus]).to.deep.equal([
            true,
            true,
            0,
        ]);
        expect([warm.imagePrePulled, warm.modelCache, warm.warmGpus]).to.deep.equal([
            true,
            true,
            warm.gpusPerNode,
        ]);
        expect(() =>
            startupVariants({
                stack: "kubernetes",
                accelerator: "nvidia-l4",
                set: [
                    'inference-autoscaling:server={"namespace":"a","deploymentName":"b","podLabels":{"app":"b"}}',
                ],
            }),
        ).to.throw("does not deploy the vLLM server");
    });
});
