import { getClusterOutput } from "@pulumi/aws/eks/getCluster";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as pulumi from "@pulumi/pulumi";
import type { EksClusterArgs } from "./args";
import { execKubeconfig } from "../exec-kubeconfig";

/**
 * Kubeconfig for an existing EKS cluster, authenticating with `aws eks get-token`.
 * https://docs.aws.amazon.com/eks/latest/userguide/create-kubeconfig.html
 */
export function eksKubeconfig(
    eks: EksClusterArgs,
    opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<string> {
    const cluster = getClusterOutput({ name: eks.clusterName }, opts);
    const region = getRegionOutput({}, opts).region;
    return pulumi.secret(pulumi.all([region, eks.clusterName])).apply(([r, name]) =>
        execKubeconfig(name, cluster.endpoint, cluster.certificateAuthorities[0].data, {
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", name, "--region", r, "--output", "json"],
            installHint:
                "install the AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html",
        }),
    );
}
