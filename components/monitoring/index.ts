/**
 * The table of collection modes: the module that implements pipeline.ts's interface for each. The
 * GKE one loads on first use (it loads the GCP SDK).
 */
import type { PlatformConnection } from "../settings/connection";
import type { CollectionMode } from "../vocabulary/choices";
import type { PipelineModule } from "./pipeline";

/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading, as said above */
const PIPELINES: Record<CollectionMode, () => PipelineModule> = {
    "self-managed": () =>
        (require("./self-managed") as typeof import("./self-managed")).SELF_MANAGED,
    "gke-managed": () => (require("./gke/managed") as typeof import("./gke/managed")).GKE_MANAGED,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The module of the platform's collection mode. */
export function pipelineFor(collection: PlatformConnection["collection"]): PipelineModule {
    return PIPELINES[collection]();
}
