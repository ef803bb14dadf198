/**
 * EKS's GPU machines (EC2 instance types). Source: https://aws.amazon.com/ec2/instance-types/
 * (G4dn = T4, G5 = A10G, G6 = L4, P4d/P4de = A100, P5 = H100)
 */
import { GpuMachine, machineRows } from "../../vocabulary/accelerators";

/** EKS's GPU machines, smallest first (see `GPU_MACHINES`). */
export const EKS_MACHINES: readonly GpuMachine[] = [
    ...machineRows("nvidia-t4", {
        "g4dn.xlarge": 1,
        "g4dn.2xlarge": 1,
        "g4dn.4xlarge": 1,
        "g4dn.8xlarge": 1,
        "g4dn.16xlarge": 1,
        "g4dn.12xlarge": 4,
        "g4dn.metal": 8,
    }),
    ...machineRows("nvidia-a10g", {
        "g5.xlarge": 1,
        "g5.2xlarge": 1,
        "g5.4xlarge": 1,
        "g5.8xlarge": 1,
        "g5.16xlarge": 1,
        "g5.12xlarge": 4,
        "g5.24xlarge": 4,
        "g5.48xlarge": 8,
    }),
    ...machineRows("nvidia-l4", {
        "g6.xlarge": 1,
        "g6.2xlarge": 1,
        "g6.4xlarge": 1,
        "g6.8xlarge": 1,
        "g6.16xlarge": 1,
        "g6.12xlarge": 4,
        "g6.24xlarge": 4,
        "g6.48xlarge": 8,
    }),
    ...machineRows("nvidia-a100-40gb", { "p4d.24xlarge": 8 }),
    ...machineRows("nvidia-a100-80gb", { "p4de.24xlarge": 8 }),
    ...machineRows("nvidia-h100-80gb", { "p5.48xlarge": 8 }),
];
