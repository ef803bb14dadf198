import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../args";
import { ResolvedConfig, ResolvedNodePool } from "../config";

type NodePoolBuilder = (
    cfg: ResolvedConfig,
    pool: ResolvedNodePool,
    opts: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/**
 * One builder per cloud: the only place the cloud picks the node pool's code path. Each is loaded
 * on first use, so a stack loads only its own cloud's SDK modules (`npm run bench` checks it).
 */
const NODE_POOL_BUILDERS: Record<Exclude<Cloud, "generic">, () => NodePoolBuilder> = {
    gke: () => (require("./gke-node-pool") as typeof import("./gke-node-pool")).createGkeNodePool,
    eks: () => (require("./eks-node-pool") as typeof import("./eks-node-pool")).createEksNodePool,
    aks: () => (require("./aks-node-pool") as typeof import("./aks-node-pool")).createAksNodePool,
};

/** The GPU node pool for the configured cloud, or undefined when none was asked for. */
export function createGpuNodePool(
    cfg: ResolvedConfig,
    opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource | undefined {
    if (!cfg.nodePool || cfg.cloud === "generic") {
        return undefined;
    }
    return NODE_POOL_BUILDERS[cfg.cloud]()(cfg, cfg.nodePool, opts);
}
