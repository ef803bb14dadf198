/**
 * Azure Kubernetes Service: user agent pools with the driver installed by AKS (device plugin from
 * its chart), Spot pools with AKS's own taint tolerated, pools that autoscale themselves,
 * self-managed collection.
 */
import { clusterBlock, CloudModule } from "../types";
import { requireClusterFields, validatePoolOn } from "../node-pools";
import { AKS_SPOT_TAINT } from "../../vocabulary/gpu";
import { aksKubeconfig } from "./kubeconfig";
import { createAksNodePool } from "./node-pool";

/** AKS agent pool names: 1-12 lower-case letters and digits, starting with a letter. */
const AKS_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/** The default agent pool name for a pool owned by component `owner`. */
const defaultPoolName = (owner: string) => `gpu${owner.replace(/[^a-z0-9]/g, "")}`.slice(0, 12);


export const AKS: CloudModule = {
    cloud: "aks",
    defaults: { collection: "self-managed", dcgmExporter: { install: true }, managedControlPlane: true },
    collections: ["self-managed"],
    devicePluginNeeded: () => true,
    makesNodePools: true,
    validate(args, needsPool, problems) {
        if (needsPool) {
            requireClusterFields("aks", args.aks, ["resourceGroupName", "clusterName"], "the agent pool needs the cluster", problems);
        }
        const poolName = args.aks?.agentPoolName;
        if (poolName !== undefined && !AKS_POOL_NAME.test(poolName)) {
            problems.add(
                "aks.agentPoolName",
                `aks.agentPoolName is ${JSON.stringify(poolName)}; it must be 1-12 lower-case letters and digits, starting with a letter`,
            );
        }
    },
    validateNodePool: (pool, path, problems) => validatePoolOn("aks", pool, path, problems),
    resolveCluster: (name, args) => ({ cloud: "aks", aks: args.aks && { ...args.aks, agentPoolName: args.aks.agentPoolName ?? defaultPoolName(name) } }),
    // The platform's pool takes `aks.agentPoolName`; a model's pool is named after the model.
    cloudPoolName: (owner, cluster, platformPool) => (platformPool ? clusterBlock(cluster, "aks").agentPoolName : defaultPoolName(owner)),
    extraTolerations: (pool) =>
        pool?.spot ? [{ key: AKS_SPOT_TAINT.key, operator: "Equal", value: AKS_SPOT_TAINT.value, effect: AKS_SPOT_TAINT.effect }] : [],
    createNodePool: (cluster, pool, opts) => createAksNodePool(clusterBlock(cluster, "aks"), pool, opts),
    createNodeAutoscaler: () => undefined, // AKS agent pools autoscale themselves
    kubeconfig: (args) => args.aks && aksKubeconfig(args.aks),
};
