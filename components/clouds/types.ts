/**
 * What every cloud module provides, behind one interface, and the node pools it resolves; the
 * cluster it resolves to is cluster.ts's.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { GpuNodePoolArgs, InferencePlatformArgs } from "../args";
import type { Problems } from "../problems";
import type { Accelerator, GpuMachine } from "../vocabulary/accelerators";
import type { ResolvedCluster } from "./cluster";
import type { Cloud, CollectionMode } from "../vocabulary/choices";

/** A GPU node pool with defaults applied and its machine picked. */
export interface ResolvedNodePool {
    /** Name of the pool's resource (`<owner>-gpu`). */
    readonly resourceName: string;
    /**
     * What the cloud names the pool: a prefix the provider completes with a unique suffix (GKE, EKS),
     * or a name that changes with every setting that replaces the pool (AKS), so a replacement is
     * created before the old pool is deleted and serving capacity never drops to zero.
     */
    readonly cloudName: string;
    readonly accelerator: Accelerator;
    readonly gpusPerNode: number;
    /** None when no machine holds the pool (validation refuses it). */
    readonly machine?: GpuMachine;
    readonly minNodes: number;
    readonly maxNodes: number;
    readonly diskSizeGb: number;
    readonly spot: boolean;
    /** Labels every node of the pool gets. */
    readonly labels: Record<string, string>;
}

/** The settings a cloud cannot change in place: a change replaces the pool. */
export interface PoolReplacementKey {
    readonly machineType: string;
    readonly diskSizeGb: number;
    readonly spot: boolean;
}

/** What differs between clouds, as data: each default the cloud decides. */
export interface CloudDefaults {
    readonly collection: CollectionMode;
    /** Install the dcgm-exporter chart, or scrape the exporter the cloud runs (`existing`). */
    readonly dcgmExporter:
        | { readonly install: true }
        | {
              readonly install: false;
              readonly existing: {
                  namespace: string;
                  podLabels: Record<string, string>;
                  port: number;
              };
          };
    /**
     * The cloud runs the control plane out of reach: its controller manager, scheduler and etcd
     * cannot be scraped, so Prometheus must not try (their targets would be down forever).
     */
    readonly managedControlPlane: boolean;
}

/** Options the cloud's children are made with. */
export interface CloudOptions {
    /** For cloud resources: parent only (the cloud provider is inherited). */
    readonly cloud: pulumi.CustomResourceOptions;
    /** For Kubernetes resources: parent and Kubernetes provider. */
    readonly k8s: pulumi.CustomResourceOptions;
}

/** One cloud: its defaults, its own argument checks, its node pools and node autoscaler, its kubeconfig. */
export interface CloudModule {
    readonly cloud: Cloud;
    readonly defaults: CloudDefaults;
    /** Collection modes the cloud offers. */
    readonly collections: readonly CollectionMode[];
    /** Whether NVIDIA's device plugin chart is needed (GKE runs its own; EKS's Bottlerocket ships it). */
    devicePluginNeeded(cluster: ResolvedCluster): boolean;
    /** True when the cloud can make node pools (false for a generic cluster). */
    readonly makesNodePools: boolean;
    /**
     * Checks the cloud's own arguments: the cluster identity it needs (for a node pool, `needs.pool`,
     * or to read the metrics, `needs.identity`), and its per-cloud names.
     */
    validate(
        args: InferencePlatformArgs,
        needs: { pool: boolean; identity: boolean },
        problems: Problems,
    ): void;
    /**
     * Checks a node pool as resolved (accelerator, machine, GPU count, bounds) under `path`;
     * `given` is the pool as written. Called for clouds that make pools only.
     */
    validateNodePool(
        pool: ResolvedNodePool,
        given: GpuNodePoolArgs,
        path: string,
        problems: Problems,
    ): void;
    /** The cluster block with this cloud's defaults applied. */
    resolveCluster(name: string, args: InferencePlatformArgs): ResolvedCluster;
    /**
     * What the cloud names a pool owned by component `owner` (the platform's, or a model's own), from
     * the settings that replace a pool when they change (see `ResolvedNodePool.cloudName`).
     */
    cloudPoolName(
        owner: string,
        cluster: ResolvedCluster,
        platformPool: boolean,
        replacedBy: PoolReplacementKey,
    ): string;
    /**
     * Node labels that select the cloud's GPU nodes: those of `pool` when the platform makes one,
     * else whatever GPU nodes the cluster has.
     */
    gpuNodeSelector(pool: ResolvedNodePool | undefined): Record<string, string>;
    /** Tolerations pods need for a pool's nodes, beyond the GPU taint (AKS Spot). */
    extraTolerations(pool: GpuNodePoolArgs | undefined): k8s.types.input.core.v1.Toleration[];
    /** Makes a GPU node pool in the cluster. */
    createNodePool(
        cluster: ResolvedCluster,
        pool: ResolvedNodePool,
        opts: pulumi.CustomResourceOptions,
    ): pulumi.CustomResource;
    /** Makes what scales the pools' nodes when the cloud does not (EKS: Cluster Autoscaler); waits for `pools`. */
    createNodeAutoscaler(
        name: string,
        cluster: ResolvedCluster,
        pools: pulumi.Resource[],
        opts: CloudOptions,
    ): void;
    /** A kubeconfig (a secret) for the existing cluster, or undefined when it cannot build one. */
    kubeconfig(args: InferencePlatformArgs): pulumi.Output<string> | undefined;
}

type PoolCloud = "gke" | "eks" | "aks";
type ClusterBlock<C extends PoolCloud> = NonNullable<ResolvedCluster[C]>;

/**
 * The `cloud` block of a resolved cluster. Validation requires it wherever it is read (a node pool,
 * GKE managed collection), so its absence here is a bug, reported as one.
 */
export function clusterBlock<C extends PoolCloud>(
    cluster: ResolvedCluster,
    cloud: C,
): ClusterBlock<C> {
    const block = cluster.cloud === cloud ? cluster[cloud] : undefined;
    if (block === undefined) {
        throw new Error(`the ${cloud} cluster is not set; validation requires it here`);
    }
    return block as ClusterBlock<C>;
}
