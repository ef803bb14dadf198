import { expect } from "chai";
import { METRIC_CATALOG } from "../../../components";
import { adapterRule } from "../../../components/monitoring/prometheus-adapter";
import { toQuantity } from "../../../components/vocabulary/metrics";

describe("metric catalog", () => {
    it("gives every metric a unique name that is legal as a custom metric (no ':')", () => {
        const names = METRIC_CATALOG.map((m) => m.name);
        expect(new Set(names).size).to.equal(names.length);
        for (const name of names) {
            expect(name).to.match(/^[a-z][a-z0-9_]*$/);
        }
    });

    it("reads KV-cache usage under the new name first and the deprecated one as fallback", () => {
        const kv = METRIC_CATALOG.find((m) => m.name === "vllm_kv_cache_usage_perc");
        expect(kv?.series).to.deep.equal(["vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"]);
        expect(adapterRule(kv!).metricsQuery).to.equal(
            'max by (<<.GroupBy>>) (vllm:kv_cache_usage_perc{<<.LabelMatchers>>,inference_autoscaling_model!=""} or ' +
                'vllm:gpu_cache_usage_perc{<<.LabelMatchers>>,inference_autoscaling_model!=""})',
        );
    });

    it("builds adapter rules that rename the raw series to the catalog name", () => {
        const rule = adapterRule(METRIC_CATALOG[0]);
        expect(rule).to.deep.equal({
            seriesQuery:
                '{__name__=~"^(vllm:num_requests_running)$",namespace!="",pod!="",inference_autoscaling_model!=""}',
            resources: {
                overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } },
            },
            name: { matches: "^(vllm:num_requests_running)$", as: "vllm_num_requests_running" },
            metricsQuery:
                'sum by (<<.GroupBy>>) (vllm:num_requests_running{<<.LabelMatchers>>,inference_autoscaling_model!=""})',
        });
    });

    it("writes targets as the quantities the API server keeps unchanged", () => {
        expect(toQuantity(4)).to.equal("4");
        expect(toQuantity(0.8)).to.equal("800m");
        expect(toQuantity(2.5)).to.equal("2500m");
    });
});
