/** How GPU nodes are marked and tainted, and what GPU workloads tolerate. */

/** Taint key every GPU pool gets, and the toleration GPU workloads need. */
export const GPU_TAINT_KEY = "nvidia.com/gpu";
/** Node label the NVIDIA device plugin and GPU feature discovery use to mark GPU nodes. */
export const GPU_PRESENT_LABEL = "nvidia.com/gpu.present";

/** The toleration every GPU workload carries. */
export const DEFAULT_GPU_TOLERATIONS = [
    { key: GPU_TAINT_KEY, operator: "Exists", effect: "NoSchedule" },
];

/** The taint AKS puts on Spot pools, and that pods on them must tolerate. */
export const AKS_SPOT_TAINT = {
    key: "kubernetes.azure.com/scalesetpriority",
    value: "spot",
    effect: "NoSchedule",
} as const;

/**
 * GPUs assumed where the count cannot be known: per pod of a server the user deploys, per node the
 * cluster brings rather than the platform makes. One is the smallest, so nothing is over-reserved.
 */
export const UNKNOWN_GPU_COUNT = 1;

/** The DCGM exporter's metrics port: the dcgm-exporter chart's `service.port` default, and GKE's exporter's. */
export const DCGM_PORT = 9400;

/** GKE's managed DCGM exporter (enabled with the cluster's DCGM monitoring package). */
export const GKE_MANAGED_DCGM = {
    namespace: "gke-managed-system",
    podLabels: { "app.kubernetes.io/name": "gke-managed-dcgm-exporter" },
    port: DCGM_PORT,
} as const;
