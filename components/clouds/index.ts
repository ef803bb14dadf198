/**
 * The one table that picks a cloud's module: the only place a cloud name chooses code. Modules of
 * clouds with an SDK load on first use, so a stack loads only its own cloud's SDK modules
 * (`npm run bench` checks it).
 */
import type { GpuNodePoolArgs } from "../args";
import type { Problems } from "../problems";
import type { Cloud } from "../vocabulary/choices";
import { GPU_MACHINES } from "./machines";
import type { CloudModule, ResolvedNodePool } from "./types";

/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading, as said above */
const MODULES: Record<Cloud, () => CloudModule> = {
    gke: () => (require("./gke") as typeof import("./gke")).GKE,
    eks: () => (require("./eks") as typeof import("./eks")).EKS,
    aks: () => (require("./aks") as typeof import("./aks")).AKS,
    generic: () => (require("./generic") as typeof import("./generic")).GENERIC,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The module of `cloud`. */
export function cloudModule(cloud: Cloud): CloudModule {
    return MODULES[cloud]();
}

/**
 * A node pool asked for at `path` (`given`), as resolved on `cloud` (`pool`): refused where the
 * cloud makes no pools, else checked by the cloud.
 */
export function checkNodePool(
    cloud: Cloud,
    pool: ResolvedNodePool | undefined,
    given: GpuNodePoolArgs,
    path: string,
    problems: Problems,
): void {
    const module = cloudModule(cloud);
    if (!module.makesNodePools || pool === undefined) {
        // The clouds with GPU machines to make pools of.
        const makers = Object.keys(GPU_MACHINES);
        problems.add(
            path,
            `${path} is set but cloud is "${cloud}"; node pools can be made on ${makers.slice(0, -1).join(", ")} or ${makers.at(-1)} only`,
        );
        return;
    }
    module.validateNodePool(pool, given, path, problems);
}

export type { ResolvedCluster } from "./cluster";
export type { CloudModule, ResolvedNodePool };
