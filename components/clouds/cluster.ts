/**
 * The existing cluster: each cloud's arguments naming it (the `gke`, `eks` and `aks` blocks of the
 * platform's arguments), and the cluster they resolve to. Types only, below both the arguments
 * (args.ts) and the platform connection that carries the resolved cluster.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Cloud, EksAmiType } from "../vocabulary/choices";

/** The GKE cluster (required on GKE). */
export interface GkeClusterArgs {
    /** Project ID of the cluster. May be another stack's output. */
    project: pulumi.Input<string>;
    /** Region or zone of the cluster. May be another stack's output. */
    location: pulumi.Input<string>;
    /** Name of the existing cluster. May be another stack's output. */
    clusterName: pulumi.Input<string>;
    /** Zones for the GPU pool, where the accelerator is available. Defaults to the cluster's. */
    nodeLocations?: string[];
}

/** The EKS cluster (required on EKS). */
export interface EksClusterArgs {
    /** Name of the existing cluster. May be another stack's output. */
    clusterName: pulumi.Input<string>;
    /**
     * Subnets for the GPU node group (private subnets of the cluster's VPC). Required with
     * `nodePool`. May be another stack's output.
     */
    subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * AMI type. Defaults to `AL2023_x86_64_NVIDIA` (driver included; the component installs the
     * NVIDIA device plugin). `BOTTLEROCKET_x86_64_NVIDIA` includes the device plugin too.
     */
    amiType?: EksAmiType;
    /**
     * Install Cluster Autoscaler (with an IRSA role) so the node group grows when GPU pods are
     * Pending: EKS managed node groups do not scale themselves. Defaults to true with `nodePool`;
     * set false if you run Cluster Autoscaler or Karpenter already.
     */
    clusterAutoscaler?: boolean;
}

/** The AKS cluster (required on AKS). */
export interface AksClusterArgs {
    /** Resource group of the cluster. May be another stack's output. */
    resourceGroupName: pulumi.Input<string>;
    /** Name of the existing managed cluster. May be another stack's output. */
    clusterName: pulumi.Input<string>;
    /**
     * Name of the GPU agent pool: 1-12 lower-case letters and digits. Defaults to `gpu` + the
     * component name (cut to 8) + 4 characters derived from the VM size, OS disk and Spot setting,
     * which AKS cannot change in place: changing one names a new pool, created before the old one
     * is deleted. A name given here is kept, so such a change then replaces the pool delete-first.
     */
    agentPoolName?: string;
}

/** The EKS cluster with its defaults applied. */
export interface ResolvedEks extends EksClusterArgs {
    /** The GPU nodes' AMI type. */
    readonly amiType: EksAmiType;
    /** Whether the platform installs the Cluster Autoscaler. */
    readonly clusterAutoscaler: boolean;
}
export type ResolvedAks = AksClusterArgs;

/**
 * The existing cluster: its cloud, and that cloud's block when its arguments were given (read it
 * with `clusterBlock`). One object rather than a union per cloud: it is part of
 * `PlatformConnection`, which the Pulumi schema carries across languages, and the schema has no unions.
 */
export interface ResolvedCluster {
    /** The cloud the cluster runs on. */
    readonly cloud: Cloud;
    /** The GKE cluster (`cloud: gke`). */
    readonly gke?: GkeClusterArgs;
    /** The EKS cluster (`cloud: eks`). */
    readonly eks?: ResolvedEks;
    /** The AKS cluster (`cloud: aks`). */
    readonly aks?: ResolvedAks;
}
