import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../components";
import { StackSettings } from "./stack-config";

type ClusterArgs = StackSettings["args"];

/**
 * Kubeconfig builders per cloud, from the existing cluster's outputs. Each loads its module on
 * use, so a stack loads only its own cloud's SDK.
 */
const FROM_CLUSTER: Record<Cloud, (a: ClusterArgs) => pulumi.Output<string> | undefined> = {
    gke: (a) => a.gke && (require("../components/cloud/kubeconfig/gke") as typeof import("../components/cloud/kubeconfig/gke")).gkeKubeconfig(a.gke),
    eks: (a) => a.eks && (require("../components/cloud/kubeconfig/eks") as typeof import("../components/cloud/kubeconfig/eks")).eksKubeconfig(a.eks),
    aks: (a) => a.aks && (require("../components/cloud/kubeconfig/aks") as typeof import("../components/cloud/kubeconfig/aks")).aksKubeconfig(a.aks),
    generic: () => undefined,
};

/**
 * The kubeconfig the program uses (always a secret): the one in stack config if set, else one
 * built from the cloud's cluster, else none (the ambient kubeconfig and `kubeContext`).
 */
export function stackKubeconfig(settings: StackSettings): pulumi.Output<string> | undefined {
    return settings.kubeconfig ?? FROM_CLUSTER[settings.args.cloud ?? "generic"](settings.args);
}
