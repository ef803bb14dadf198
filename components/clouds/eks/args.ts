/**
 * EKS's cluster block of the platform's arguments (`eks`), and the block with its defaults applied.
 * Types only.
 */
import * as pulumi from "@pulumi/pulumi";
import type { EksAmiType } from "../../vocabulary/choices";

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

/** The EKS cluster with its defaults applied. */
export interface ResolvedEks extends EksClusterArgs {
    /** The GPU nodes' AMI type. */
    readonly amiType: EksAmiType;
    /** Whether the platform installs the Cluster Autoscaler. */
    readonly clusterAutoscaler: boolean;
}
