import * as gcp from "@pulumi/gcp/container";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as pulumi from "@pulumi/pulumi";
import { gkeAcceleratorType } from "./machines";
import type { GkeClusterArgs } from "./args";
import { poolMachineType } from "../node-pools";
import { ResolvedNodePool } from "../types";
import { serviceAccountId } from "./cluster-identity";

/**
 * GPU node pool in an existing GKE cluster. GKE installs the NVIDIA driver only when
 * `gpuDriverInstallationConfig` is set, so it always is; GKE runs its own device plugin and taints
 * the pool's nodes for GPU pods only (unless every pool of the cluster has GPUs).
 * The autoscaler changes the node count, so the count is ignored to avoid drift.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/gpus
 */
export function createGkeNodePool(
    gke: GkeClusterArgs,
    pool: ResolvedNodePool,
    opts: pulumi.CustomResourceOptions,
): gcp.NodePool {
    const name = pool.resourceName;
    const nodeAccount = createNodeServiceAccount(gke, name, opts);
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
                machineType: poolMachineType(pool),
                diskSizeGb: pool.diskSizeGb,
                diskType: "pd-balanced",
                spot: pool.spot,
                labels: pool.labels,
                // No explicit taint: GKE taints GPU pools `nvidia.com/gpu=present:NoSchedule` itself
                // (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#taint), and declaring the
                // same key again can be refused ("more than one taint with key nvidia.com/gpu").
                guestAccelerators: [
                    {
                        type: gkeAcceleratorType(pool.accelerator),
                        count: pool.gpusPerNode,
                        gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" },
                    },
                ],
                // Pods reach Google APIs as their own Kubernetes service account (Workload Identity);
                // the nodes as a service account of their own that may only log and report metrics.
                workloadMetadataConfig: { mode: "GKE_METADATA" },
                serviceAccount: nodeAccount.email,
                oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
                shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
            },
        },
        // Nodes start once their account may log and report metrics.
        {
            ...opts,
            dependsOn: [nodeAccount.grant],
            ignoreChanges: ["initialNodeCount", "nodeCount"],
        },
    );
}

/** The role Google made for node service accounts: logging, monitoring and node metrics only. */
export const NODE_ROLE = "roles/container.defaultNodeServiceAccount";

/**
 * A service account for the pool's nodes instead of Compute Engine's default one (often an
 * Editor), holding only `NODE_ROLE`. Its ID is unique to the cluster, so a second stack in the
 * project (staging beside prod, another region) neither collides with it nor shares its grant.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa
 */
function createNodeServiceAccount(
    gke: GkeClusterArgs,
    name: string,
    opts: pulumi.CustomResourceOptions,
) {
    const account = new serviceaccount.Account(
        `${name}-nodes`,
        {
            project: gke.project,
            accountId: serviceAccountId(gke, `${name}-nodes`),
            displayName: pulumi.interpolate`GPU nodes of ${name} in ${gke.location}/${gke.clusterName}`,
        },
        // Stacks made before the ID named its cluster keep theirs: a new ID would replace the
        // account, and with it every GPU node of the pool.
        { ...opts, ignoreChanges: ["accountId"] },
    );
    const grant = new projects.IAMMember(
        `${name}-nodes`,
        {
            project: gke.project,
            role: NODE_ROLE,
            member: pulumi.interpolate`serviceAccount:${account.email}`,
        },
        opts,
    );
    return { email: account.email, grant };
}
