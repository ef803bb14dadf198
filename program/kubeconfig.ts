import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../components";
import { StackSettings } from "./stack-config";

/**
 * Kubeconfig builders per cloud, from the existing cluster's outputs. Each loads its module on
 * use, so a stack loads only its own cloud's SDK.
 */
const FROM_CLUSTER: Record<Cloud, (s: StackSettings) => pulumi.Output<string> | undefined> = {
    gke: (s) => s.gke && (require("../components/cloud/kubeconfig/gke") as typeof import("../components/cloud/kubeconfig/gke")).gkeKubeconfig(s.gke),
    eks: (s) => s.eks && (require("../components/cloud/kubeconfig/eks") as typeof import("../components/cloud/kubeconfig/eks")).eksKubeconfig(s.eks),
    aks: (s) => s.aks && (require("../components/cloud/kubeconfig/aks") as typeof import("../components/cloud/kubeconfig/aks")).aksKubeconfig(s.aks),
    generic: () => undefined,
};

/**
 * The kubeconfig the program uses (always a secret): the one in stack config if set, else one
 * built from the cloud's cluster, else none (the ambient kubeconfig and `kubeContext`).
 */
export function stackKubeconfig(settings: StackSettings): pulumi.Output<string> | undefined {
    return settings.kubeconfig ?? FROM_CLUSTER[settings.cloud](settings);
}
