/**
 * Warm GPU headroom and image pre-pull: placeholder pods that hold whole GPU nodes below every
 * real workload's priority (yet not below the node autoscaler's expendable cutoff), on the nodes
 * their owner's servers use, shared by the models of a platform; a pre-pull DaemonSet that puts a
 * model's image on its GPU nodes without asking for a GPU; and nothing of either when not asked.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import {
    findInputProblems,
    findModelInputProblems,
    InferencePlatform,
    InferencePlatformArgs,
    ModelAutoscaler,
    ModelAutoscalerArgs,
    VllmServerArgs,
} from "../../../components";
import {
    EXPENDABLE_PODS_PRIORITY_CUTOFF,
    PLACEHOLDER_PRIORITY,
} from "../../../components/vocabulary/priority";
import { baseArgs, Plan, runComponent, runProgram, TYPES } from "../../mocks";

const PRIORITY_CLASS = "kubernetes:scheduling.k8s.io/v1:PriorityClass";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const DAEMON_SET = "kubernetes:apps/v1:DaemonSet";

const EKS: InferencePlatformArgs = {
    cloud: "eks",
    eks: { clusterName: "c", subnetIds: ["subnet-1"] },
    nodePool: { accelerator: "nvidia-l4", maxNodes: 4 },
};
const server = (namespace: string, deploy = true): VllmServerArgs => ({
    namespace,
    deploymentName: "vllm",
    podLabels: { app: "vllm" },
    metricsPort: 8000,
    ...(deploy ? { deploy: { model: "Qwen/Qwen3-0.6B" } } : {}),
});

/** A platform and two models deploying their servers, `gemma` and `qwen`; `extra` changes qwen. */
function twoModels(
    platformArgs: InferencePlatformArgs,
    extra: Partial<ModelAutoscalerArgs> = {},
): Promise<Plan> {
    return runProgram(() => {
        const platform = new InferencePlatform("gpu", platformArgs);
        const gemma = new ModelAutoscaler("gemma", {
            platform: platform.connection,
            server: server("team-a"),
        });
        const qwen = new ModelAutoscaler("qwen", {
            platform: platform.connection,
            server: server("team-b"),
            ...extra,
        });
        return [gemma.hpaName, qwen.hpaName, platform.gpuNodeSelector as pulumi.Output<unknown>];
    });
}

const podSpec = (plan: Plan, type: string, name: string) =>
    plan.inputs(type, name).spec.template.spec;
/** Every GPU limit any container of a pod asks for. */
/** The GPU limits a pod's containers set (init containers included; those without one left out). */
const gpuLimits = (spec: any) =>
    [...(spec.initContainers ?? []), ...spec.containers]
        .map((c: any) => c.resources?.limits?.["nvidia.com/gpu"])
        .filter((g: unknown) => g !== undefined);
/** The placeholder objects and pre-pull DaemonSets, as `type name`. */
const capacityKeys = (plan: Plan) =>
    plan.keys().filter((k) => /-warm-capacity$|-image-prepull$/.test(k));

describe("warm GPU headroom", () => {
    it("holds whole nodes of the platform's pool with pause pods of a class below every workload and at the autoscaler's cutoff", async () => {
        const plan = await runProgram(() => [
            new InferencePlatform("gpu", { ...EKS, warmCapacity: 2 })
                .gpuNodeSelector as pulumi.Output<unknown>,
        ]);
        const priority = plan.inputs(PRIORITY_CLASS, "gpu-warm-capacity");
        expect([priority.value, priority.preemptionPolicy, priority.globalDefault]).to.deep.equal([
            PLACEHOLDER_PRIORITY,
            "Never",
            false,
        ]);
        expect(
            priority.value,
            "below Kubernetes' default priority, which every server pod has",
        ).to.be.lessThan(0);
        expect(
            priority.value,
            "not expendable: the node autoscaler adds nodes for it",
        ).to.be.at.least(EXPENDABLE_PODS_PRIORITY_CUTOFF);

        const placeholders = plan.inputs(DEPLOYMENT, "gpu-warm-capacity");
        expect([
            placeholders.metadata.namespace,
            placeholders.spec.replicas,
            placeholders.spec.strategy.type,
        ]).to.deep.equal(["gpu-warm-capacity", 2, "Recreate"]);
        const spec = placeholders.spec.template.spec;
        expect(spec.priorityClassName).to.equal("gpu-warm-capacity");
        expect(spec.containers.map((c: any) => c.image)).to.deep.equal([
            "registry.k8s.io/pause:3.10",
        ]);
        expect(gpuLimits(spec)).to.deep.equal(["1"]);
        expect(spec.containers[0].resources.requests["nvidia.com/gpu"]).to.equal("1");
        // The pool's labels and taint, as the platform gives them to GPU workloads.
        expect(spec.nodeSelector).to.deep.equal({ "nvidia.com/gpu.present": "true" });
        expect(spec.tolerations).to.deep.equal([
            { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
        ]);
        expect(
            placeholders.metadata.annotations,
            "pulumi up does not wait for GPU nodes to come up",
        ).to.deep.equal({ "pulumi.com/skipAwait": "true" });
    });

    it("one placeholder per node on multi-GPU machines, each asking for the node's GPUs", async () => {
        const pool = {
            accelerator: "nvidia-l4" as const,
            machineType: "g6.12xlarge",
            gpusPerNode: 4,
            maxNodes: 3,
        };
        const plan = await runProgram(() => [
            new InferencePlatform("gpu", { ...EKS, nodePool: pool, warmCapacity: 8 })
                .gpuNodeSelector as pulumi.Output<unknown>,
        ]);
        const placeholders = plan.inputs(DEPLOYMENT, "gpu-warm-capacity");
        expect(placeholders.spec.replicas).to.equal(2);
        expect(gpuLimits(placeholders.spec.template.spec)).to.deep.equal(["4"]);
    });

    it("a second model on the same platform shares the platform's headroom: one set of placeholders, on the nodes both servers use", async () => {
        const plan = await twoModels({ ...EKS, warmCapacity: 1 });
        expect(plan.ofType(PRIORITY_CLASS).map((r) => r.name)).to.deep.equal(["gpu-warm-capacity"]);
        expect(
            plan
                .ofType(DEPLOYMENT)
                .filter((r) => r.name.endsWith("-warm-capacity"))
                .map((r) => r.name),
        ).to.deep.equal(["gpu-warm-capacity"]);
        const placeholder = podSpec(plan, DEPLOYMENT, "gpu-warm-capacity");
        for (const model of ["gemma", "qwen"]) {
            const serverPod = podSpec(plan, DEPLOYMENT, `${model}-vllm-server`);
            // A server pod preempts a placeholder only where it could run itself.
            expect([serverPod.nodeSelector, serverPod.tolerations], model).to.deep.equal([
                placeholder.nodeSelector,
                placeholder.tolerations,
            ]);
            expect(gpuLimits(serverPod), model).to.deep.equal(gpuLimits(placeholder));
        }
    });

    it("placeholders never outrank a server pod: servers name no priority class, so run at 0, above the placeholders'", async () => {
        const plan = await twoModels(
            { ...EKS, warmCapacity: 1 },
            { nodePool: { accelerator: "nvidia-a10g", maxNodes: 2 }, warmCapacity: 1 },
        );
        const classes = new Map(
            plan
                .ofType(PRIORITY_CLASS)
                .map((r) => [(r.inputs as any).metadata.name, (r.inputs as any).value as number]),
        );
        const priorityOf = (spec: any) =>
            spec.priorityClassName === undefined ? 0 : classes.get(spec.priorityClassName);
        const servers = plan.ofType(DEPLOYMENT).filter((r) => r.name.endsWith("-vllm-server"));
        const placeholders = plan
            .ofType(DEPLOYMENT)
            .filter((r) => r.name.endsWith("-warm-capacity"));
        expect(servers).to.have.length(2);
        expect(placeholders.map((p) => p.name).sort()).to.deep.equal([
            "gpu-warm-capacity",
            "qwen-warm-capacity",
        ]);
        for (const s of servers) {
            for (const p of placeholders) {
                const [sp, pp] = [
                    priorityOf((s.inputs as any).spec.template.spec),
                    priorityOf((p.inputs as any).spec.template.spec),
                ];
                expect(sp, `${s.name} (${sp}) over ${p.name} (${pp})`).to.be.greaterThan(
                    pp as number,
                );
            }
        }
        expect(
            [...classes.values()].every((v) => v < 0),
            "no class the component makes is at or above the default",
        ).to.equal(true);
    });

    it("a model's own pool gets its own headroom, on that pool only", async () => {
        const plan = await twoModels(EKS, {
            nodePool: { accelerator: "nvidia-a10g", maxNodes: 2 },
            warmCapacity: 2,
        });
        expect(capacityKeys(plan).filter((k) => k.includes("warm-capacity"))).to.deep.equal([
            `${DEPLOYMENT} qwen-warm-capacity`,
            `${TYPES.namespace} qwen-warm-capacity`,
            `${PRIORITY_CLASS} qwen-warm-capacity`,
        ]);
        const spec = podSpec(plan, DEPLOYMENT, "qwen-warm-capacity");
        expect(spec.nodeSelector).to.deep.equal(
            podSpec(plan, DEPLOYMENT, "qwen-vllm-server").nodeSelector,
        );
        expect(spec.nodeSelector["inference-autoscaling/model"]).to.equal("qwen");
        expect(plan.get(DEPLOYMENT, "qwen-warm-capacity").parent).to.equal("qwen");
    });

    it("warmCapacity: 0 (the default) makes none of it, and taking it away leaves exactly what was there without it", async () => {
        const args = baseArgs({ ...EKS, server: server("vllm-example") });
        const without = await runComponent(args);
        const zero = await runComponent({ ...args, warmCapacity: 0 });
        const two = await runComponent({ ...args, warmCapacity: 2 });
        expect(zero.keys()).to.deep.equal(without.keys());
        expect(without.ofType(PRIORITY_CLASS)).to.deep.equal([]);
        const added = two.keys().filter((k) => !without.keys().includes(k));
        expect(added).to.deep.equal([
            `${DEPLOYMENT} test-warm-capacity`,
            `${TYPES.namespace} test-warm-capacity`,
            `${PRIORITY_CLASS} test-warm-capacity`,
        ]);
        expect(two.keys().filter((k) => !added.includes(k))).to.deep.equal(without.keys());
    });

    it("works on GPU nodes the cluster brings: one GPU per placeholder, the platform's GPU selector", async () => {
        const plan = await runComponent(baseArgs({ warmCapacity: 3 }));
        const spec = podSpec(plan, DEPLOYMENT, "test-warm-capacity");
        expect([
            plan.inputs(DEPLOYMENT, "test-warm-capacity").spec.replicas,
            gpuLimits(spec),
            spec.nodeSelector,
        ]).to.deep.equal([3, ["1"], { "nvidia.com/gpu.present": "true" }]);
    });

    it("EKS's Cluster Autoscaler is told the cutoff the placeholders sit at, so their pending pods add nodes", async () => {
        const plan = await runComponent(baseArgs({ ...EKS, warmCapacity: 1 }));
        const cutoff = plan.inputs(TYPES.release, "test-cluster-autoscaler").values.extraArgs[
            "expendable-pods-priority-cutoff"
        ];
        expect(plan.inputs(PRIORITY_CLASS, "test-warm-capacity").value).to.be.at.least(cutoff);
    });
});

describe("image pre-pull", () => {
    it("a model that deploys its server pulls its image onto the server's GPU nodes, asking for no GPU", async () => {
        const plan = await twoModels(EKS, {
            nodePool: { accelerator: "nvidia-a10g", maxNodes: 2 },
            server: { ...server("team-b"), deploy: { image: "vllm/vllm-openai:v0.10.2" } },
        });
        for (const [model, image] of [
            ["gemma", "vllm/vllm-openai:v0.11.0"],
            ["qwen", "vllm/vllm-openai:v0.10.2"],
        ]) {
            const ds = plan.inputs(DAEMON_SET, `${model}-image-prepull`);
            const spec = ds.spec.template.spec;
            const serverPod = podSpec(plan, DEPLOYMENT, `${model}-vllm-server`);
            expect(ds.metadata.namespace, model).to.equal(
                plan.inputs(DEPLOYMENT, `${model}-vllm-server`).metadata.namespace,
            );
            expect([spec.nodeSelector, spec.tolerations], model).to.deep.equal([
                serverPod.nodeSelector,
                serverPod.tolerations,
            ]);
            // The image, then (model cache on by default) the weights, each as the server pod gets them.
            expect(
                spec.initContainers.map((c: any) => [c.name, c.image]),
                model,
            ).to.deep.equal([
                ["pull", serverPod.containers[0].image],
                ["fetch-model", serverPod.containers[0].image],
            ]);
            expect(spec.initContainers[0].command, model).to.deep.equal(["true"]);
            expect(spec.initContainers[1], model).to.deep.equal(serverPod.initContainers[0]);
            expect(spec.volumes, model).to.deep.equal(
                serverPod.volumes.filter((v: any) => v.hostPath),
            );
            expect(serverPod.containers[0].image, model).to.equal(image);
            // What keeps the pod on the node: with the cache, its keep-alive, as in the server pod
            // (it marks the model's directory in use: model-cache.test.ts); else a pause container.
            expect(spec.containers, model).to.deep.equal(
                serverPod.containers.filter((c: any) => c.name === "cache-keepalive"),
            );
            expect(spec.containers[0].image, model).to.equal(image);
            expect(
                gpuLimits(spec).filter((g) => g !== undefined),
                `${model} asks for no GPU`,
            ).to.deep.equal([]);
            for (const c of [...spec.initContainers, ...spec.containers]) {
                expect(
                    Object.keys(c.resources.requests).sort(),
                    `${model} ${c.name}`,
                ).to.deep.equal(["cpu", "memory"]);
            }
            // The pre-pull pods are not the server's: its Services and budget (selecting `app: vllm`) never select them.
            expect(ds.spec.template.metadata.labels, model).to.not.have.property("app");
        }
    });

    it("is on by default, off with prePullImage: false, and absent for a server the model does not deploy", async () => {
        const plan = await twoModels(EKS, {
            server: { ...server("team-b"), deploy: { prePullImage: false } },
        });
        expect(capacityKeys(plan)).to.deep.equal([`${DAEMON_SET} gemma-image-prepull`]);
        const bring = await twoModels(EKS, { server: server("team-b", false) });
        expect(capacityKeys(bring)).to.deep.equal([`${DAEMON_SET} gemma-image-prepull`]);
    });

    it("is not made where the GPU nodes have no selector (GKE nodes the platform did not make): it would pull onto every node", async () => {
        const plan = await runComponent(
            baseArgs({
                cloud: "gke",
                gke: { project: "p", location: "us-central1-a", clusterName: "c" },
                server: server("vllm-example"),
            }),
        );
        expect(
            plan.ofType(DAEMON_SET).filter((r) => r.name.endsWith("-image-prepull")),
        ).to.deep.equal([]);
    });
});

describe("warm capacity validation", () => {
    const eks = (
        warmCapacity: number,
        nodePool: InferencePlatformArgs["nodePool"] = EKS.nodePool,
    ) => baseArgs({ ...EKS, nodePool, warmCapacity });
    const ROWS: {
        case: string;
        args: ReturnType<typeof baseArgs>;
        path: string;
        reason: string;
    }[] = [
        {
            case: "a negative count",
            args: eks(-1),
            path: "warmCapacity",
            reason: "warmCapacity is -1; it must be a whole number of GPUs, 0 or more",
        },
        {
            case: "a fraction",
            args: eks(1.5),
            path: "warmCapacity",
            reason: "warmCapacity is 1.5 (a number); it must be a whole number",
        },
        {
            case: "more GPUs than the pool can hold",
            args: eks(5),
            path: "warmCapacity",
            reason: "warmCapacity is 5 but the pool holds at most 4 GPUs (nodePool.maxNodes 4 × gpusPerNode 1); use at most 4",
        },
        {
            case: "part of a node",
            args: eks(6, {
                accelerator: "nvidia-l4",
                machineType: "g6.12xlarge",
                gpusPerNode: 4,
                maxNodes: 3,
            }),
            path: "warmCapacity",
            reason: "warmCapacity is 6 but nodePool.gpusPerNode is 4; headroom is kept in whole nodes: use a multiple of 4",
        },
    ];
    for (const row of ROWS) {
        it(`rejects ${row.case}, naming the field, the value and what is allowed`, () => {
            expect(findInputProblems("test", row.args)).to.deep.equal([
                { propertyPath: row.path, reason: row.reason },
            ]);
        });
    }

    it("accepts the pool's full size, and any whole number on GPU nodes the cluster brings", () => {
        expect(findInputProblems("test", eks(4))).to.deep.equal([]);
        expect(findInputProblems("test", baseArgs({ warmCapacity: 7 }))).to.deep.equal([]);
    });

    it("refuses a model's headroom without a pool of its own, and checks it against that pool", async () => {
        await runProgram(() => {
            const platform = new InferencePlatform("gpu", EKS);
            const problems = (extra: Partial<ModelAutoscalerArgs>) =>
                findModelInputProblems("qwen", {
                    platform: platform.connection,
                    server: server("b"),
                    ...extra,
                });
            expect(problems({ warmCapacity: 1 })).to.deep.equal([
                {
                    propertyPath: "warmCapacity",
                    reason:
                        "warmCapacity is 1 but nodePool is not set; a model's headroom goes on its own pool only: headroom on the platform's " +
                        "GPU nodes is the platform's warmCapacity, shared by every model there",
                },
            ]);
            expect(problems({ warmCapacity: 0 })).to.deep.equal([]);
            expect(
                problems({
                    nodePool: { accelerator: "nvidia-a10g", maxNodes: 2 },
                    warmCapacity: 3,
                }).map((p) => p.reason),
            ).to.deep.equal([
                "warmCapacity is 3 but the pool holds at most 2 GPUs (nodePool.maxNodes 2 × gpusPerNode 1); use at most 2",
            ]);
            return [platform.gpuNodeSelector as pulumi.Output<unknown>];
        });
    });
});
