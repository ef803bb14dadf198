/** AKS's cluster block of the platform's arguments (`aks`), and the block resolved. Types only. */
import * as pulumi from "@pulumi/pulumi";

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
export type ResolvedAks = AksClusterArgs;
