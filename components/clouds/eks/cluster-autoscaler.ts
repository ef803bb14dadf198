import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createRelease } from "../../helm-release";
import { withDependsOn } from "../../options";
import { CHARTS } from "../../vocabulary/charts";
import { EXPENDABLE_PODS_PRIORITY_CUTOFF } from "../../vocabulary/priority";
import type { ResolvedEks } from "./args";
import { CloudOptions } from "../types";

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
                Action: [
                    "autoscaling:SetDesiredCapacity",
                    "autoscaling:TerminateInstanceInAutoScalingGroup",
                ],
                Resource: "*",
                Condition: {
                    StringEquals: {
                        [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
                    },
                },
            },
        ],
    });
}

/**
 * IRSA trust policy: only the autoscaler's Kubernetes service account, through the cluster's OIDC
 * provider, may assume the role (never node-wide credentials).
 */
export function irsaTrustPolicy(
    accountId: string,
    issuerUrl: string,
    namespace: string,
    serviceAccount: string,
): string {
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
    name: string,
    eksCluster: ResolvedEks,
    pools: pulumi.Resource[],
    opts: CloudOptions,
): k8s.helm.v3.Release {
    const clusterName = eksCluster.clusterName;
    const release = `${name}-cluster-autoscaler`;
    const parent = { parent: opts.cloud.parent };
    const cluster = eks.getClusterOutput({ name: clusterName }, parent);
    const account = getCallerIdentityOutput({}, parent);
    const region = getRegionOutput({}, parent);
    const role = new iam.Role(
        release,
        {
            // A prefix (at most 38 characters): IAM role names are global to the account.
            namePrefix: `${name}-autoscaler-`,
            assumeRolePolicy: pulumi
                .all([account.accountId, cluster.identities[0].oidcs[0].issuer])
                .apply(([accountId, issuer]) =>
                    irsaTrustPolicy(accountId, issuer, NAMESPACE, SERVICE_ACCOUNT),
                ),
        },
        opts.cloud,
    );
    new iam.RolePolicy(
        release,
        { role: role.name, policy: pulumi.output(clusterName).apply(clusterAutoscalerPolicy) },
        opts.cloud,
    );
    const values = {
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
            // Said, not left to the image's default: warm-capacity placeholders sit exactly at it.
            "expendable-pods-priority-cutoff": EXPENDABLE_PODS_PRIORITY_CUTOFF,
        },
    };
    return createRelease(
        release,
        CHARTS.clusterAutoscaler,
        NAMESPACE,
        values,
        withDependsOn(opts.k8s, pools),
    );
}
