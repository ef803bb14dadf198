import * as gcp from "@pulumi/gcp/container";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedConfig, ResolvedNodePool, GPU_TAINT_KEY } from "../config";
import { GKE_ACCELERATOR_TYPES } from "./accelerators";

/**
 * GPU node pool in an existing GKE cluster. GKE installs the NVIDIA driver only when
 * `gpuDriverInstallationConfig` is set, so it always is; GKE runs its own device plugin.
 * The autoscaler changes the node count, so the count is ignored to avoid drift.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/gpus
 */
export function createGkeNodePool(
    cfg: ResolvedConfig,
    pool: ResolvedNodePool,
    opts: pulumi.CustomResourceOptions,
): gcp.NodePool {
    const gke = cfg.gke!;
    const name = `${cfg.name}-gpu`;
    return new gcp.NodePool(
        name,
        {
            name,
            project: gke.project,
            location: gke.location,
            cluster: gke.clusterName,
            nodeLocations: gke.nodeLocations,
            initialNodeCount: pool.minNodes,
            autoscaling: { minNodeCount: pool.minNodes, maxNodeCount: pool.maxNodes },
            management: { autoRepair: true, autoUpgrade: true },
            nodeConfig: {
                machineType: pool.machine.machineType,
                diskSizeGb: pool.diskSizeGb,
                diskType: "pd-balanced",
                spot: pool.spot,
                labels: pool.labels,
                taints: [{ key: GPU_TAINT_KEY, value: "present", effect: "NO_SCHEDULE" }],
                guestAccelerators: [
                    {
                        type: GKE_ACCELERATOR_TYPES[pool.accelerator]!,
                        count: pool.gpusPerNode,
                        gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" },
                    },
                ],
                // Pods reach Google APIs as their own Kubernetes service account (Workload Identity).
                workloadMetadataConfig: { mode: "GKE_METADATA" },
                oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
            },
        },
        { ...opts, ignoreChanges: ["initialNodeCount", "nodeCount"] },
    );
}
