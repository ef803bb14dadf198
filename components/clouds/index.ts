/**
 * The one table that picks a cloud's module: the only place a cloud name chooses code. Modules of
 * clouds with an SDK load on first use, so a stack loads only its own cloud's SDK modules
 * (`npm run bench` checks it).
 */
import type { Cloud } from "../vocabulary/choices";
import type { CloudModule } from "./types";

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

export type { ResolvedCluster } from "./cluster";
export type { CloudModule, ResolvedNodePool } from "./types";
