/**
 * Which GPU machine types each cloud offers, and how many GPUs each holds: each cloud's rows (in
 * `<cloud>/machines.ts`, with their sources) in one table, and the lookups on it.
 *
 * The counterpart of pulumi-eks's instance module: the knowledge that lets the component reject
 * an accelerator a cloud does not have, or a GPU count a machine cannot hold, at preview time
 * instead of after a failed node-pool create.
 */
import type { Accelerator, GpuMachine } from "../vocabulary/accelerators";
import type { Cloud } from "../vocabulary/choices";
import { AKS_MACHINES } from "./aks/machines";
import { EKS_MACHINES } from "./eks/machines";
import { GKE_MACHINES } from "./gke/machines";

/** Smallest machines first, so the first fit for a GPU count is the cheapest. */
export const GPU_MACHINES: Record<Exclude<Cloud, "generic">, readonly GpuMachine[]> = {
    gke: GKE_MACHINES,
    eks: EKS_MACHINES,
    aks: AKS_MACHINES,
};

/** Accelerators a cloud offers, in table order. */
export function acceleratorsOn(cloud: Exclude<Cloud, "generic">): Accelerator[] {
    return [...new Set(GPU_MACHINES[cloud].map((m) => m.accelerator))];
}

/** Machines on `cloud` carrying `accelerator`, smallest first. */
export function machinesFor(
    cloud: Exclude<Cloud, "generic">,
    accelerator: Accelerator,
): GpuMachine[] {
    return GPU_MACHINES[cloud].filter((m) => m.accelerator === accelerator);
}

/**
 * The machine to use: the one named, or the smallest holding `gpus` GPUs.
 * @returns undefined when no machine fits (validation reports why).
 */
export function pickMachine(
    cloud: Exclude<Cloud, "generic">,
    accelerator: Accelerator,
    gpus: number,
    machineType?: string,
): GpuMachine | undefined {
    return machinesFor(cloud, accelerator).find(
        (m) =>
            m.gpus.includes(gpus) && (machineType === undefined || m.machineType === machineType),
    );
}
