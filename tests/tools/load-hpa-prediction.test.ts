import { expect } from "chai";
import { parseHpa } from "../../tools/load/hpa";
import { predictReplicas } from "../../tools/load/hpa-prediction";
import { formatHpa } from "../../tools/load/report";
import { HPA_JSON } from "./support/fake-kubectl";

/** HPA_JSON without its cpu metric (the prediction covers Pods/AverageValue only), with this status. */
function podsOnlyHpa(status: Record<string, unknown>, specChanges: Record<string, unknown> = {}) {
    const spec = {
        ...HPA_JSON.spec,
        metrics: HPA_JSON.spec.metrics.filter((m) => m.type === "Pods"),
        ...specChanges,
    };
    return parseHpa(JSON.stringify({ ...HPA_JSON, spec, status }));
}

const current = (running: string, gpu?: string) => [
    {
        type: "Pods",
        pods: { metric: { name: "vllm_num_requests_running" }, current: { averageValue: running } },
    },
    ...(gpu === undefined
        ? []
        : [
              {
                  type: "Pods",
                  pods: {
                      metric: { name: "gpu_utilization_percent" },
                      current: { averageValue: gpu },
                  },
              },
          ]),
];
const target = { name: "inference-vllm", namespace: "vllm-example" };

describe("load generator: the HPA algorithm's proposal from the HPA's status", () => {
    it("agrees with an HPA that follows its metrics", () => {
        // 2 replicas: 4.5 / 4 = 1.125 -> ceil(2.25) = 3; 27 / 20 = 1.35 -> ceil(2.7) = 3; max 3.
        const status = podsOnlyHpa({
            currentReplicas: 2,
            desiredReplicas: 3,
            currentMetrics: current("4500m", "27"),
        });
        expect(predictReplicas(status)).to.equal(3);
        expect(formatHpa(target, { at: 0, status })).to.equal(
            "hpa vllm-example/inference-vllm: replicas 2 current, 3 desired (1..5)  " +
                "vllm_num_requests_running 4500m/4  gpu_utilization_percent 27/20  algorithm 3 (agrees)",
        );
    });

    it("flags an HPA that holds its count, with the reason from its conditions", () => {
        // 4 replicas at 1 / 4 and 5 / 20: ratio 0.25 -> ceil(1) = 1, while the HPA's window holds 4.
        const conditions = [{ type: "AbleToScale", status: "True", reason: "ScaleDownStabilized" }];
        const status = podsOnlyHpa({
            currentReplicas: 4,
            desiredReplicas: 4,
            currentMetrics: current("1", "5"),
            conditions,
        });
        expect(predictReplicas(status)).to.equal(1);
        expect(formatHpa(target, { at: 0, status })).to.match(
            / algorithm 1 \(DIFFERS from 4 desired: ScaleDownStabilized\)$/,
        );
    });

    it("keeps the count when a metric has no current value and the others would scale down", () => {
        const status = podsOnlyHpa({
            currentReplicas: 4,
            desiredReplicas: 4,
            currentMetrics: current("1"),
        });
        expect(predictReplicas(status)).to.equal(4);
        // With both metrics reported the same status proposes 1, as above.
        expect(
            predictReplicas({
                ...status,
                metrics: podsOnlyHpa({ currentReplicas: 4, currentMetrics: current("1", "5") })
                    .metrics,
            }),
        ).to.equal(1);
    });

    it("uses the tolerance the HPA's behavior sets", () => {
        // 20 replicas at 3.7 / 4 (and 19 / 20): ratios 0.925 and 0.95 are within 10% -> 20;
        // a scale-down tolerance of 2% lets both out: ceil(18.5) = 19 and ceil(19) = 19.
        const status = {
            currentReplicas: 20,
            desiredReplicas: 20,
            currentMetrics: current("3700m", "19"),
        };
        expect(predictReplicas(podsOnlyHpa(status, { maxReplicas: 30 }))).to.equal(20);
        expect(
            predictReplicas(
                podsOnlyHpa(status, {
                    maxReplicas: 30,
                    behavior: { scaleDown: { tolerance: "20m" } },
                }),
            ),
        ).to.equal(19);
    });

    it("predicts nothing for other metric types or an HPA without a status", () => {
        const withCpu = parseHpa(JSON.stringify(HPA_JSON));
        expect(predictReplicas(withCpu)).to.equal(undefined);
        expect(formatHpa(target, { at: 0, status: withCpu })).to.not.include("algorithm");
        expect(predictReplicas(podsOnlyHpa({}))).to.equal(undefined);
    });
});
