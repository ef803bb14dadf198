/**
 * The existing cluster the platform's arguments resolve to: its cloud and that cloud's block (each
 * cloud's block is written in its own folder, `<cloud>/args.ts`). Types only, below both the
 * arguments (args.ts) and the platform connection that carries the resolved cluster.
 */
import type { Cloud } from "../vocabulary/choices";
import type { ResolvedAks } from "./aks/args";
import type { ResolvedEks } from "./eks/args";
import type { GkeClusterArgs } from "./gke/args";

/**
 * The existing cluster: its cloud, and that cloud's block when its arguments were given (read it
 * with `clusterBlock`). One object rather than a union per cloud: it is part of
 * `PlatformConnection`, which the Pulumi schema carries across languages, and the schema has no unions.
 */
export interface ResolvedCluster {
    /** The cloud the cluster runs on. */
    readonly cloud: Cloud;
    /** The GKE cluster (`cloud: gke`). */
    readonly gke?: GkeClusterArgs;
    /** The EKS cluster (`cloud: eks`). */
    readonly eks?: ResolvedEks;
    /** The AKS cluster (`cloud: aks`). */
    readonly aks?: ResolvedAks;
}
