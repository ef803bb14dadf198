import * as gcp from "@pulumi/gcp/container";
import * as pulumi from "@pulumi/pulumi";
import { GkeClusterArgs } from "../../args";
import { GKE_ACCELERATOR_TYPES } from "../../vocabulary/accelerators";
import { ResolvedNodePool } from "../types";

/**
 * GPU node pool in an existing GKE cluster. GKE installs the NVIDIA driver only when
 * `gpuDriverInstallationConfig` is set, so it always is; GKE runs its own device plugin and taints
 * the pool's nodes for GPU pods only (unless every pool of the cluster has GPUs).
 * The autoscaler changes the node count, so the count is ignored to avoid drift.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/gpus
 */
export function createGkeNodePool(gke: GkeClusterArgs, pool: ResolvedNodePool, opts: pulumi.CustomResourceOptions): gcp.NodePool {
    const name = pool.resourceName;
    return new gcp.NodePool(
        name,
        {
            namePrefix: pool.cloudName,
            project: gke.project,
            location: gke.location,
            cluster: gke.clusterName,
            nodeLocations: gke.nodeLocations,
            // GKE counts initialNodeCount per zone but the total bounds across zones: start with enough
            // per zone for the minimum, and let the autoscaler settle on the total.
            initialNodeCount: gke.nodeLocations?.length
                ? Math.ceil(pool.minNodes / gke.nodeLocations.length)
                : Math.min(pool.minNodes, 1),
            autoscaling: {
                totalMinNodeCount: pool.minNodes,
                totalMaxNodeCount: pool.maxNodes,
                // Take GPU capacity in whichever zone has it, rather than balancing zones.
                locationPolicy: "ANY",
            },
            management: { autoRepair: true, autoUpgrade: true },
            // Upgrades add a node before draining one, so serving capacity never drops.
            upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
            nodeConfig: {
                machineType: pool.machine.machineType,
                diskSizeGb: pool.diskSizeGb,
                diskType: "pd-balanced",
                spot: pool.spot,
                labels: pool.labels,
                // No explicit taint: GKE taints GPU pools `nvidia.com/gpu=present:NoSchedule` itself
                // (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#taint), and declaring the
                // same key again can be refused ("more than one taint with key nvidia.com/gpu").
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
