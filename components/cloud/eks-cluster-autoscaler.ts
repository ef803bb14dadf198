import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS } from "../charts";
import { ResolvedConfig } from "../config";
import { withDependsOn } from "../options";

const SERVICE_ACCOUNT = "cluster-autoscaler";
const NAMESPACE = "kube-system";

/**
 * What Cluster Autoscaler may do in AWS: read groups and instance types, and change the size of
 * groups tagged for this cluster only.
 * https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md
 */
export function clusterAutoscalerPolicy(clusterName: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "autoscaling:DescribeTags",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                    "eks:DescribeNodegroup",
                ],
                Resource: "*",
            },
            {
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                Condition: {
                    StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" },
                },
            },
        ],
    });
}

/**
 * IRSA trust policy: only the autoscaler's Kubernetes service account, through the cluster's OIDC
 * provider, may assume the role (never node-wide credentials).
 */
export function irsaTrustPolicy(accountId: string, issuerUrl: string, namespace: string, serviceAccount: string): string {
    const issuer = issuerUrl.replace(/^https:\/\//, "");
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: `arn:aws:iam::${accountId}:oidc-provider/${issuer}` },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    });
}

/**
 * Cluster Autoscaler for the GPU node group, with an IRSA role. Managed node groups tag their
 * Auto Scaling groups for auto-discovery, and the autoscaler reads their labels and taints from
 * the EKS API, so it can scale the GPU group up from its minimum.
 * Needs the cluster's IAM OIDC provider (created with the cluster by eksctl and most modules).
 */
export function createEksClusterAutoscaler(
    cfg: ResolvedConfig,
    nodeGroup: pulumi.Resource,
    opts: pulumi.CustomResourceOptions,
    k8sOpts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
    const clusterName = cfg.eks!.clusterName;
    const name = `${cfg.name}-cluster-autoscaler`;
    const cluster = eks.getClusterOutput({ name: clusterName }, { parent: opts.parent });
    const account = getCallerIdentityOutput({}, { parent: opts.parent });
    const region = getRegionOutput({}, { parent: opts.parent });
    const role = new iam.Role(
        name,
        {
            // A prefix (at most 38 characters): IAM role names are global to the account.
            namePrefix: `${cfg.name}-autoscaler-`,
            assumeRolePolicy: pulumi
                .all([account.accountId, cluster.identities[0].oidcs[0].issuer])
                .apply(([accountId, issuer]) => irsaTrustPolicy(accountId, issuer, NAMESPACE, SERVICE_ACCOUNT)),
        },
        opts,
    );
    new iam.RolePolicy(
        name,
        { role: role.name, policy: pulumi.output(clusterName).apply(clusterAutoscalerPolicy) },
        opts,
    );
    return new k8s.helm.v3.Release(
        name,
        {
            name,
            namespace: NAMESPACE,
            chart: CHARTS.clusterAutoscaler.chart,
            version: CHARTS.clusterAutoscaler.version,
            repositoryOpts: { repo: CHARTS.clusterAutoscaler.repo },
            values: {
                cloudProvider: "aws",
                awsRegion: region.region,
                autoDiscovery: { clusterName },
                rbac: {
                    serviceAccount: {
                        create: true,
                        name: SERVICE_ACCOUNT,
                        annotations: { "eks.amazonaws.com/role-arn": role.arn },
                    },
                },
                extraArgs: {
                    "balance-similar-node-groups": true,
                    "skip-nodes-with-system-pods": false,
                    expander: "least-waste",
                },
            },
        },
        withDependsOn(k8sOpts, [nodeGroup]),
    );
}
