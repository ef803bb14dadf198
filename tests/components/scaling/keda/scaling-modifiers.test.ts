/**
 * KEDA scaling modifiers: one formula over the triggers instead of the HPA's largest per-metric
 * proposal. Each trigger then reads its metric's average per pod (checked with promtool on
 * ServiceMonitor-shaped series), the ScaledObject carries the formula as KEDA's CRD has it, and
 * the settings KEDA would silently ignore or fail on are refused at preview.
 */
import { expect } from "chai";
import { findInputProblems, InferenceAutoscalingArgs } from "../../../../components";
import { promtoolTestRules } from "../../../../harness/promtool";
import { schemaProblems } from "../../../schema/object-schemas";
import { baseArgs, runComponent } from "../../../mocks";

const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";
const FORMULA = "max(vllm_num_requests_waiting / 5, vllm_kv_cache_usage_perc / 0.8)";
const METRICS = [
    { name: "vllm_num_requests_waiting" as const },
    { name: "vllm_kv_cache_usage_perc" as const },
];
const withFormula = (extra: Partial<InferenceAutoscalingArgs> = {}) =>
    baseArgs({
        backend: "keda",
        autoscaling: { metrics: METRICS },
        keda: { scalingModifiers: { formula: FORMULA } },
        ...extra,
    });

describe("KEDA scaling modifiers (a formula over the metrics)", () => {
    it("puts the formula in advanced.scalingModifiers as a Value with target 1, beside the fallback, valid for KEDA's CRD", async () => {
        const so = (await runComponent(withFormula())).inputs(SCALED_OBJECT, "test-vllm");
        expect(so.spec.advanced.scalingModifiers).to.deep.equal({
            formula: FORMULA,
            target: "1",
            activationTarget: "0",
            metricType: "Value",
        });
        expect(so.spec.advanced.horizontalPodAutoscalerConfig.name).to.equal("test-vllm-keda");
        expect(
            so.spec.fallback.failureThreshold,
            "KEDA's fallback works with a whole-number target",
        ).to.equal(3);
        expect(so.spec.triggers.map((t: any) => [t.name, t.metricType])).to.deep.equal([
            ["vllm_num_requests_waiting", "Value"],
            ["vllm_kv_cache_usage_perc", "Value"],
        ]);
        expect(await schemaProblems(so)).to.deep.equal([]);
    });

    it("feeds the formula each metric's average per pod (promtool): queue 10 per pod and KV 0.7 give max(2, 0.875) = 2", async () => {
        const so = (await runComponent(withFormula())).inputs(SCALED_OBJECT, "test-vllm");
        const [waiting, kv] = so.spec.triggers.map((t: any) => t.metadata.query);
        const pod = (p: string, engine: string) =>
            `namespace="vllm-example",pod="vllm-gemma-deployment-7d9c4fb8c-${p}",service="test-vllm-metrics",model_name="m",engine="${engine}"`;
        const result = promtoolTestRules({
            groups: [
                {
                    name: "keda",
                    rules: [
                        { record: "waiting_per_pod", expr: waiting },
                        { record: "kv_per_pod", expr: kv },
                    ],
                },
            ],
            interval: "1m",
            input: [
                // Pod a runs two engines: 2 + 4 waiting, KV the fuller engine's 0.5.
                { series: `vllm:num_requests_waiting{${pod("aaaaa", "0")}}`, values: "2+0x5" },
                { series: `vllm:num_requests_waiting{${pod("aaaaa", "1")}}`, values: "4+0x5" },
                { series: `vllm:num_requests_waiting{${pod("bbbbb", "0")}}`, values: "14+0x5" },
                { series: `vllm:kv_cache_usage_perc{${pod("aaaaa", "0")}}`, values: "0.5+0x5" },
                { series: `vllm:kv_cache_usage_perc{${pod("aaaaa", "1")}}`, values: "0.25+0x5" },
                { series: `vllm:kv_cache_usage_perc{${pod("bbbbb", "0")}}`, values: "0.9+0x5" },
            ],
            exprTests: [
                {
                    expr: "waiting_per_pod",
                    eval_time: "3m",
                    exp_samples: [{ labels: "waiting_per_pod", value: 10 }],
                },
                {
                    expr: "kv_per_pod",
                    eval_time: "3m",
                    exp_samples: [{ labels: "kv_per_pod", value: 0.7 }],
                },
            ],
        });
        // KEDA's composite, a Value with target 1, on 2 replicas: ceil(2 x max(10 / 5, 0.7 / 0.8) / 1) = 4.
        expect(result.status, result.output).to.equal(0);
    });

    it("leaves the triggers as totals and levels without a formula", async () => {
        const so = (
            await runComponent(baseArgs({ backend: "keda", autoscaling: { metrics: METRICS } }))
        ).inputs(SCALED_OBJECT, "test-vllm");
        expect(so.spec.advanced).to.not.have.property("scalingModifiers");
        expect(so.spec.triggers.map((t: any) => t.metricType)).to.deep.equal([
            "AverageValue",
            "Value",
        ]);
    });

    describe("refuses what KEDA would ignore or fail on", () => {
        const cases: {
            case: string;
            args: InferenceAutoscalingArgs;
            path: string;
            reason: string;
        }[] = [
            {
                case: "a formula naming a metric the model does not scale on",
                args: withFormula({
                    keda: {
                        scalingModifiers: {
                            formula:
                                "max(vllm_num_requests_waiting / 5, gpu_utilization_percent / 20)",
                        },
                    },
                }),
                path: "keda.scalingModifiers.formula",
                reason:
                    "keda.scalingModifiers.formula uses gpu_utilization_percent, not in autoscaling.metrics; KEDA has a trigger only for the scaled metrics: " +
                    "vllm_num_requests_waiting, vllm_kv_cache_usage_perc",
            },
            {
                case: "a formula naming no scaled metric",
                args: withFormula({ keda: { scalingModifiers: { formula: "max(queue, kv)" } } }),
                path: "keda.scalingModifiers.formula",
                reason: 'keda.scalingModifiers.formula is "max(queue, kv)"; it must use at least one of the scaled metrics: vllm_num_requests_waiting, vllm_kv_cache_usage_perc',
            },
            {
                case: "a fractional target while the fallback is on",
                args: withFormula({
                    keda: { scalingModifiers: { formula: FORMULA, target: 0.8 } },
                }),
                path: "keda.scalingModifiers.target",
                reason:
                    "keda.scalingModifiers.target is 0.8; it must be a whole number while keda.fallback is enabled (KEDA ignores the fallback otherwise): " +
                    "scale the formula instead, or disable the fallback",
            },
            {
                case: "a formula on an HPA backend",
                args: baseArgs({
                    autoscaling: { metrics: METRICS },
                    keda: { scalingModifiers: { formula: FORMULA } },
                }),
                path: "keda.scalingModifiers",
                reason: 'keda.scalingModifiers is set but backend is "prometheus-adapter"; a formula over the metrics needs backend "keda" (an HPA takes the largest per-metric proposal)',
            },
            {
                case: "a formula with scale to zero",
                args: withFormula({
                    autoscaling: { metrics: METRICS, minReplicas: 0 },
                    keda: { activationQuery: "vector(1)", scalingModifiers: { formula: FORMULA } },
                }),
                path: "keda.scalingModifiers",
                reason:
                    "keda.scalingModifiers is set but autoscaling.minReplicas is 0; with no pod the metrics have no value, so a formula cannot wake the model: " +
                    "keep keda.activationQuery alone, or a minimum of 1",
            },
        ];
        for (const c of cases) {
            it(`rejects ${c.case}`, () => {
                expect(findInputProblems("test", c.args)).to.deep.equal([
                    { propertyPath: c.path, reason: c.reason },
                ]);
            });
        }

        it("accepts a fractional target with the fallback off", () => {
            expect(
                findInputProblems(
                    "test",
                    withFormula({
                        keda: {
                            fallback: { enabled: false },
                            scalingModifiers: { formula: FORMULA, target: 0.8 },
                        },
                    }),
                ),
            ).to.deep.equal([]);
        });
    });
});
