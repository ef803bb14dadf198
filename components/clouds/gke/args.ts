/** GKE's cluster block of the platform's arguments (`gke`). Types only. */
import * as pulumi from "@pulumi/pulumi";

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
