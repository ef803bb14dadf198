/**
 * AKS's GPU machines (Azure VM sizes). Source:
 * https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/ (NCasT4_v3, NC A100 v4,
 * ND A100 v4, NC H100 v5, ND H100 v5)
 */
import { GpuMachine, machineRows } from "../../vocabulary/accelerators";

/** AKS's GPU machines, smallest first (see `GPU_MACHINES`). */
export const AKS_MACHINES: readonly GpuMachine[] = [
    ...machineRows("nvidia-t4", {
        Standard_NC4as_T4_v3: 1,
        Standard_NC8as_T4_v3: 1,
        Standard_NC16as_T4_v3: 1,
        Standard_NC64as_T4_v3: 4,
    }),
    ...machineRows("nvidia-a100-80gb", {
        Standard_NC24ads_A100_v4: 1,
        Standard_NC48ads_A100_v4: 2,
        Standard_NC96ads_A100_v4: 4,
        Standard_ND96amsr_A100_v4: 8,
    }),
    ...machineRows("nvidia-a100-40gb", { Standard_ND96asr_v4: 8 }),
    ...machineRows("nvidia-h100-80gb", { Standard_ND96isr_H100_v5: 8 }),
];
