/**
 * Warm GPU headroom settings: the default, and the checks. Headroom belongs to whoever owns the
 * GPU nodes it sits on: the platform for its pool (or the GPU nodes you bring), shared by every
 * model that runs there; a model only for a pool of its own, which no other model uses. That keeps
 * one field per owner and no way to ask twice for the same nodes.
 */
import type { ResolvedNodePool } from "../clouds/types";
import type { Problems } from "../problems";

/** GPUs of headroom kept unless asked: none, since each one is an idle GPU paid for. */
export const DEFAULT_WARM_CAPACITY = 0;

/** The headroom asked for, or the default. */
export const warmCapacityOf = (args: { warmCapacity?: number }): number =>
    args.warmCapacity ?? DEFAULT_WARM_CAPACITY;

/**
 * `warmCapacity` at `path` fits the pool it sits on: a whole number of GPUs, in whole nodes (one
 * placeholder holds one node's GPUs, so a server needing the node preempts one pod), and no more
 * than the pool can grow to. Without a pool the nodes' size is unknown: any whole number.
 * `ownPool` is false when the owner has no pool of its own to put headroom on (a model without `nodePool`).
 */
export function findWarmCapacityProblems(
    value: number,
    path: string,
    pool: Pick<ResolvedNodePool, "gpusPerNode" | "maxNodes"> | undefined,
    ownPool: boolean,
    problems: Problems,
): void {
    if (!Number.isInteger(value) || value < 0) {
        problems.add(path, `${path} is ${value}; it must be a whole number of GPUs, 0 or more`);
        return;
    }
    if (value > 0 && !ownPool) {
        problems.add(
            path,
            `${path} is ${value} but nodePool is not set; a model's headroom goes on its own pool only: ` +
                "headroom on the platform's GPU nodes is the platform's warmCapacity, shared by every model there",
        );
        return;
    }
    if (value === 0 || pool === undefined) {
        return;
    }
    const { gpusPerNode, maxNodes } = pool;
    if (value % gpusPerNode !== 0) {
        problems.add(
            path,
            `${path} is ${value} but nodePool.gpusPerNode is ${gpusPerNode}; headroom is kept in whole nodes: use a multiple of ${gpusPerNode}`,
        );
    } else if (value > maxNodes * gpusPerNode) {
        problems.add(
            path,
            `${path} is ${value} but the pool holds at most ${maxNodes * gpusPerNode} GPUs (nodePool.maxNodes ${maxNodes} × gpusPerNode ${gpusPerNode}); ` +
                `use at most ${maxNodes * gpusPerNode}`,
        );
    }
}
