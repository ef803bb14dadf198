import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedCluster } from "../cluster";
import type { GkeClusterArgs } from "./args";

/** Hex digits of a tag: 4 billion values, and room left in a 30-character service account ID. */
const TAG_LENGTH = 8;

/**
 * A short, stable tag of one GKE cluster, for names that are global to its project: service
 * account IDs, and the Kubernetes service accounts that Workload Identity turns into project-wide
 * principals. Every cluster of a project shares one identity pool (`<project>.svc.id.goog`), and a
 * principal names a namespace and a service account but no cluster, so two stacks granting the
 * same principal would own one binding, and destroying either would remove it for both.
 * A cluster's name is unique within its location only, hence the location.
 * https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity (identity sameness)
 */
function clusterTag(gke: GkeClusterArgs, ...more: string[]): pulumi.Output<string> {
    return pulumi.all([gke.project, gke.location, gke.clusterName]).apply((parts) =>
        createHash("sha256")
            .update([...parts, ...more].join("/"))
            .digest("hex")
            .slice(0, TAG_LENGTH),
    );
}

/**
 * The Kubernetes service account a component installs under `base` on `cluster`: on GKE, tagged with
 * the cluster so its Workload Identity principal (and the project-wide grant to it) is this
 * cluster's own; elsewhere no principal is project-wide, and `base` is kept.
 */
export function perClusterServiceAccount(
    base: string,
    cluster: ResolvedCluster,
): pulumi.Input<string> {
    return cluster.gke ? pulumi.interpolate`${base}-${clusterTag(cluster.gke)}` : base;
}

/**
 * A GCP service account ID (6 to 30 characters) for `name` on this cluster: as much of `name` as
 * fits, and the tag of the cluster and of `name`, so two clusters of a project never share one.
 */
export function serviceAccountId(gke: GkeClusterArgs, name: string): pulumi.Output<string> {
    const prefix = name.slice(0, 30 - 1 - TAG_LENGTH).replace(/-+$/, "");
    return pulumi.interpolate`${prefix}-${clusterTag(gke, name)}`;
}
