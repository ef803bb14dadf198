import { getClusterOutput } from "@pulumi/gcp/container/getCluster";
import * as pulumi from "@pulumi/pulumi";
import type { GkeClusterArgs } from "./args";
import { execKubeconfig } from "../exec-kubeconfig";

/**
 * Kubeconfig for an existing GKE cluster, authenticating with `gke-gcloud-auth-plugin`.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl
 */
export function gkeKubeconfig(
    gke: GkeClusterArgs,
    opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<string> {
    const cluster = getClusterOutput(
        { name: gke.clusterName, location: gke.location, project: gke.project },
        opts,
    );
    return execKubeconfig(
        cluster.name,
        pulumi.interpolate`https://${cluster.endpoint}`,
        cluster.masterAuths[0].clusterCaCertificate,
        {
            command: "gke-gcloud-auth-plugin",
            installHint: "gcloud components install gke-gcloud-auth-plugin",
        },
    );
}
