import * as containerservice from "@pulumi/azure-native/containerservice";
import * as pulumi from "@pulumi/pulumi";
import { AKS_SPOT_TAINT, GPU_TAINT_KEY } from "../../vocabulary/gpu";
import type { ResolvedAks } from "./args";
import { poolMachineType } from "../node-pools";
import { ResolvedNodePool } from "../types";

/**
 * GPU user agent pool in an existing AKS cluster. AKS installs the NVIDIA driver
 * (`gpuProfile.driver: Install`) but not the device plugin, which comes from its chart. The pool
 * autoscales itself; `count` moves with it and is ignored to avoid drift.
 * https://learn.microsoft.com/azure/aks/gpu-cluster
 */
export function createAksNodePool(
    aks: ResolvedAks,
    pool: ResolvedNodePool,
    opts: pulumi.CustomResourceOptions,
): containerservice.AgentPool {
    return new containerservice.AgentPool(
        pool.resourceName,
        {
            resourceGroupName: aks.resourceGroupName,
            resourceName: aks.clusterName,
            agentPoolName: pool.cloudName,
            mode: "User",
            osType: "Linux",
            vmSize: poolMachineType(pool),
            osDiskSizeGB: pool.diskSizeGb,
            enableAutoScaling: true,
            // Upgrades add a node before draining one, so serving capacity never drops.
            upgradeSettings: { maxSurge: "1" },
            count: pool.minNodes,
            minCount: pool.minNodes,
            maxCount: pool.maxNodes,
            scaleSetPriority: pool.spot ? "Spot" : "Regular",
            // AKS adds the Spot taint and label itself; declaring them keeps the next refresh clean,
            // and the pool's tolerations include the taint (clouds/aks).
            ...(pool.spot ? { scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1 } : {}),
            nodeLabels: pool.spot
                ? { ...pool.labels, [AKS_SPOT_TAINT.key]: AKS_SPOT_TAINT.value }
                : pool.labels,
            nodeTaints: [
                `${GPU_TAINT_KEY}=present:NoSchedule`,
                ...(pool.spot
                    ? [`${AKS_SPOT_TAINT.key}=${AKS_SPOT_TAINT.value}:${AKS_SPOT_TAINT.effect}`]
                    : []),
            ],
            gpuProfile: { driver: "Install" },
        },
        { ...opts, ignoreChanges: ["count"] },
    );
}
