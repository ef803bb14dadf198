/** The bench's reading of a rendered stack's scrape intervals, and what they cost. */
import { expect } from "chai";
import { samplesPerSecondPerReplica, scalingSeriesPerPage } from "../../bench/figures";
import {
    BEFORE_SETUP,
    describeSetup,
    renderedSetup,
    signalBound,
} from "../../bench/signal-latency";
import { selfManagedPipeline } from "../../harness/pipeline/topology";
import { renderedStack } from "../../harness/rendered-stack";

describe("bench: the rendered stack's scrape setup", () => {
    it("reads the two vLLM endpoints of the rendered defaults: scaled series at 5 s, the rest at 15 s, no more samples/s than before", () => {
        const rendered = renderedStack("kubernetes");
        const setup = renderedSetup("defaults", rendered, selfManagedPipeline(rendered)!);
        expect([
            setup.vllmScrape,
            setup.vllmRest,
            setup.dcgmScrape,
            setup.ruleEval,
            setup.dcgmCollect,
        ]).to.deep.equal([5, 15, 5, 5, 2]);
        expect(signalBound(setup, "vllm_num_requests_running")).to.equal(5);
        expect(describeSetup(setup)).to.equal("5s,15s,5s/5s/2s");
        const a = {
            vllmSeriesPerPod: 500,
            vllmScalingSeriesPerPod: scalingSeriesPerPage("vllm"),
            dcgmSeriesPerGpu: 35,
            gpusPerReplica: 1,
        };
        expect(samplesPerSecondPerReplica(a, setup)).to.be.below(
            samplesPerSecondPerReplica(a, BEFORE_SETUP),
        );
    });
});
