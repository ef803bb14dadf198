import { expect } from "chai";
import {
    AdapterRule,
    labelForResource,
    renderPodsQuery,
} from "../../harness/pipeline/adapter-query";

const rule = (metricsQuery: string, resources: AdapterRule["resources"]): AdapterRule => ({
    seriesQuery: '{__name__="m"}',
    metricsQuery,
    name: {},
    resources,
});
const overrides = { namespace: { resource: "namespace" }, pod: { resource: "pod" } };

describe("prometheus-adapter query rendering (test helper)", () => {
    it("renders several pods as a regex matcher after the namespace, grouped by the pod label", () => {
        const q = renderPodsQuery(
            rule("sum by (<<.GroupBy>>) (<<.Series>>{<<.LabelMatchers>>})", { overrides }),
            {
                series: "vllm:num_requests_running",
                namespace: "vllm-example",
                pods: ["pod-a", "pod-b"],
            },
        );
        expect(q).to.equal(
            'sum by (pod) (vllm:num_requests_running{namespace="vllm-example",pod=~"pod-a|pod-b"})',
        );
    });

    it("renders one pod as an equality matcher", () => {
        const q = renderPodsQuery(rule("m{<<.LabelMatchers>>}", { overrides }), {
            series: "m",
            namespace: "ns",
            pods: ["p"],
        });
        expect(q).to.equal('m{namespace="ns",pod="p"}');
    });

    it("takes label names from the rule's overrides or template", () => {
        const custom = rule("x", {
            overrides: { kube_ns: { resource: "namespace" }, kube_pod: { resource: "pod" } },
        });
        expect(labelForResource(custom, "pod")).to.equal("kube_pod");
        expect(labelForResource(rule("x", { template: "<<.Resource>>" }), "namespace")).to.equal(
            "namespace",
        );
        expect(() => labelForResource(rule("x", { overrides: {} }), "pod")).to.throw(
            /maps no label/,
        );
    });

    it("rejects template actions the adapter's pods query does not fill in", () => {
        expect(() =>
            renderPodsQuery(rule("m{<<.LabelValuesByName.pod>>}", { overrides }), {
                series: "m",
                namespace: "n",
                pods: ["p"],
            }),
        ).to.throw(/unsupported template action/);
    });
});
