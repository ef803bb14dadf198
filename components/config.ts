import * as k8s from "@pulumi/kubernetes";
import { Cloud, CollectionMode, InferenceAutoscalingArgs } from "./args";
import { getMetric, MetricDefinition } from "./scaling/metrics";

/** Taint key every GPU pool gets, and the toleration GPU workloads need. */
export const GPU_TAINT_KEY = "nvidia.com/gpu";
/** Node label the NVIDIA device plugin and GPU feature discovery use to mark GPU nodes. */
export const GPU_PRESENT_LABEL = "nvidia.com/gpu.present";

export const DEFAULT_GPU_TOLERATIONS: k8s.types.input.core.v1.Toleration[] = [
    { key: GPU_TAINT_KEY, operator: "Exists", effect: "NoSchedule" },
];

/** A metric the HPA scales on, with its catalog entry and the target to hold. */
export interface ResolvedMetric {
    readonly metric: MetricDefinition;
    readonly target: number;
}

/** Every setting the builders need, with defaults applied. Built once by `resolveConfig`. */
export interface ResolvedConfig {
    readonly name: string;
    readonly cloud: Cloud;
    readonly collection: CollectionMode;
    readonly server: {
        readonly namespace: string;
        readonly deploymentName: string;
        readonly podLabels: Record<string, string>;
        readonly metricsPort: number;
        readonly metricsPath: string;
    };
    readonly monitoringNamespace: string;
    readonly createMonitoringNamespace: boolean;
    readonly gpuNodeSelector: Record<string, string>;
    readonly gpuTolerations: k8s.types.input.core.v1.Toleration[];
    readonly prometheus: {
        readonly install: boolean;
        readonly url?: string;
        readonly monitorLabels: Record<string, string>;
        readonly scrapeInterval: string;
        readonly evaluationInterval: string;
        readonly retention: string;
        readonly storageSize: string;
        readonly storageClassName?: string;
        readonly grafana: boolean;
        readonly values: Record<string, unknown>;
    };
    readonly dcgmExporter: {
        readonly install: boolean;
        readonly existing?: { namespace: string; podLabels: Record<string, string>; port: number };
        readonly values: Record<string, unknown>;
    };
    readonly adapter: {
        readonly install: boolean;
        readonly replicas: number;
        readonly values: Record<string, unknown>;
    };
    readonly autoscaling: {
        readonly minReplicas: number;
        readonly maxReplicas: number;
        readonly metrics: readonly ResolvedMetric[];
        readonly behavior: k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerBehavior;
    };
    /** True when any scaling metric comes from the DCGM exporter. */
    readonly usesGpuMetrics: boolean;
}

/** Default HPA behaviour, after GKE's guidance: react at once to load, give capacity back slowly. */
export const DEFAULT_BEHAVIOR: k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerBehavior = {
    scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: "Max",
        policies: [
            { type: "Percent", value: 100, periodSeconds: 60 },
            { type: "Pods", value: 2, periodSeconds: 60 },
        ],
    },
    scaleDown: {
        stabilizationWindowSeconds: 300,
        selectPolicy: "Min",
        policies: [{ type: "Pods", value: 1, periodSeconds: 60 }],
    },
};

/**
 * Applies every default in one place. Expects arguments that `validateArgs` accepted; never
 * mutates `args`.
 */
export function resolveConfig(name: string, args: InferenceAutoscalingArgs): ResolvedConfig {
    const cloud = args.cloud ?? "generic";
    const collection = args.collection ?? (cloud === "gke" ? "gke-managed" : "self-managed");
    const metrics = (
        args.autoscaling?.metrics ?? [{ name: "vllm_num_requests_running" as const }]
    ).map((m) => {
        const metric = getMetric(m.name);
        return { metric, target: m.target ?? metric.defaultTarget };
    });
    const existing = args.dcgmExporter?.existing;
    return {
        name,
        cloud,
        collection,
        server: {
            namespace: args.server.namespace,
            deploymentName: args.server.deploymentName,
            podLabels: args.server.podLabels,
            metricsPort: args.server.metricsPort ?? 8000,
            metricsPath: args.server.metricsPath ?? "/metrics",
        },
        monitoringNamespace: args.monitoringNamespace ?? "monitoring",
        createMonitoringNamespace: args.createMonitoringNamespace ?? true,
        gpuNodeSelector: args.gpuNodes?.nodeSelector ?? { [GPU_PRESENT_LABEL]: "true" },
        gpuTolerations: args.gpuNodes?.tolerations ?? DEFAULT_GPU_TOLERATIONS,
        prometheus: {
            install: args.prometheus?.install ?? true,
            url: args.prometheus?.url,
            monitorLabels: args.prometheus?.monitorLabels ?? {},
            scrapeInterval: args.prometheus?.scrapeInterval ?? "15s",
            evaluationInterval: args.prometheus?.evaluationInterval ?? "15s",
            retention: args.prometheus?.retention ?? "15d",
            storageSize: args.prometheus?.storageSize ?? "50Gi",
            storageClassName: args.prometheus?.storageClassName,
            grafana: args.prometheus?.grafana ?? true,
            values: args.prometheus?.values ?? {},
        },
        dcgmExporter: {
            install: args.dcgmExporter?.install ?? true,
            existing: existing && { ...existing, port: existing.port ?? 9400 },
            values: args.dcgmExporter?.values ?? {},
        },
        adapter: {
            install: args.adapter?.install ?? true,
            replicas: args.adapter?.replicas ?? 2,
            values: args.adapter?.values ?? {},
        },
        autoscaling: {
            minReplicas: args.autoscaling?.minReplicas ?? 1,
            maxReplicas: args.autoscaling?.maxReplicas ?? 5,
            metrics,
            behavior: args.autoscaling?.behavior ?? DEFAULT_BEHAVIOR,
        },
        usesGpuMetrics: metrics.some((m) => m.metric.source === "dcgm"),
    };
}
