import { getClusterOutput as getEksCluster } from "@pulumi/aws/eks/getCluster";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import { listManagedClusterUserCredentialsOutput } from "@pulumi/azure-native/containerservice/listManagedClusterUserCredentials";
import { getClusterOutput as getGkeCluster } from "@pulumi/gcp/container/getCluster";
import * as pulumi from "@pulumi/pulumi";
import { AksClusterArgs, EksClusterArgs, GkeClusterArgs } from "../../args";
import { execKubeconfig } from "./exec-kubeconfig";

/**
 * Kubeconfig for an existing GKE cluster, authenticating with `gke-gcloud-auth-plugin`.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl
 */
export function gkeKubeconfig(gke: GkeClusterArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<string> {
    const cluster = getGkeCluster({ name: gke.clusterName, location: gke.location, project: gke.project }, opts);
    return execKubeconfig(
        cluster.name,
        pulumi.interpolate`https://${cluster.endpoint}`,
        cluster.masterAuths[0].clusterCaCertificate,
        { command: "gke-gcloud-auth-plugin", installHint: "gcloud components install gke-gcloud-auth-plugin" },
    );
}

/**
 * Kubeconfig for an existing EKS cluster, authenticating with `aws eks get-token`.
 * https://docs.aws.amazon.com/eks/latest/userguide/create-kubeconfig.html
 */
export function eksKubeconfig(eks: EksClusterArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<string> {
    const cluster = getEksCluster({ name: eks.clusterName }, opts);
    const region = getRegionOutput({}, opts).region;
    return pulumi.secret(pulumi.all([region, eks.clusterName])).apply(([r, name]) =>
        execKubeconfig(name, cluster.endpoint, cluster.certificateAuthorities[0].data, {
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", name, "--region", r, "--output", "json"],
            installHint: "install the AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html",
        }),
    );
}

/**
 * Kubeconfig of an existing AKS cluster's user credentials, as AKS returns it (base64-encoded).
 * Clusters with Entra ID integration need `kubelogin` on the machine running Pulumi.
 * https://learn.microsoft.com/rest/api/aks/managed-clusters/list-cluster-user-credentials
 */
export function aksKubeconfig(aks: AksClusterArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<string> {
    const creds = listManagedClusterUserCredentialsOutput(
        { resourceGroupName: aks.resourceGroupName, resourceName: aks.clusterName },
        opts,
    );
    return pulumi.secret(creds.kubeconfigs.apply((k) => Buffer.from(k[0].value, "base64").toString("utf8")));
}
