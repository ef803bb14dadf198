/**
 * The fake nodes: system nodes for the monitoring stack, and a GPU pool whose nodes carry what a
 * real one does (the GPU-present label and taint the generic stack documents, NVIDIA GPU Feature
 * Discovery's product and count labels, `nvidia.com/gpu` capacity). Each has its own podCIDR, so
 * KWOK hands out pod IPs from it.
 */
import { GPU_PRESENT_LABEL, GPU_TAINT_KEY } from "../../components/vocabulary/gpu";

export const GPU_NODES = 3;
export const GPUS_PER_NODE = 2;
const SYSTEM_NODES = 2;

function node(name: string, index: number, gpus: number) {
    const capacity: Record<string, string> = {
        cpu: "32",
        memory: "128Gi",
        "ephemeral-storage": "500Gi",
        pods: "110",
        ...(gpus > 0 ? { "nvidia.com/gpu": String(gpus) } : {}),
    };
    return {
        apiVersion: "v1",
        kind: "Node",
        metadata: {
            name,
            annotations: { "kwok.x-k8s.io/node": "fake" },
            labels: {
                "kubernetes.io/hostname": name,
                "kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64",
                type: "kwok",
                ...(gpus > 0
                    ? {
                          [GPU_PRESENT_LABEL]: "true",
                          "nvidia.com/gpu.product": "NVIDIA-L4",
                          "nvidia.com/gpu.count": String(gpus),
                      }
                    : {}),
            },
        },
        spec: {
            podCIDR: `10.244.${index}.0/24`,
            podCIDRs: [`10.244.${index}.0/24`],
            ...(gpus > 0
                ? { taints: [{ key: GPU_TAINT_KEY, value: "present", effect: "NoSchedule" }] }
                : {}),
        },
        status: { capacity, allocatable: capacity },
    };
}

export function fakeNodes(): object[] {
    const system = Array.from({ length: SYSTEM_NODES }, (_, i) => node(`system-${i}`, i + 1, 0));
    const gpu = Array.from({ length: GPU_NODES }, (_, i) =>
        node(`gpu-${i}`, SYSTEM_NODES + i + 1, GPUS_PER_NODE),
    );
    return [...system, ...gpu];
}
