import { InferenceAutoscalingArgs } from "../args";
import { resolveCollection } from "../config";
import { Problems } from "../problems";
import { ACCELERATORS, acceleratorsOn, machinesFor } from "./accelerators";

const AKS_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

function isWholeNumber(value: number, min: number): boolean {
    return Number.isInteger(value) && value >= min;
}

/** The cluster identity each cloud needs, checked field by field. */
function validateClusterArgs(args: InferenceAutoscalingArgs, problems: Problems): void {
    const cloud = args.cloud ?? "generic";
    const managed = resolveCollection(args) === "gke-managed";
    const required: Record<string, { needed: boolean; value: object | undefined; fields: string[]; why: string }> = {
        gke: {
            needed: cloud === "gke" && (managed || args.nodePool !== undefined),
            value: args.gke,
            fields: ["project", "location", "clusterName"],
            why: "the node pool and the adapter's Workload Identity grant need the cluster",
        },
        eks: {
            needed: cloud === "eks" && args.nodePool !== undefined,
            value: args.eks,
            fields: ["clusterName", "subnetIds"],
            why: "the node group needs the cluster and its subnets",
        },
        aks: {
            needed: cloud === "aks" && args.nodePool !== undefined,
            value: args.aks,
            fields: ["resourceGroupName", "clusterName"],
            why: "the agent pool needs the cluster",
        },
    };
    const entry = required[cloud];
    if (!entry?.needed) {
        return;
    }
    const value = (entry.value ?? {}) as Record<string, unknown>;
    for (const field of entry.fields) {
        const v = value[field];
        if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) {
            problems.add(`${cloud}.${field}`, `${cloud}.${field} is not set; it is required on ${cloud}: ${entry.why}`);
        }
    }
}

/** The node pool: an accelerator the cloud has, a GPU count and machine that fit, sane bounds. */
function validateNodePool(args: InferenceAutoscalingArgs, problems: Problems): void {
    const pool = args.nodePool;
    const cloud = args.cloud ?? "generic";
    if (!pool) {
        return;
    }
    if (cloud === "generic") {
        problems.add("nodePool", 'nodePool is set but cloud is "generic"; node pools can be made on gke, eks or aks only');
        return;
    }
    const offered = acceleratorsOn(cloud);
    if (!ACCELERATORS.includes(pool.accelerator) || !offered.includes(pool.accelerator)) {
        problems.add(
            "nodePool.accelerator",
            `nodePool.accelerator is ${JSON.stringify(pool.accelerator)}; ${cloud} offers: ${offered.join(", ")}`,
        );
    } else {
        const gpus = pool.gpusPerNode ?? 1;
        const candidates = machinesFor(cloud, pool.accelerator);
        const machine = pool.machineType && candidates.find((m) => m.machineType === pool.machineType);
        if (pool.machineType !== undefined && !machine) {
            problems.add(
                "nodePool.machineType",
                `nodePool.machineType is ${JSON.stringify(pool.machineType)}; ${pool.accelerator} on ${cloud} comes on: ` +
                    candidates.map((m) => m.machineType).join(", "),
            );
        } else if (machine && !machine.gpus.includes(gpus)) {
            problems.add(
                "nodePool.gpusPerNode",
                `nodePool.gpusPerNode is ${gpus}; ${machine.machineType} holds ${machine.gpus.join(" or ")} ${pool.accelerator}`,
            );
        } else if (!machine && !candidates.some((m) => m.gpus.includes(gpus))) {
            const counts = [...new Set(candidates.flatMap((m) => m.gpus))].sort((a, b) => a - b);
            problems.add(
                "nodePool.gpusPerNode",
                `nodePool.gpusPerNode is ${gpus}; ${cloud} machines hold ${counts.join(", ")} ${pool.accelerator} per node`,
            );
        }
    }
    const min = pool.minNodes ?? 1;
    const max = pool.maxNodes ?? 3;
    if (!isWholeNumber(min, 0)) {
        problems.add("nodePool.minNodes", `nodePool.minNodes is ${min}; it must be a whole number of at least 0`);
    }
    if (!isWholeNumber(max, 1) || max < min) {
        problems.add(
            "nodePool.maxNodes",
            `nodePool.maxNodes is ${max}; it must be a whole number of at least 1 and at least minNodes (${min})`,
        );
    }
    if (pool.diskSizeGb !== undefined && !isWholeNumber(pool.diskSizeGb, 50)) {
        problems.add("nodePool.diskSizeGb", `nodePool.diskSizeGb is ${pool.diskSizeGb}; it must be a whole number of at least 50`);
    }
}

/** Cloud-specific inputs: cluster identity, node pool, per-cloud option values. */
export function validateCloud(args: InferenceAutoscalingArgs, problems: Problems): void {
    validateClusterArgs(args, problems);
    validateNodePool(args, problems);
    const poolName = args.aks?.agentPoolName;
    if (poolName !== undefined && !AKS_POOL_NAME.test(poolName)) {
        problems.add(
            "aks.agentPoolName",
            `aks.agentPoolName is ${JSON.stringify(poolName)}; it must be 1-12 lower-case letters and digits, starting with a letter`,
        );
    }
}
