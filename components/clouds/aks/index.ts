/**
 * Azure Kubernetes Service: user agent pools with the driver installed by AKS (device plugin from
 * its chart), Spot pools with AKS's own taint tolerated, pools that autoscale themselves,
 * self-managed collection.
 */
import { createHash } from "crypto";
import { clusterBlock, CloudModule, PoolReplacementKey } from "../types";
import { requireClusterFields, validatePoolOn } from "../node-pools";
import { AKS_SPOT_TAINT, GPU_PRESENT_LABEL } from "../../vocabulary/gpu";
import { aksKubeconfig } from "./kubeconfig";
import { createAksNodePool } from "./node-pool";

/** AKS agent pool names: 1-12 lower-case letters and digits, starting with a letter. */
const AKS_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/** The base of a pool's default name: `gpu` + the owner's letters and digits. */
const poolNameBase = (owner: string) => `gpu${owner.replace(/[^a-z0-9]/g, "")}`;

/**
 * A default agent pool name: the base cut to 8, then 4 hex characters of the settings AKS cannot
 * change in place (VM size, OS disk, Spot), so changing one names a new pool, created first.
 */
function replaceablePoolName(owner: string, key: PoolReplacementKey): string {
    const digest = createHash("sha256")
        .update(JSON.stringify([key.machineType, key.diskSizeGb, key.spot]))
        .digest("hex");
    return `${poolNameBase(owner).slice(0, 8)}${digest.slice(0, 4)}`;
}

export const AKS: CloudModule = {
    cloud: "aks",
    defaults: {
        collection: "self-managed",
        dcgmExporter: { install: true },
        managedControlPlane: true,
    },
    collections: ["self-managed"],
    devicePluginNeeded: () => true,
    makesNodePools: true,
    validate(args, needs, problems) {
        if (needs.pool) {
            requireClusterFields(
                "aks",
                args.aks,
                ["resourceGroupName", "clusterName"],
                "the agent pool needs the cluster",
                problems,
            );
        }
        const poolName = args.aks?.agentPoolName;
        if (poolName !== undefined && !AKS_POOL_NAME.test(poolName)) {
            problems.add(
                "aks.agentPoolName",
                `aks.agentPoolName is ${JSON.stringify(poolName)}; it must be 1-12 lower-case letters and digits, starting with a letter`,
            );
        }
    },
    validateNodePool: (pool, given, path, problems) =>
        validatePoolOn("aks", pool, given, path, problems),
    resolveCluster: (_name, args) => ({ cloud: "aks", aks: args.aks && { ...args.aks } }),
    // The platform's pool takes `aks.agentPoolName`; a model's pool is named after the model.
    // The platform's pool takes `aks.agentPoolName` when given (a change then replaces it delete-first).
    cloudPoolName: (owner, cluster, platformPool, key) =>
        (platformPool ? clusterBlock(cluster, "aks").agentPoolName : undefined) ??
        replaceablePoolName(owner, key),
    gpuNodeSelector: () => ({ [GPU_PRESENT_LABEL]: "true" }),
    extraTolerations: (pool) =>
        pool?.spot
            ? [
                  {
                      key: AKS_SPOT_TAINT.key,
                      operator: "Equal",
                      value: AKS_SPOT_TAINT.value,
                      effect: AKS_SPOT_TAINT.effect,
                  },
              ]
            : [],
    createNodePool: (cluster, pool, opts) =>
        createAksNodePool(clusterBlock(cluster, "aks"), pool, opts),
    createNodeAutoscaler: () => undefined, // AKS agent pools autoscale themselves
    kubeconfig: (args) => args.aks && aksKubeconfig(args.aks),
};
