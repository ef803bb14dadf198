/**
 * Which GPU machine types each cloud offers, and how many GPUs each holds.
 *
 * The counterpart of pulumi-eks's instance module: the knowledge that lets the component reject
 * an accelerator a cloud does not have, or a GPU count a machine cannot hold, at preview time
 * instead of after a failed node-pool create. Sources:
 * - GKE: https://cloud.google.com/compute/docs/gpus (G2 = L4, A2 = A100, A3 = H100, N1 + T4)
 * - EKS: https://aws.amazon.com/ec2/instance-types/ (G4dn = T4, G5 = A10G, G6 = L4, P4d/P4de = A100, P5 = H100)
 * - AKS: https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/ (NCasT4_v3, NC A100 v4,
 *   ND A100 v4, NC H100 v5, ND H100 v5)
 */
import { Cloud } from "./choices";

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

/** GKE's name for each accelerator (`guest_accelerator.type`). */
export const GKE_ACCELERATOR_TYPES: Partial<Record<Accelerator, string>> = {
    "nvidia-t4": "nvidia-tesla-t4",
    "nvidia-l4": "nvidia-l4",
    "nvidia-a100-40gb": "nvidia-tesla-a100",
    "nvidia-a100-80gb": "nvidia-a100-80gb",
    "nvidia-h100-80gb": "nvidia-h100-80gb",
};

/** GKE's name for `accelerator`; validation has refused accelerators GKE does not offer. */
export function gkeAcceleratorType(accelerator: Accelerator): string {
    const type = GKE_ACCELERATOR_TYPES[accelerator];
    if (type === undefined) {
        const offered = Object.keys(GKE_ACCELERATOR_TYPES).join(", ");
        throw new Error(`GKE has no accelerator ${accelerator} (it has ${offered})`);
    }
    return type;
}

/**
 * GKE machines Compute Engine sells as Spot or Flex-start VMs only, never on demand: "When
 * provisioning a3-highgpu-1g, a3-highgpu-2g, or a3-highgpu-4g machine types, you must create
 * instances by using Spot VMs or Flex-start VMs".
 * https://cloud.google.com/compute/docs/accelerator-optimized-machines (A3 High limitations)
 */
export const GKE_SPOT_ONLY_MACHINES: readonly string[] = [
    "a3-highgpu-1g",
    "a3-highgpu-2g",
    "a3-highgpu-4g",
];

function machines(
    accelerator: Accelerator,
    byType: Record<string, number | number[]>,
): GpuMachine[] {
    return Object.entries(byType).map(([machineType, gpus]) => ({
        machineType,
        accelerator,
        gpus: typeof gpus === "number" ? [gpus] : gpus,
    }));
}

/** Smallest machines first, so the first fit for a GPU count is the cheapest. */
export const GPU_MACHINES: Record<Exclude<Cloud, "generic">, readonly GpuMachine[]> = {
    gke: [
        // N1 + T4: 1 GPU up to 24 vCPUs, 2 up to 48, 4 up to 96.
        ...machines("nvidia-t4", {
            "n1-standard-4": [1, 2, 4],
            "n1-standard-8": [1, 2, 4],
            "n1-standard-16": [1, 2, 4],
            "n1-standard-32": [2, 4],
            "n1-standard-64": [4],
        }),
        ...machines("nvidia-l4", {
            "g2-standard-4": 1,
            "g2-standard-8": 1,
            "g2-standard-12": 1,
            "g2-standard-16": 1,
            "g2-standard-32": 1,
            "g2-standard-24": 2,
            "g2-standard-48": 4,
            "g2-standard-96": 8,
        }),
        ...machines("nvidia-a100-40gb", {
            "a2-highgpu-1g": 1,
            "a2-highgpu-2g": 2,
            "a2-highgpu-4g": 4,
            "a2-highgpu-8g": 8,
            "a2-megagpu-16g": 16,
        }),
        ...machines("nvidia-a100-80gb", {
            "a2-ultragpu-1g": 1,
            "a2-ultragpu-2g": 2,
            "a2-ultragpu-4g": 4,
            "a2-ultragpu-8g": 8,
        }),
        ...machines("nvidia-h100-80gb", {
            "a3-highgpu-1g": 1,
            "a3-highgpu-2g": 2,
            "a3-highgpu-4g": 4,
            "a3-highgpu-8g": 8,
        }),
    ],
    eks: [
        ...machines("nvidia-t4", {
            "g4dn.xlarge": 1,
            "g4dn.2xlarge": 1,
            "g4dn.4xlarge": 1,
            "g4dn.8xlarge": 1,
            "g4dn.16xlarge": 1,
            "g4dn.12xlarge": 4,
            "g4dn.metal": 8,
        }),
        ...machines("nvidia-a10g", {
            "g5.xlarge": 1,
            "g5.2xlarge": 1,
            "g5.4xlarge": 1,
            "g5.8xlarge": 1,
            "g5.16xlarge": 1,
            "g5.12xlarge": 4,
            "g5.24xlarge": 4,
            "g5.48xlarge": 8,
        }),
        ...machines("nvidia-l4", {
            "g6.xlarge": 1,
            "g6.2xlarge": 1,
            "g6.4xlarge": 1,
            "g6.8xlarge": 1,
            "g6.16xlarge": 1,
            "g6.12xlarge": 4,
            "g6.24xlarge": 4,
            "g6.48xlarge": 8,
        }),
        ...machines("nvidia-a100-40gb", { "p4d.24xlarge": 8 }),
        ...machines("nvidia-a100-80gb", { "p4de.24xlarge": 8 }),
        ...machines("nvidia-h100-80gb", { "p5.48xlarge": 8 }),
    ],
    aks: [
        ...machines("nvidia-t4", {
            Standard_NC4as_T4_v3: 1,
            Standard_NC8as_T4_v3: 1,
            Standard_NC16as_T4_v3: 1,
            Standard_NC64as_T4_v3: 4,
        }),
        ...machines("nvidia-a100-80gb", {
            Standard_NC24ads_A100_v4: 1,
            Standard_NC48ads_A100_v4: 2,
            Standard_NC96ads_A100_v4: 4,
            Standard_ND96amsr_A100_v4: 8,
        }),
        ...machines("nvidia-a100-40gb", { Standard_ND96asr_v4: 8 }),
        ...machines("nvidia-h100-80gb", { Standard_ND96isr_H100_v5: 8 }),
    ],
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
