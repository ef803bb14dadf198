import { listManagedClusterUserCredentialsOutput } from "@pulumi/azure-native/containerservice/listManagedClusterUserCredentials";
import * as pulumi from "@pulumi/pulumi";
import type { AksClusterArgs } from "./args";

/**
 * Kubeconfig of an existing AKS cluster's user credentials, as AKS returns it (base64-encoded).
 * Clusters with Entra ID integration need `kubelogin` on the machine running Pulumi.
 * https://learn.microsoft.com/rest/api/aks/managed-clusters/list-cluster-user-credentials
 */
export function aksKubeconfig(
    aks: AksClusterArgs,
    opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<string> {
    const creds = listManagedClusterUserCredentialsOutput(
        { resourceGroupName: aks.resourceGroupName, resourceName: aks.clusterName },
        opts,
    );
    return pulumi.secret(
        creds.kubeconfigs.apply((k) => Buffer.from(k[0].value, "base64").toString("utf8")),
    );
}
