import { expect } from "chai";
import { findInputProblems, InferenceAutoscalingArgs } from "../../../../components";
import { schemaProblems } from "../../../schema/object-schemas";
import { promtoolTestRules } from "../../../../harness/promtool";
import { baseArgs, Plan, runComponent, TYPES } from "../../../mocks";

const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";
const TRIGGER_AUTH = "kubernetes:keda.sh/v1alpha1:TriggerAuthentication";
const METRICS = {
    metrics: [
        { name: "vllm_num_requests_running" as const, target: 4 },
        { name: "gpu_utilization_percent" as const, target: 20 },
    ],
};
const keda = (extra: Partial<InferenceAutoscalingArgs> = {}) =>
    baseArgs({ backend: "keda", autoscaling: METRICS, ...extra });
const GKE = {
    cloud: "gke" as const,
    gke: {
        project: "proj-1",
        location: "us-central1",
        clusterName: "c1",
        nodeLocations: ["us-central1-a"],
    },
};

function triggers(plan: Plan): any[] {
    return plan.inputs(SCALED_OBJECT, "test-vllm").spec.triggers;
}

/** Evaluates PromQL with `promtool test rules` on the given series; returns promtool's result. */
function promtoolEval(
    series: { series: string; values: string }[],
    exprs: { expr: string; expect: { labels: string; value: number }[] }[],
) {
    return promtoolTestRules({
        groups: [
            {
                name: "keda",
                rules: exprs.map((e, i) => ({ record: `keda_trigger_${i}`, expr: e.expr })),
            },
        ],
        interval: "1m",
        input: series,
        exprTests: exprs.map((e, i) => ({
            expr: `keda_trigger_${i}`,
            eval_time: "2m",
            exp_samples: e.expect.map((s) => ({
                labels: `keda_trigger_${i}${s.labels}`,
                value: s.value,
            })),
        })),
    });
}

describe("KEDA backend", () => {
    it("replaces the HPA and prometheus-adapter with KEDA and a ScaledObject, and nothing else", async () => {
        const adapter = await runComponent(baseArgs({ autoscaling: METRICS }));
        const withKeda = await runComponent(keda());
        const removed = adapter.keys().filter((k) => !withKeda.keys().includes(k));
        const added = withKeda.keys().filter((k) => !adapter.keys().includes(k));
        expect(removed).to.deep.equal([
            `${TYPES.hpa} test-vllm`,
            `${TYPES.release} test-prometheus-adapter`,
        ]);
        expect(added).to.deep.equal(
            [
                `${TYPES.namespace} test-keda`,
                `${TYPES.release} test-keda`,
                `${SCALED_OBJECT} test-vllm`,
            ].sort(),
        );
    });

    it("scales the vLLM Deployment with the same bounds and behavior, under its own HPA name", async () => {
        const plan = await runComponent(
            keda({ autoscaling: { ...METRICS, minReplicas: 2, maxReplicas: 6 } }),
        );
        const so = plan.get(SCALED_OBJECT, "test-vllm");
        const spec = (so.inputs as any).spec;
        expect(spec.scaleTargetRef).to.deep.equal({
            apiVersion: "apps/v1",
            kind: "Deployment",
            name: "vllm-gemma-deployment",
        });
        expect([spec.minReplicaCount, spec.maxReplicaCount]).to.deep.equal([2, 6]);
        expect(spec.advanced.horizontalPodAutoscalerConfig.name).to.equal("test-vllm-keda");
        expect(
            (so.inputs as any).metadata.name,
            "not the adapter HPA's name: see backend-handover.ts",
        ).to.equal("test-vllm-keda");
        expect(
            spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown
                .stabilizationWindowSeconds,
        ).to.equal(300);
        expect(so.dependsOn).to.include("test-keda");
    });

    it("has one Prometheus trigger per metric with the catalog's targets", async () => {
        const plan = await runComponent(keda());
        const t = triggers(plan);
        expect(t.map((x) => [x.name, x.metricType, x.metadata.threshold])).to.deep.equal([
            ["vllm_num_requests_running", "AverageValue", "4"],
            ["gpu_utilization_percent", "Value", "20"],
        ]);
        for (const x of t) {
            expect(x.metadata.serverAddress).to.equal(
                "http://test-kps-prometheus.test-monitoring.svc:9090",
            );
        }
    });

    it("trigger queries count exactly the server's pods (promtool, ServiceMonitor-shaped series)", async () => {
        const plan = await runComponent(keda());
        const [running, gpu] = triggers(plan).map((x) => x.metadata.query);
        const pod = (p: string) => `namespace="vllm-example",pod="${p}"`;
        const a = "vllm-gemma-deployment-7d9c4fb8c-abcde";
        const b = "vllm-gemma-deployment-7d9c4fb8c-fghij";
        const result = promtoolEval(
            [
                {
                    series: `vllm:num_requests_running{${pod(a)},service="test-vllm-metrics",model_name="m"}`,
                    values: "8+0x5",
                },
                {
                    series: `vllm:num_requests_running{${pod(b)},service="test-vllm-metrics",model_name="m"}`,
                    values: "6+0x5",
                },
                {
                    series: `vllm:num_requests_running{${pod("other-5f6d7-zzzzz")},service="other",model_name="m"}`,
                    values: "100+0x5",
                },
                { series: `dcgm_fi_dev_gpu_util_relabelled{${pod(a)}}`, values: "40+0x5" },
                { series: `dcgm_fi_dev_gpu_util_relabelled{${pod(b)}}`, values: "60+0x5" },
                {
                    series: `dcgm_fi_dev_gpu_util_relabelled{${pod("vllm-gemma-deployment-v2-7d9c4-abcde")}}`,
                    values: "100+0x5",
                },
                {
                    series: `dcgm_fi_dev_gpu_util_relabelled{${pod("vllm-gemma-deployment-canary-0")}}`,
                    values: "100+0x5",
                },
            ],
            [
                { expr: running, expect: [{ labels: "", value: 14 }] },
                { expr: gpu, expect: [{ labels: "", value: 50 }] },
            ],
        );
        expect(result.status, result.output).to.equal(0);
    });

    it("a broken trigger query fails promtool", () => {
        const result = promtoolEval(
            [{ series: 'x{a="b"}', values: "1+0x5" }],
            [{ expr: "sum(x{a=}", expect: [] }],
        );
        expect(result.status).to.not.equal(0);
    });

    it("on GKE managed collection queries Managed Service for Prometheus with Workload Identity", async () => {
        const plan = await runComponent(keda(GKE));
        const t = triggers(plan);
        expect(t[0].metadata.serverAddress).to.equal(
            "https://monitoring.googleapis.com/v1/projects/proj-1/location/global/prometheus",
        );
        expect(t[0].metadata.query).to.equal(
            'sum(vllm:num_requests_running{cluster="c1",location="us-central1",namespace="vllm-example",pod=~"vllm-gemma-deployment-[a-z0-9]{1,10}-[a-z0-9]{5}",inference_autoscaling_model="test"})',
        );
        expect(t[1].metadata.query).to.include("dcgm_fi_dev_gpu_util{");
        expect(t.map((x) => x.authenticationRef)).to.deep.equal([
            { name: "test-gmp" },
            { name: "test-gmp" },
        ]);
        expect(plan.inputs(TRIGGER_AUTH, "test-gmp").spec).to.deep.equal({
            podIdentity: { provider: "gcp" },
        });
        const member = plan.inputs(TYPES.iamMember, "test-keda-monitoring-viewer");
        expect(member.role).to.equal("roles/monitoring.viewer");
        // Tagged with the cluster: the grant is this cluster's own (cloud.test.ts).
        expect(member.member).to.match(/\/subject\/ns\/test-keda\/sa\/keda-operator-[0-9a-f]{8}$/);
        // No Stackdriver adapter: KEDA alone serves external metrics.
        expect(plan.ofType(TYPES.apiService)).to.deep.equal([]);
        expect(plan.has(TYPES.iamMember, "test-adapter-monitoring-viewer")).to.equal(false);
        // Nor its recorded per-pod series: every recorded sample is billed, and nothing reads them.
        const RULES = "kubernetes:monitoring.googleapis.com/v1:Rules";
        expect(plan.has(RULES, "test-scaling")).to.equal(false);
        expect(plan.has(RULES, "test-scaling-alerts"), "the alerts stay").to.equal(true);
        const adapter = await runComponent(baseArgs({ ...GKE, autoscaling: METRICS }));
        expect(adapter.has(RULES, "test-scaling"), "the Stackdriver adapter reads them").to.equal(
            true,
        );
    });

    it("on GKE, grants the metrics reader role to an existing KEDA's operator too, and a renamed one", async () => {
        const existing = await runComponent(
            keda({
                ...GKE,
                keda: {
                    install: false,
                    namespace: "platform-keda",
                    operatorServiceAccount: "keda-op",
                },
            }),
        );
        expect(existing.has(TYPES.release, "test-keda")).to.equal(false);
        const member = existing.inputs(TYPES.iamMember, "test-keda-monitoring-viewer").member;
        expect(member).to.match(/\/subject\/ns\/platform-keda\/sa\/keda-op$/);
        const installed = await runComponent(
            keda({ ...GKE, keda: { operatorServiceAccount: "keda-op" } }),
        );
        expect(installed.inputs(TYPES.release, "test-keda").values.serviceAccount).to.deep.equal({
            operator: { name: "keda-op" },
        });
        expect(installed.inputs(TYPES.iamMember, "test-keda-monitoring-viewer").member).to.match(
            /\/subject\/ns\/test-keda\/sa\/keda-op$/,
        );
        // KEDA the cluster already runs is looked for where KEDA installs itself by default.
        const byDefault = await runComponent(keda({ ...GKE, keda: { install: false } }));
        expect(byDefault.inputs(TYPES.iamMember, "test-keda-monitoring-viewer").member).to.match(
            /\/subject\/ns\/keda\/sa\/keda-operator$/,
        );
    });

    it("scales to zero with an activation query, threshold and cooldown", async () => {
        const plan = await runComponent(
            keda({
                autoscaling: { ...METRICS, minReplicas: 0 },
                keda: {
                    activationQuery:
                        'sum(rate(nginx_ingress_controller_requests{service="vllm"}[1m]))',
                    activationThreshold: 0.5,
                    cooldownPeriodSeconds: 900,
                },
            }),
        );
        const spec = plan.inputs(SCALED_OBJECT, "test-vllm").spec;
        expect(spec.minReplicaCount).to.equal(0);
        expect(spec.cooldownPeriod).to.equal(900);
        const activation = spec.triggers.find((x: any) => x.name === "activation");
        expect(activation.metadata).to.include({
            query: 'sum(rate(nginx_ingress_controller_requests{service="vllm"}[1m]))',
            activationThreshold: "500m",
        });
    });

    describe("fallback when the triggers' queries fail", () => {
        it("is on by default: after 3 failed reads, hold the current count, never less than max(minReplicas, 1)", async () => {
            const plan = await runComponent(
                keda({ autoscaling: { ...METRICS, minReplicas: 2, maxReplicas: 6 } }),
            );
            expect(plan.inputs(SCALED_OBJECT, "test-vllm").spec.fallback).to.deep.equal({
                failureThreshold: 3,
                replicas: 2,
                behavior: "currentReplicasIfHigher",
            });
            const toZero = await runComponent(
                keda({
                    autoscaling: { ...METRICS, minReplicas: 0 },
                    keda: { activationQuery: "vector(1)" },
                }),
            );
            expect(
                toZero.inputs(SCALED_OBJECT, "test-vllm").spec.fallback.replicas,
                "a model scaled to zero falls back to one replica",
            ).to.equal(1);
        });

        it("counts a query that finds no series as a failure while pods always run (KEDA would read it as 0)", async () => {
            const always = triggers(
                await runComponent(keda({ autoscaling: { ...METRICS, minReplicas: 1 } })),
            );
            expect(always.map((t) => t.metadata.ignoreNullValues)).to.deep.equal([
                "false",
                "false",
            ]);
            // Scaled to zero, no pod means no series and 0 is the truth; the activation trigger reads the user's query.
            const toZero = (
                await runComponent(
                    keda({
                        autoscaling: { ...METRICS, minReplicas: 0 },
                        keda: { activationQuery: "vector(1)" },
                    }),
                )
            ).inputs(SCALED_OBJECT, "test-vllm").spec.triggers;
            expect(toZero.map((t: any) => [t.name, t.metadata.ignoreNullValues])).to.deep.equal([
                ["vllm_num_requests_running", undefined],
                ["gpu_utilization_percent", undefined],
                ["activation", undefined],
            ]);
        });

        it("takes the user's threshold, count and behavior, and is left out when disabled", async () => {
            const custom = await runComponent(
                keda({
                    keda: { fallback: { failureThreshold: 5, replicas: 4, behavior: "static" } },
                }),
            );
            expect(custom.inputs(SCALED_OBJECT, "test-vllm").spec.fallback).to.deep.equal({
                failureThreshold: 5,
                replicas: 4,
                behavior: "static",
            });
            expect(await schemaProblems(custom.inputs(SCALED_OBJECT, "test-vllm"))).to.deep.equal(
                [],
            );
            const off = await runComponent(keda({ keda: { fallback: { enabled: false } } }));
            expect(off.inputs(SCALED_OBJECT, "test-vllm").spec).to.not.have.property("fallback");
        });

        it("refuses a count above maxReplicas, a negative threshold and an unknown behavior", () => {
            expect(
                findInputProblems(
                    "test",
                    keda({ keda: { fallback: { failureThreshold: -1, replicas: 9 } } }),
                ),
            ).to.deep.equal([
                {
                    propertyPath: "keda.fallback.failureThreshold",
                    reason: "keda.fallback.failureThreshold is -1; it must be a whole number of 0 or more",
                },
                {
                    propertyPath: "keda.fallback.replicas",
                    reason: "keda.fallback.replicas is 9; it must be a whole number from 0 to autoscaling.maxReplicas (5)",
                },
            ]);
            expect(
                findInputProblems(
                    "test",
                    keda({ keda: { fallback: { behavior: "holdLast" as never } } }),
                ),
            ).to.deep.equal([
                {
                    propertyPath: "keda.fallback.behavior",
                    reason: 'keda.fallback.behavior is "holdLast" (a string); it must be one of: static, currentReplicas, currentReplicasIfHigher, currentReplicasIfLower',
                },
            ]);
        });
    });

    it("validates against KEDA's schema, and a broken ScaledObject fails", async () => {
        const plan = await runComponent(keda(GKE));
        for (const type of [SCALED_OBJECT, TRIGGER_AUTH]) {
            for (const r of plan.ofType(type)) {
                expect(await schemaProblems(r.inputs as any), `${type} ${r.name}`).to.deep.equal(
                    [],
                );
            }
        }
        const broken = JSON.parse(JSON.stringify(plan.inputs(SCALED_OBJECT, "test-vllm")));
        broken.spec.minReplicaCount = "zero";
        delete broken.spec.scaleTargetRef;
        expect(await schemaProblems(broken)).to.not.deep.equal([]);
    });

    describe("refuses combinations that would collide or cannot work", () => {
        const cases: {
            case: string;
            args: InferenceAutoscalingArgs;
            path: string;
            reason: string;
        }[] = [
            {
                case: "prometheus-adapter beside KEDA",
                args: keda({ adapter: { install: true } }),
                path: "adapter.install",
                reason:
                    'adapter.install is true but backend is "keda"; two metrics servers would claim the metrics APIs ' +
                    "(custom/external.metrics.k8s.io): install exactly one",
            },
            {
                case: "prometheus-adapter with GKE managed collection",
                args: baseArgs({ ...GKE, backend: "prometheus-adapter" }),
                path: "backend",
                reason:
                    'backend is "prometheus-adapter" but collection is "gke-managed"; prometheus-adapter reads the in-cluster ' +
                    'Prometheus: use "stackdriver-adapter" or "keda" with GKE managed collection',
            },
            {
                case: "scale to zero without an activation query",
                args: keda({ autoscaling: { ...METRICS, minReplicas: 0 } }),
                path: "keda.activationQuery",
                reason:
                    "keda.activationQuery is not set but autoscaling.minReplicas is 0; vLLM reports no metrics while no pod runs, " +
                    "so give a query that sees requests arriving (e.g. your ingress's request rate) to wake it",
            },
        ];
        for (const c of cases) {
            it(`rejects ${c.case}`, () => {
                expect(findInputProblems("test", c.args)).to.deep.equal([
                    { propertyPath: c.path, reason: c.reason },
                ]);
            });
        }
    });
});
