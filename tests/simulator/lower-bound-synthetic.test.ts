/**
 * The lower bound is a bound on every synthetic pattern too: no policy `npm run tune` tries meets
 * the SLO on fewer GPU-hours (the bundled hour is lower-bound.test.ts's).
 */
import { PATTERNS, syntheticTrace } from "../../simulator/trace";
import { expectNeverBeaten } from "../support/never-beaten";

const SLO = { ttftSeconds: 2, percentile: 95 };

describe("simulator: the lower bound on synthetic traffic", function () {
    this.timeout(600_000);
    for (const pattern of PATTERNS) {
        it(`is never beaten by a policy tune tries that meets the SLO: ${pattern}`, () => {
            const trace = syntheticTrace({
                pattern,
                seed: 3,
                duration: 300,
                meanRate: 3,
                promptMedian: 1024,
                outputMedian: 128,
            });
            expectNeverBeaten(pattern, trace, SLO);
        });
    }
});
