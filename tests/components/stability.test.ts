import { expect } from "chai";
import { InferenceAutoscalingArgs } from "../../components";
import { baseArgs, Plan, runComponent } from "../mocks";

/** `type name` of every resource whose inputs differ between two runs, plus added or removed ones. */
function changed(a: Plan, b: Plan): string[] {
    const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
    const before = new Map(a.resources.map((r) => [key(r), JSON.stringify(r.inputs)]));
    const after = new Map(b.resources.map((r) => [key(r), JSON.stringify(r.inputs)]));
    const keys = new Set([...before.keys(), ...after.keys()]);
    return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

const EKS: Partial<InferenceAutoscalingArgs> = {
    cloud: "eks",
    eks: { clusterName: "c1", subnetIds: ["subnet-1"] },
    nodePool: { accelerator: "nvidia-l4", minNodes: 1, maxNodes: 3 },
    autoscaling: { maxReplicas: 5, metrics: [{ name: "vllm_num_requests_running", target: 4 }] },
};

describe("stable previews", () => {
    it("registers identical inputs when the same program runs twice", async () => {
        const first = await runComponent(baseArgs(EKS));
        const second = await runComponent(baseArgs(EKS));
        expect(changed(first, second)).to.deep.equal([]);
    });

    const cases: { change: string; args: Partial<InferenceAutoscalingArgs>; expected: string[] }[] =
        [
            {
                change: "maxReplicas",
                args: { autoscaling: { ...EKS.autoscaling, maxReplicas: 6 } },
                expected: ["kubernetes:autoscaling/v2:HorizontalPodAutoscaler test-vllm"],
            },
            {
                change: "a metric target",
                args: {
                    autoscaling: {
                        ...EKS.autoscaling,
                        metrics: [{ name: "vllm_num_requests_running", target: 6 }],
                    },
                },
                expected: ["kubernetes:autoscaling/v2:HorizontalPodAutoscaler test-vllm"],
            },
            {
                change: "the node pool's maximum size",
                args: { nodePool: { ...EKS.nodePool!, maxNodes: 5 } },
                expected: ["aws:eks/nodeGroup:NodeGroup test-gpu"],
            },
            {
                change: "the dashboard scrape interval",
                args: { prometheus: { scrapeInterval: "20s" } },
                // Set on the component's monitors only: the chart's own targets keep its global interval.
                expected: ["kubernetes:monitoring.coreos.com/v1:ServiceMonitor test-vllm-metrics"],
            },
            {
                change: "the scaling scrape interval",
                args: { prometheus: { scalingScrapeInterval: "3s" } },
                expected: [
                    "kubernetes:monitoring.coreos.com/v1:ServiceMonitor test-dcgm-metrics",
                    "kubernetes:monitoring.coreos.com/v1:ServiceMonitor test-vllm-metrics",
                ],
            },
        ];
    for (const c of cases) {
        it(`changing ${c.change} changes only the resources that read it`, async () => {
            const before = await runComponent(baseArgs(EKS));
            const after = await runComponent(baseArgs({ ...EKS, ...c.args }));
            expect(changed(before, after)).to.deep.equal(c.expected);
        });
    }
});
