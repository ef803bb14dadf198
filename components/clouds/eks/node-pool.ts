import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { GPU_TAINT_KEY } from "../../vocabulary/gpu";
import type { ResolvedEks } from "./args";
import { poolMachineType } from "../node-pools";
import { ResolvedNodePool } from "../types";

/**
 * The label Cluster Autoscaler's AWS provider reads to treat a node as a GPU node
 * (cluster-autoscaler/cloudprovider/aws/aws_cloud_provider.go, `GPULabel`): while a new node's
 * device plugin starts, CA then waits for its GPUs instead of launching more nodes.
 */
export const CLUSTER_AUTOSCALER_GPU_LABEL = "k8s.amazonaws.com/accelerator";

/** Managed policies every EKS worker node role needs. https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html */
export const EKS_NODE_POLICIES = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
];

/**
 * GPU managed node group in an existing EKS cluster, with its node IAM role. The NVIDIA AMI
 * carries the driver; the device plugin comes from its chart (or Bottlerocket). Managed node groups
 * do not scale themselves: Cluster Autoscaler changes `desiredSize`, so it is ignored to avoid drift.
 * https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html
 */
export function createEksNodePool(
    cluster: ResolvedEks,
    pool: ResolvedNodePool,
    opts: pulumi.CustomResourceOptions,
): eks.NodeGroup {
    const name = pool.resourceName;
    const role = new iam.Role(
        `${name}-node`,
        {
            // A prefix, not a name: IAM role names are global to the account, across clusters and stacks.
            namePrefix: `${name}-node-`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "ec2.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            }),
        },
        opts,
    );
    const attachments = EKS_NODE_POLICIES.map(
        (policyArn) =>
            new iam.RolePolicyAttachment(
                `${name}-node-${policyArn.slice(policyArn.lastIndexOf("/") + 1)}`,
                { role: role.name, policyArn },
                opts,
            ),
    );
    return new eks.NodeGroup(
        name,
        {
            nodeGroupNamePrefix: pool.cloudName,
            clusterName: cluster.clusterName,
            nodeRoleArn: role.arn,
            // Validation requires subnets wherever a pool is made.
            subnetIds: cluster.subnetIds ?? [],
            amiType: cluster.amiType,
            instanceTypes: [poolMachineType(pool)],
            capacityType: pool.spot ? "SPOT" : "ON_DEMAND",
            diskSize: pool.diskSizeGb,
            scalingConfig: {
                minSize: pool.minNodes,
                maxSize: pool.maxNodes,
                desiredSize: Math.max(pool.minNodes, 1),
            },
            // Upgrades replace one node at a time (EKS surges a new node before draining an old one).
            updateConfig: { maxUnavailable: 1 },
            labels: { ...pool.labels, [CLUSTER_AUTOSCALER_GPU_LABEL]: pool.accelerator },
            taints: [{ key: GPU_TAINT_KEY, value: "present", effect: "NO_SCHEDULE" }],
        },
        { ...opts, dependsOn: attachments, ignoreChanges: ["scalingConfig.desiredSize"] },
    );
}
