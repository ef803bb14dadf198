import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../args";
import { ResolvedConfig, ResolvedNodePool } from "../config";
import { createAksNodePool } from "./aks-node-pool";
import { createEksNodePool } from "./eks-node-pool";
import { createGkeNodePool } from "./gke-node-pool";

type NodePoolBuilder = (
    cfg: ResolvedConfig,
    pool: ResolvedNodePool,
    opts: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/** One builder per cloud: the only place the cloud picks the node pool's code path. */
const NODE_POOL_BUILDERS: Record<Exclude<Cloud, "generic">, NodePoolBuilder> = {
    gke: createGkeNodePool,
    eks: createEksNodePool,
    aks: createAksNodePool,
};

/** The GPU node pool for the configured cloud, or undefined when none was asked for. */
export function createGpuNodePool(
    cfg: ResolvedConfig,
    opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource | undefined {
    if (!cfg.nodePool || cfg.cloud === "generic") {
        return undefined;
    }
    return NODE_POOL_BUILDERS[cfg.cloud](cfg, cfg.nodePool, opts);
}
