/**
 * How many replicas of a model a GPU pool holds at its largest: whole pods per node (a pod's GPUs
 * are on one node) times the pool's maximum node count. More replicas than that stay Pending.
 */
import type { ResolvedNodePool } from "../clouds/types";

export interface PoolFit {
    /** Replicas the pool holds at maxNodes. */
    readonly holds: number;
    /** The arithmetic, for messages. */
    readonly how: string;
}

export function replicasPoolHolds(
    { gpusPerNode, maxNodes }: Pick<ResolvedNodePool, "gpusPerNode" | "maxNodes">,
    gpusPerPod: number,
): PoolFit {
    const perNode = Math.floor(gpusPerNode / gpusPerPod);
    return {
        holds: maxNodes * perNode,
        how: `nodePool.maxNodes ${maxNodes} × ${perNode} pod(s) of ${gpusPerPod} GPU(s) on a node of ${gpusPerNode}`,
    };
}
