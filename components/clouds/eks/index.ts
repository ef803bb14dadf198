/**
 * Amazon EKS: managed node groups on the NVIDIA AMI (driver included, device plugin from its chart
 * unless Bottlerocket), Cluster Autoscaler with IRSA (managed node groups do not scale themselves),
 * self-managed collection.
 */
import { GPU_PRESENT_LABEL } from "../../vocabulary/gpu";
import { clusterBlock, CloudModule } from "../types";
import { requireClusterFields, validatePoolOn } from "../node-pools";
import type { EksAmiType } from "../../vocabulary/choices";
import { createEksClusterAutoscaler } from "./cluster-autoscaler";
import { eksKubeconfig } from "./kubeconfig";
import { createEksNodePool } from "./node-pool";

/** The AMI type GPU node groups get unless told otherwise. */
export const DEFAULT_EKS_AMI: EksAmiType = "AL2023_x86_64_NVIDIA";

export const EKS: CloudModule = {
    cloud: "eks",
    defaults: {
        collection: "self-managed",
        dcgmExporter: { install: true },
        managedControlPlane: true,
    },
    collections: ["self-managed"],
    // Bottlerocket's NVIDIA variant ships the device plugin itself.
    devicePluginNeeded: (cluster) => cluster.eks?.amiType !== "BOTTLEROCKET_x86_64_NVIDIA",
    makesNodePools: true,
    validate(args, needs, problems) {
        if (needs.pool) {
            requireClusterFields(
                "eks",
                args.eks,
                ["clusterName", "subnetIds"],
                "the node group needs the cluster and its subnets",
                problems,
            );
        }
    },
    validateNodePool: (pool, given, path, problems) =>
        validatePoolOn("eks", pool, given, path, problems),
    resolveCluster: (_name, args) => ({
        cloud: "eks",
        eks: args.eks && {
            ...args.eks,
            amiType: args.eks.amiType ?? DEFAULT_EKS_AMI,
            clusterAutoscaler: args.eks.clusterAutoscaler ?? args.nodePool !== undefined,
        },
    }),
    // Node group names are at most 63 characters; the provider adds 26 to the prefix.
    cloudPoolName: (owner) => `${owner}-gpu-`,
    gpuNodeSelector: () => ({ [GPU_PRESENT_LABEL]: "true" }),
    extraTolerations: () => [],
    createNodePool: (cluster, pool, opts) =>
        createEksNodePool(clusterBlock(cluster, "eks"), pool, opts),
    createNodeAutoscaler(name, cluster, pools, opts) {
        // Only when asked for (the default with a node pool); the cluster block is there whenever it is.
        if (cluster.cloud === "eks" && cluster.eks?.clusterAutoscaler) {
            createEksClusterAutoscaler(name, cluster.eks, pools, opts);
        }
    },
    kubeconfig: (args) => args.eks && eksKubeconfig(args.eks),
};
