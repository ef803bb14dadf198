import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../components";
import { aksKubeconfig, eksKubeconfig, gkeKubeconfig } from "../components/cloud/kubeconfig";
import { StackSettings } from "./stack-config";

/** Kubeconfig builders per cloud, from the existing cluster's outputs. */
const FROM_CLUSTER: Record<Cloud, (s: StackSettings) => pulumi.Output<string> | undefined> = {
    gke: (s) => s.gke && gkeKubeconfig(s.gke),
    eks: (s) => s.eks && eksKubeconfig(s.eks),
    aks: (s) => s.aks && aksKubeconfig(s.aks),
    generic: () => undefined,
};

/**
 * The kubeconfig the program uses (always a secret): the one in stack config if set, else one
 * built from the cloud's cluster, else none (the ambient kubeconfig and `kubeContext`).
 */
export function stackKubeconfig(settings: StackSettings): pulumi.Output<string> | undefined {
    return settings.kubeconfig ?? FROM_CLUSTER[settings.cloud](settings);
}
