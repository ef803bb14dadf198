/**
 * The lower bound is a bound: no policy `npm run tune` tries, on the bundled trace and on every
 * synthetic pattern, meets the SLO on fewer GPU-hours. And it is the SLO's: a p95 target lets a
 * policy leave requests unserved, so its bound is no higher than the p100 one.
 */
import { expect } from "chai";
import { lowerBound } from "../../simulator/lower-bound";
import { BUNDLED_TRACE } from "../../simulator/runs";
import { scenario } from "../../simulator/scenario";
import { readTrace, syntheticTrace } from "../../simulator/trace";
import { expectNeverBeaten } from "../support/never-beaten";

const SLO = { ttftSeconds: 2, percentile: 95 };

describe("simulator: the lower bound", function () {
    this.timeout(600_000);
    // The bundled hour here; each synthetic pattern in lower-bound-synthetic.test.ts (two files, so
    // two test workers share the work).
    const traces = [{ name: "bundled", trace: readTrace(BUNDLED_TRACE) }];

    it("is never beaten by a policy tune tries that meets the SLO, on the bundled trace", () => {
        for (const { name, trace } of traces) {
            expectNeverBeaten(name, trace, SLO);
        }
    });

    it("is computed in seconds for the SLO's percentile", () => {
        const cfg = scenario({ stack: "eks" });
        const trace = syntheticTrace({
            pattern: "step",
            seed: 3,
            duration: 900,
            meanRate: 3,
            promptMedian: 1024,
            outputMedian: 128,
        });
        const p95 = lowerBound(cfg, trace, 2, 95);
        const p100 = lowerBound(cfg, trace, 2, 100);
        expect(p95.gpuSeconds).to.be.at.most(p100.gpuSeconds);
        expect(p95.unserved).to.equal(trace.length - Math.ceil(0.95 * trace.length));
        // One request 10 s in: the replica there from the start stays up to it, 10 s, not a minute.
        const one = lowerBound(cfg, [{ arrival: 10, promptTokens: 1, outputTokens: 1 }], 2);
        expect(one.gpuSeconds).to.equal(10 * cfg.gpusPerPod);
        // Prompt work the engine cannot compute in the trace's time binds.
        const heavy = trace.map((r) => ({ ...r, promptTokens: r.promptTokens * 400 }));
        const h = lowerBound(cfg, heavy, 2, 100);
        expect(h.workSeconds).to.be.greaterThan(h.presenceSeconds);
        expect(h.gpuSeconds).to.equal(h.workSeconds * cfg.gpusPerPod);
    });
});
