/**
 * The cloud-neutral half of the GPU machine table: the accelerators, the machine row every cloud's
 * table is made of, and the helper that writes rows. Each cloud's rows and names are in its own
 * folder (`clouds/<cloud>/machines.ts`, with their sources), assembled in `clouds/machines.ts`.
 */

/**
 * Cloud-neutral accelerator names. An `as const` object with its union type (see
 * `vocabulary/choices.ts`): a schema enum for Pulumi's analyzer, plain strings for TypeScript.
 */
export const Accelerator = {
    /** NVIDIA T4 (16 GB). */
    NvidiaT4: "nvidia-t4",
    /** NVIDIA L4 (24 GB). */
    NvidiaL4: "nvidia-l4",
    /** NVIDIA A10G (24 GB, AWS only). */
    NvidiaA10g: "nvidia-a10g",
    /** NVIDIA A100 40 GB. */
    NvidiaA10040gb: "nvidia-a100-40gb",
    /** NVIDIA A100 80 GB. */
    NvidiaA10080gb: "nvidia-a100-80gb",
    /** NVIDIA H100 80 GB. */
    NvidiaH10080gb: "nvidia-h100-80gb",
} as const;
export type Accelerator = (typeof Accelerator)[keyof typeof Accelerator];

export const ACCELERATORS: readonly Accelerator[] = Object.values(Accelerator);

export interface GpuMachine {
    readonly machineType: string;
    readonly accelerator: Accelerator;
    /** GPU counts the machine can hold: one fixed count for most; N1 + T4 takes 1, 2 or 4. */
    readonly gpus: readonly number[];
}

/** Rows for the machines carrying `accelerator`: machine type to the GPU counts it can hold. */
export function machineRows(
    accelerator: Accelerator,
    byType: Record<string, number | number[]>,
): GpuMachine[] {
    return Object.entries(byType).map(([machineType, gpus]) => ({
        machineType,
        accelerator,
        gpus: typeof gpus === "number" ? [gpus] : gpus,
    }));
}
