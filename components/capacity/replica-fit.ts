/**
 * How many replicas of a model a GPU pool holds at its largest: whole pods per node (a pod's GPUs
 * are on one node) times the pool's maximum node count. More replicas than that stay Pending.
 */
import type { GpuNodePoolArgs } from "../args";
import { DEFAULT_POOL } from "../clouds/node-pools";

export interface PoolFit {
    /** Replicas the pool holds at maxNodes. */
    readonly holds: number;
    /** The arithmetic, for messages. */
    readonly how: string;
}

export function replicasPoolHolds(pool: GpuNodePoolArgs, gpusPerPod: number): PoolFit {
    const gpusPerNode = pool.gpusPerNode ?? DEFAULT_POOL.gpusPerNode;
    const maxNodes = pool.maxNodes ?? DEFAULT_POOL.maxNodes;
    const perNode = Math.floor(gpusPerNode / gpusPerPod);
    return {
        holds: maxNodes * perNode,
        how: `nodePool.maxNodes ${maxNodes} × ${perNode} pod(s) of ${gpusPerPod} GPU(s) on a node of ${gpusPerNode}`,
    };
}
