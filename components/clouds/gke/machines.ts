/**
 * GKE's GPU machines and its names for the accelerators. Source:
 * https://cloud.google.com/compute/docs/gpus (G2 = L4, A2 = A100, A3 = H100, N1 + T4)
 */
import { Accelerator, GpuMachine, machineRows } from "../../vocabulary/accelerators";

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

/** GKE's GPU machines, smallest first (see `GPU_MACHINES`). */
export const GKE_MACHINES: readonly GpuMachine[] = [
    // N1 + T4: 1 GPU up to 24 vCPUs, 2 up to 48, 4 up to 96.
    ...machineRows("nvidia-t4", {
        "n1-standard-4": [1, 2, 4],
        "n1-standard-8": [1, 2, 4],
        "n1-standard-16": [1, 2, 4],
        "n1-standard-32": [2, 4],
        "n1-standard-64": [4],
    }),
    ...machineRows("nvidia-l4", {
        "g2-standard-4": 1,
        "g2-standard-8": 1,
        "g2-standard-12": 1,
        "g2-standard-16": 1,
        "g2-standard-32": 1,
        "g2-standard-24": 2,
        "g2-standard-48": 4,
        "g2-standard-96": 8,
    }),
    ...machineRows("nvidia-a100-40gb", {
        "a2-highgpu-1g": 1,
        "a2-highgpu-2g": 2,
        "a2-highgpu-4g": 4,
        "a2-highgpu-8g": 8,
        "a2-megagpu-16g": 16,
    }),
    ...machineRows("nvidia-a100-80gb", {
        "a2-ultragpu-1g": 1,
        "a2-ultragpu-2g": 2,
        "a2-ultragpu-4g": 4,
        "a2-ultragpu-8g": 8,
    }),
    ...machineRows("nvidia-h100-80gb", {
        "a3-highgpu-1g": 1,
        "a3-highgpu-2g": 2,
        "a3-highgpu-4g": 4,
        "a3-highgpu-8g": 8,
    }),
];
