/**
 * One platform, many models: InferencePlatform once, a ModelAutoscaler per model, in any
 * namespaces, each with its own names, its own HPA or ScaledObject reading only its own pods'
 * series (checked with promtool on series of two Deployments whose pods share names), and
 * optionally its own node pool.
 */
import { expect } from "chai";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    findModelInputProblems,
    InferencePlatform,
    modelInputWarnings,
    InferencePlatformArgs,
    ModelAutoscaler,
    ModelAutoscalerArgs,
    PlatformConnection,
    VllmServerArgs,
} from "../../components";
import { renderPodsQuery } from "../../harness/pipeline/adapter-query";
import { promtoolTestRules } from "../../harness/promtool";
import { Plan, runProgram, TYPES, valueOf } from "../mocks";

const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";
const EKS: InferencePlatformArgs = {
    cloud: "eks",
    eks: { clusterName: "c", subnetIds: ["subnet-1"] },
    nodePool: { accelerator: "nvidia-l4" },
};
/** Two Deployments with the same name (so the same pod names) in two namespaces. */
const server = (namespace: string): VllmServerArgs => ({
    namespace,
    deploymentName: "vllm",
    podLabels: { app: "vllm" },
    metricsPort: 8000,
});
const METRICS = { metrics: [{ name: "vllm_num_requests_running" as const, target: 4 }] };

/** A platform and two models on it, `gemma` and `qwen`; `extra` changes qwen. */
async function twoModels(
    platformArgs: InferencePlatformArgs,
    extra: Partial<ModelAutoscalerArgs> = {},
): Promise<Plan> {
    return runProgram(() => {
        const platform = new InferencePlatform("gpu", platformArgs);
        const gemma = new ModelAutoscaler("gemma", {
            platform: platform.connection,
            server: server("team-a"),
            autoscaling: METRICS,
        });
        const qwen = new ModelAutoscaler("qwen", {
            platform: platform.connection,
            server: server("team-b"),
            autoscaling: METRICS,
            ...extra,
        });
        return [gemma.hpaName, qwen.hpaName, platform.gpuNodeSelector as pulumi.Output<unknown>];
    });
}

/** Evaluates each expression with `promtool test rules` over `series`, expecting one sample each. */
function promtoolValues(
    series: { series: string; values: string }[],
    exprs: { expr: string; value: number }[],
) {
    return promtoolTestRules({
        groups: [{ name: "q", rules: exprs.map((e, i) => ({ record: `q_${i}`, expr: e.expr })) }],
        interval: "1m",
        input: series,
        exprTests: exprs.map((e, i) => ({
            expr: `sum(q_${i})`,
            eval_time: "2m",
            exp_samples: [{ labels: "{}", value: e.value }],
        })),
    });
}

/** The same pod names in both namespaces: 8 + 6 running in team-a, 100 + 100 in team-b. */
const POD_A = "vllm-7d9c4fb8c-abcde";
const POD_B = "vllm-7d9c4fb8c-fghij";
function sameNamedPods(extraLabels: (ns: string) => string) {
    const s = (ns: string, pod: string, v: number) => ({
        series: `vllm:num_requests_running{namespace="${ns}",pod="${pod}",${extraLabels(ns)}model_name="m"}`,
        values: `${v}+0x5`,
    });
    return [
        s("team-a", POD_A, 8),
        s("team-a", POD_B, 6),
        s("team-b", POD_A, 100),
        s("team-b", POD_B, 100),
    ];
}

describe("one platform, many models", () => {
    it("makes the platform once and each model's objects under its own names, in its own namespace", async () => {
        const plan = await twoModels(EKS);
        expect(
            plan
                .ofType(TYPES.release)
                .map((r) => r.name)
                .sort(),
        ).to.deep.equal([
            "gpu-cluster-autoscaler",
            "gpu-dcgm-exporter",
            "gpu-nvidia-device-plugin",
            "gpu-prometheus",
            "gpu-prometheus-adapter",
        ]);
        const keys = plan.keys();
        expect(new Set(keys).size, "no two resources share a type and name").to.equal(keys.length);
        for (const [model, ns] of [
            ["gemma", "team-a"],
            ["qwen", "team-b"],
        ]) {
            const hpa = plan.inputs(TYPES.hpa, `${model}-vllm`);
            expect([hpa.metadata.namespace, hpa.spec.scaleTargetRef.name]).to.deep.equal([
                ns,
                "vllm",
            ]);
            expect(
                plan.inputs(TYPES.serviceMonitor, `${model}-vllm-metrics`).metadata.namespace,
            ).to.equal(ns);
            expect(plan.get(TYPES.hpa, `${model}-vllm`).parent).to.equal(model);
        }
        expect(
            plan.get(TYPES.serviceMonitor, "qwen-vllm-metrics").dependsOn,
            "a model's monitor waits for the Prometheus Operator's CRDs",
        ).to.include("gpu-prometheus");
    });

    it("each model's HPA reads only its own pods through prometheus-adapter, from its own scrape only, though the pod names repeat across namespaces (promtool)", async () => {
        const plan = await twoModels(EKS);
        const rules = plan.inputs(TYPES.release, "gpu-prometheus-adapter").values.rules.custom;
        const rule = rules.find(
            (r: { name: { as: string } }) => r.name.as === "vllm_num_requests_running",
        );
        const query = (namespace: string) =>
            renderPodsQuery(rule, {
                series: "vllm:num_requests_running",
                namespace,
                pods: [POD_A, POD_B],
            });
        // Series of the component's own scrape carry the model's label; a team's own monitor over the same pods does not.
        const ownScrape = (ns: string) =>
            `inference_autoscaling_model="${ns === "team-a" ? "gemma" : "qwen"}",`;
        const otherMonitor = [POD_A, POD_B].map((pod) => ({
            series: `vllm:num_requests_running{namespace="team-a",pod="${pod}",service="team-a-own-monitor",model_name="m"}`,
            values: "50+0x5",
        }));
        const result = promtoolValues(
            [...sameNamedPods(ownScrape), ...otherMonitor],
            [
                { expr: query("team-a"), value: 14 },
                { expr: query("team-b"), value: 200 },
            ],
        );
        expect(result.status, result.output).to.equal(0);
    });

    it("each model's KEDA triggers read only its own pods, on self-managed and on GKE managed collection (promtool)", async () => {
        for (const [platformArgs, labels] of [
            [
                { ...EKS, backend: "keda" },
                (ns: string) => `service="${ns === "team-a" ? "gemma" : "qwen"}-vllm-metrics",`,
            ],
            [
                {
                    cloud: "gke",
                    gke: { project: "p", location: "us-central1", clusterName: "c1" },
                    backend: "keda",
                },
                (ns: string) =>
                    `cluster="c1",location="us-central1",inference_autoscaling_model="${ns === "team-a" ? "gemma" : "qwen"}",`,
            ],
        ] as [InferencePlatformArgs, (ns: string) => string][]) {
            const plan = await twoModels(platformArgs);
            const query = (model: string) =>
                plan.inputs(SCALED_OBJECT, `${model}-vllm`).spec.triggers[0].metadata.query;
            // The other cluster's series in GMP and the other model's never count.
            const series = [
                ...sameNamedPods(labels),
                {
                    series: `vllm:num_requests_running{namespace="team-a",pod="${POD_A}",cluster="c2",location="us-central1",model_name="m"}`,
                    values: "50+0x5",
                },
                // A cluster of the same name in another region of the project.
                {
                    series: `vllm:num_requests_running{namespace="team-a",pod="${POD_A}",cluster="c1",location="europe-west4",inference_autoscaling_model="gemma",model_name="m"}`,
                    values: "70+0x5",
                },
            ];
            const result = promtoolValues(
                platformArgs.cloud === "gke" ? series : sameNamedPods(labels),
                [
                    { expr: query("gemma"), value: 14 },
                    { expr: query("qwen"), value: 200 },
                ],
            );
            expect(result.status, `${platformArgs.cloud}: ${result.output}`).to.equal(0);
        }
    });

    it("a model can bring its own node pool with another accelerator; its server runs there", async () => {
        const plan = await twoModels(EKS, {
            nodePool: { accelerator: "nvidia-a10g", maxNodes: 2 },
            server: { ...server("team-b"), deploy: { model: "Qwen/Qwen3-0.6B" } },
        });
        const pools = plan.ofType(TYPES.eksNodeGroup).map((r) => r.inputs as any);
        expect(
            pools.map((p) => [
                p.nodeGroupNamePrefix,
                p.instanceTypes[0],
                p.labels["inference-autoscaling/model"],
            ]),
        ).to.deep.equal([
            ["gpu-gpu-", "g6.xlarge", undefined],
            ["qwen-gpu-", "g5.xlarge", "qwen"],
        ]);
        const deployment = plan.get("kubernetes:apps/v1:Deployment", "qwen-vllm-server");
        expect((deployment.inputs as any).spec.template.spec.nodeSelector).to.deep.equal({
            "nvidia.com/gpu.present": "true",
            "inference-autoscaling/model": "qwen",
        });
        expect(deployment.dependsOn, "the server waits for its own pool").to.include("qwen-gpu");
    });

    it("an AKS model pool gets an agent pool name Azure accepts, derived from the model", async () => {
        const plan = await twoModels(
            {
                cloud: "aks",
                aks: { resourceGroupName: "rg", clusterName: "c" },
                nodePool: { accelerator: "nvidia-t4" },
            },
            { nodePool: { accelerator: "nvidia-a100-80gb" } },
        );
        const names = plan
            .ofType(TYPES.aksAgentPool)
            .map((r) => (r.inputs as any).agentPoolName)
            .sort();
        expect(names[0]).to.match(/^gpugpu[0-9a-f]{4}$/);
        expect(names[1]).to.match(/^gpuqwen[0-9a-f]{4}$/);
    });

    describe("checks a model against its platform", () => {
        const connection = (overrides: Partial<PlatformConnection>): PlatformConnection => ({
            name: "gpu",
            cloud: "gke",
            cluster: { cloud: "gke", gke: { project: "p", location: "l", clusterName: "c" } },
            collection: "gke-managed",
            backend: "stackdriver-adapter",
            gpuMetrics: false,
            monitorLabels: {},
            scrapeInterval: "15s",
            scalingScrapeInterval: "5s",
            evaluationInterval: "5s",
            gpuNodeSelector: {},
            gpuTolerations: [],
            alerts: true,
            grafana: false,
            crds: { prometheusOperator: [], keda: [] },
            ...overrides,
        });

        it("refuses a GPU metric when the platform does not collect GPU metrics", () => {
            const problems = findModelInputProblems("m", {
                platform: connection({}),
                server: server("a"),
                autoscaling: { metrics: [{ name: "gpu_utilization_percent" }] },
            });
            expect(problems).to.deep.equal([
                {
                    propertyPath: "gpuMetrics",
                    reason: "a GPU metric is in autoscaling.metrics but the platform's gpuMetrics is false; set it to true to scrape GKE's DCGM exporter",
                },
            ]);
        });

        it("refuses scale to zero unless the platform runs KEDA, and a node pool the cloud cannot make", () => {
            const problems = findModelInputProblems("m", {
                platform: connection({
                    cloud: "generic",
                    cluster: { cloud: "generic" },
                    collection: "self-managed",
                    backend: "prometheus-adapter",
                }),
                server: server("a"),
                autoscaling: { minReplicas: 0 },
                nodePool: { accelerator: "nvidia-l4" },
            });
            expect(problems.map((p) => p.propertyPath)).to.deep.equal([
                "autoscaling.minReplicas",
                "nodePool",
            ]);
        });

        it("refuses more replicas than the model's own pool can ever hold, with the arithmetic", () => {
            const pool = { accelerator: "nvidia-l4" as const, gpusPerNode: 2, maxNodes: 4 };
            const model = (maxReplicas: number, gpusPerPod: number) =>
                findModelInputProblems("m", {
                    platform: connection({}),
                    server: { ...server("a"), deploy: { model: "Qwen/Qwen3-0.6B", gpusPerPod } },
                    autoscaling: { maxReplicas },
                    nodePool: pool,
                });
            expect(model(9, 1)).to.deep.equal([
                {
                    propertyPath: "autoscaling.maxReplicas",
                    reason:
                        "autoscaling.maxReplicas is 9 but the model's own pool holds at most 8 replicas (nodePool.maxNodes 4 × 2 pod(s) " +
                        "of 1 GPU(s) on a node of 2) and its pods run nowhere else: lower maxReplicas to 8 or raise nodePool.maxNodes",
                },
            ]);
            expect(model(8, 1)).to.deep.equal([]);
            // Left at the default, beyond the pool: said, not refused.
            expect(
                modelInputWarnings("m", {
                    platform: connection({}),
                    server: server("a"),
                    nodePool: { accelerator: "nvidia-l4" },
                }),
            ).to.deep.equal([
                "autoscaling.maxReplicas defaults to 5 but the model's own pool holds at most 3 replicas (nodePool.maxNodes 3 × 1 pod(s) " +
                    "of 1 GPU(s) on a node of 1): set maxReplicas to 3 or raise nodePool.maxNodes",
            ]);
            expect(model(5, 2).map((p) => p.reason)).to.satisfy(
                (r: string[]) => r.length === 1 && r[0].includes("holds at most 4 replicas"),
            );
        });

        it("refuses unknown fields with the nearest known one", () => {
            const problems = findModelInputProblems("m", {
                platform: connection({}),
                server: server("a"),
                autoscale: {},
            } as never);
            expect(problems[0].reason).to.match(
                /^autoscale is not a known field; did you mean "autoscaling"\?/,
            );
        });
    });
});

describe("outputs the Pulumi schema can carry", () => {
    it("gives node pools and the ScaledObject by ID and name, and keeps the resources for TypeScript as getters", async () => {
        let platform!: InferencePlatform;
        let model!: ModelAutoscaler;
        const plan = await runProgram(() => {
            platform = new InferencePlatform("gpu", { ...EKS, backend: "keda" });
            model = new ModelAutoscaler("qwen", {
                platform: platform.connection,
                server: server("team-b"),
                autoscaling: METRICS,
                nodePool: { accelerator: "nvidia-a10g" },
            });
            return [platform.nodePoolId!, model.nodePoolId!, model.scaledObjectName!];
        });
        expect(platform.nodePool).to.be.instanceOf(pulumi.CustomResource);
        expect(model.nodePool).to.be.instanceOf(pulumi.CustomResource);
        expect(model.scaledObject).to.be.instanceOf(k8s.apiextensions.CustomResource);
        expect(await valueOf(platform.nodePoolId!)).to.equal(await valueOf(platform.nodePool!.id));
        expect(await valueOf(model.nodePoolId!)).to.equal(await valueOf(model.nodePool!.id));
        expect(await valueOf(model.scaledObjectName!)).to.equal(
            (plan.get(SCALED_OBJECT, "qwen-vllm").inputs as any).metadata.name,
        );
        // Getters, not fields: the schema analyzer reads fields only.
        expect(Object.keys(model)).to.not.include.members(["nodePool"]);
        expect(Object.keys(model)).to.not.include.members(["scaledObject"]);
        expect(Object.keys(platform)).to.not.include.members(["nodePool"]);
    });

    it("takes the connection as one Output, as the engine hands it over from another language, and makes the same objects, waiting for the pool", async () => {
        let outputs: pulumi.Output<unknown>[] = [];
        const plan = await runProgram(() => {
            const platform = new InferencePlatform("gpu", EKS);
            // What @pulumi/pulumi's provider server makes of an input that depends on other
            // resources (deserializeInputs): the whole value wrapped in one Output.
            const connection = pulumi.output(platform.connection) as any;
            const model = new ModelAutoscaler("qwen", {
                platform: connection,
                server: { ...server("team-b"), deploy: { model: "Qwen/Qwen3-0.6B" } },
                autoscaling: METRICS,
            });
            outputs = [model.hpaName, model.metricNames];
            return outputs;
        });
        const hpa = plan.inputs(TYPES.hpa, "qwen-vllm");
        expect([hpa.metadata.namespace, hpa.spec.metrics[0].pods.metric.name]).to.deep.equal([
            "team-b",
            "vllm_num_requests_running",
        ]);
        expect(await Promise.all(outputs.map(valueOf))).to.deep.equal([
            "qwen-vllm",
            ["vllm_num_requests_running"],
        ]);
        expect(plan.get("kubernetes:apps/v1:Deployment", "qwen-vllm-server").dependsOn).to.include(
            "gpu-gpu",
        );
    });

    it("a model without a pool of its own waits for the platform's pool through the connection's gpuNodePoolId", async () => {
        const plan = await runProgram(() => {
            const platform = new InferencePlatform("gpu", EKS);
            const model = new ModelAutoscaler("qwen", {
                platform: platform.connection,
                server: { ...server("team-b"), deploy: { model: "Qwen/Qwen3-0.6B" } },
                autoscaling: METRICS,
            });
            return [model.hpaName];
        });
        expect(plan.get("kubernetes:apps/v1:Deployment", "qwen-vllm-server").dependsOn).to.include(
            "gpu-gpu",
        );
    });
});
