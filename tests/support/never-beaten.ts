/**
 * The lower bound's promise, checked on one trace: no candidate `npm run tune` tries that meets the
 * SLO spends fewer GPU-hours than the bound, and at least one meets it (else the check is empty).
 */
import { expect } from "chai";
import { scenario } from "../../simulator/scenario";
import { simulate } from "../../simulator/simulate";
import { Slo, summarize } from "../../simulator/summary";
import type { TraceRequest } from "../../simulator/trace";
import { candidates } from "../../simulator/tune";

export function expectNeverBeaten(name: string, trace: readonly TraceRequest[], slo: Slo): void {
    let met = 0;
    for (const c of candidates({ stack: "eks" })) {
        const cfg = scenario({ stack: "eks", set: [c.set], label: c.set });
        const summary = summarize(simulate(cfg, trace, { seed: 1 }), trace, slo);
        expect(summary.lowerBoundGpuHours, name).to.be.greaterThan(0);
        if (summary.meetsSlo) {
            met++;
            expect(summary.lowerBoundGpuHours, `${name}: ${c.set}`).to.be.at.most(summary.gpuHours);
        }
    }
    expect(met, `${name}: some candidate meets the SLO`).to.be.greaterThan(0);
}
