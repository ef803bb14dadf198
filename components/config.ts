import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    AksClusterArgs,
    MetricsBackend,
    Cloud,
    CollectionMode,
    EksClusterArgs,
    GkeClusterArgs,
    InferenceAutoscalingArgs,
} from "./args";
import { Accelerator, GpuMachine, pickMachine } from "./cloud/accelerators";
import { getMetric, MetricDefinition } from "./scaling/metrics";

/** Taint key every GPU pool gets, and the toleration GPU workloads need. */
export const GPU_TAINT_KEY = "nvidia.com/gpu";
/** Node label the NVIDIA device plugin and GPU feature discovery use to mark GPU nodes. */
export const GPU_PRESENT_LABEL = "nvidia.com/gpu.present";

export const DEFAULT_GPU_TOLERATIONS: k8s.types.input.core.v1.Toleration[] = [
    { key: GPU_TAINT_KEY, operator: "Exists", effect: "NoSchedule" },
];

/** The taint AKS puts on Spot pools, and that pods on them must tolerate. */
export const AKS_SPOT_TAINT = { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" } as const;

/** GKE's managed DCGM exporter (enabled with the cluster's DCGM monitoring package). */
export const GKE_MANAGED_DCGM = {
    namespace: "gke-managed-system",
    podLabels: { "app.kubernetes.io/name": "gke-managed-dcgm-exporter" },
    port: 9400,
} as const;

/** What differs between clouds, as data: each default the cloud decides. */
interface CloudDefaults {
    readonly collection: CollectionMode;
    /** Install NVIDIA's device plugin chart (GKE runs its own). */
    readonly devicePlugin: boolean;
    /** Install the dcgm-exporter chart, or scrape an exporter the cloud runs. */
    readonly dcgmExporter: { install: true } | { install: false; existing: typeof GKE_MANAGED_DCGM };
    /**
     * The cloud runs the control plane out of reach: its controller manager, scheduler and etcd
     * cannot be scraped, so Prometheus must not try (their targets would be down forever).
     */
    readonly managedControlPlane: boolean;
}

export const CLOUD_DEFAULTS: Record<Cloud, CloudDefaults> = {
    gke: { collection: "gke-managed", devicePlugin: false, dcgmExporter: { install: false, existing: GKE_MANAGED_DCGM }, managedControlPlane: true },
    eks: { collection: "self-managed", devicePlugin: true, dcgmExporter: { install: true }, managedControlPlane: true },
    aks: { collection: "self-managed", devicePlugin: true, dcgmExporter: { install: true }, managedControlPlane: true },
    generic: { collection: "self-managed", devicePlugin: false, dcgmExporter: { install: true }, managedControlPlane: false },
};

/** The node pool to make, with its machine chosen. */
export interface ResolvedNodePool {
    readonly accelerator: Accelerator;
    readonly gpusPerNode: number;
    readonly machine: GpuMachine;
    readonly minNodes: number;
    readonly maxNodes: number;
    readonly diskSizeGb: number;
    readonly spot: boolean;
    /** Labels every GPU node gets: what `gpuNodeSelector` selects. */
    readonly labels: Record<string, string>;
}

/** The model `server.deploy` serves unless told otherwise: the seeds' model. */
export const DEFAULT_MODEL = "google/gemma-3-1b-it";

/** The vLLM server to deploy, with defaults applied. */
export interface ResolvedServerDeployment {
    readonly model: string;
    readonly image: string;
    readonly gpusPerPod: number;
    readonly huggingFaceToken?: pulumi.Input<string>;
    readonly extraArgs: string[];
    readonly cpu: string;
    readonly memory: string;
    readonly startupTimeoutSeconds: number;
    readonly createNamespace: boolean;
}

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
    readonly backend: MetricsBackend;
    readonly keda: {
        readonly install: boolean;
        readonly activationQuery?: string;
        readonly activationThreshold: number;
        readonly cooldownPeriodSeconds: number;
        readonly pollingIntervalSeconds: number;
    };
    readonly server: {
        readonly namespace: string;
        readonly deploymentName: string;
        readonly podLabels: Record<string, string>;
        readonly metricsPort: number;
        readonly metricsPath: string;
        readonly podDisruptionBudget: boolean;
        readonly deploy?: ResolvedServerDeployment;
    };
    readonly monitoringNamespace: string;
    readonly createMonitoringNamespace: boolean;
    readonly nodePool?: ResolvedNodePool;
    readonly gke?: GkeClusterArgs;
    readonly eks?: EksClusterArgs & { amiType: string; clusterAutoscaler: boolean };
    readonly aks?: AksClusterArgs & { agentPoolName: string };
    readonly devicePlugin: boolean;
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
        readonly grafanaAdminPassword?: pulumi.Input<string>;
        readonly values: Record<string, unknown>;
    };
    readonly dcgmExporter: {
        readonly install: boolean;
        readonly collectIntervalMs: number;
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
    const defaults = CLOUD_DEFAULTS[cloud];
    const collection = resolveCollection(args);
    const amiType = args.eks?.amiType ?? "AL2023_x86_64_NVIDIA";
    const backend = resolveBackend(args);
    const metrics = (
        args.autoscaling?.metrics ?? [{ name: "vllm_num_requests_running" as const }]
    ).map((m) => {
        const metric = getMetric(m.name);
        return { metric, target: m.target ?? metric.defaultTarget };
    });
    const dcgmInstall = args.dcgmExporter?.install ?? defaults.dcgmExporter.install;
    const existing =
        args.dcgmExporter?.existing ??
        (!dcgmInstall && !defaults.dcgmExporter.install ? defaults.dcgmExporter.existing : undefined);
    return {
        name,
        cloud,
        collection,
        backend,
        keda: {
            install: args.keda?.install ?? true,
            activationQuery: args.keda?.activationQuery,
            activationThreshold: args.keda?.activationThreshold ?? 0,
            cooldownPeriodSeconds: args.keda?.cooldownPeriodSeconds ?? 300,
            pollingIntervalSeconds: args.keda?.pollingIntervalSeconds ?? 15,
        },
        server: {
            namespace: args.server.namespace,
            deploymentName: args.server.deploymentName,
            podLabels: args.server.podLabels,
            metricsPort: args.server.metricsPort ?? 8000,
            metricsPath: args.server.metricsPath ?? "/metrics",
            podDisruptionBudget: args.server.podDisruptionBudget ?? true,
            deploy: args.server.deploy && {
                model: args.server.deploy.model ?? DEFAULT_MODEL,
                image: args.server.deploy.image ?? "vllm/vllm-openai:v0.11.0",
                gpusPerPod: args.server.deploy.gpusPerPod ?? 1,
                huggingFaceToken: args.server.deploy.huggingFaceToken,
                extraArgs: args.server.deploy.extraArgs ?? [],
                cpu: args.server.deploy.cpu ?? "2",
                // Fits the smallest GPU machines (16 GB, ~12-14 GiB allocatable after system reservations).
                memory: args.server.deploy.memory ?? "10Gi",
                startupTimeoutSeconds: args.server.deploy.startupTimeoutSeconds ?? 1200,
                createNamespace: args.server.deploy.createNamespace ?? true,
            },
        },
        monitoringNamespace: args.monitoringNamespace ?? "monitoring",
        createMonitoringNamespace: args.createMonitoringNamespace ?? true,
        nodePool: resolveNodePool(cloud, args),
        gke: args.gke,
        eks: args.eks && {
            ...args.eks,
            amiType,
            clusterAutoscaler: args.eks.clusterAutoscaler ?? args.nodePool !== undefined,
        },
        aks: args.aks && {
            ...args.aks,
            agentPoolName: args.aks.agentPoolName ?? `gpu${name.replace(/[^a-z0-9]/g, "")}`.slice(0, 12),
        },
        // Bottlerocket's NVIDIA variant ships the device plugin itself.
        devicePlugin: args.devicePlugin ?? (defaults.devicePlugin && amiType !== "BOTTLEROCKET_x86_64_NVIDIA"),
        gpuNodeSelector: args.gpuNodes?.nodeSelector ?? { [GPU_PRESENT_LABEL]: "true" },
        gpuTolerations:
            args.gpuNodes?.tolerations ??
            (cloud === "aks" && args.nodePool?.spot
                ? [...DEFAULT_GPU_TOLERATIONS, { key: AKS_SPOT_TAINT.key, operator: "Equal", value: AKS_SPOT_TAINT.value, effect: AKS_SPOT_TAINT.effect }]
                : DEFAULT_GPU_TOLERATIONS),
        prometheus: {
            install: args.prometheus?.install ?? true,
            url: args.prometheus?.url,
            monitorLabels: args.prometheus?.monitorLabels ?? {},
            // Measured by `npm run bench`: with these and a 2 s DCGM collect interval a value is at
            // most 10 s (vLLM) or 17 s (GPU) old when the HPA reads it; the seeds' 30 s took 30 s / 90 s.
            scrapeInterval: args.prometheus?.scrapeInterval ?? "10s",
            evaluationInterval: args.prometheus?.evaluationInterval ?? "5s",
            retention: args.prometheus?.retention ?? "15d",
            storageSize: args.prometheus?.storageSize ?? "50Gi",
            storageClassName: args.prometheus?.storageClassName,
            grafana: args.prometheus?.grafana ?? false,
            grafanaAdminPassword: args.prometheus?.grafanaAdminPassword,
            values: args.prometheus?.values ?? {},
        },
        dcgmExporter: {
            install: dcgmInstall,
            collectIntervalMs: args.dcgmExporter?.collectIntervalMs ?? 2000,
            existing: existing && { ...existing, podLabels: { ...existing.podLabels }, port: existing.port ?? 9400 },
            values: args.dcgmExporter?.values ?? {},
        },
        adapter: {
            install: args.adapter?.install ?? backend === "prometheus-adapter",
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

/**
 * The collection mode: the one asked for, else the cloud's default. Shared by `resolveConfig`
 * and validation (which runs first, so an unknown cloud falls back to generic's defaults).
 */
export function resolveCollection(args: InferenceAutoscalingArgs): CollectionMode {
    return args.collection ?? (CLOUD_DEFAULTS[args.cloud ?? "generic"] ?? CLOUD_DEFAULTS.generic).collection;
}

/** The metrics backend: the one asked for, else the collection mode's own server. */
export function resolveBackend(args: InferenceAutoscalingArgs): MetricsBackend {
    return args.backend ?? (resolveCollection(args) === "gke-managed" ? "stackdriver-adapter" : "prometheus-adapter");
}

/** The node pool with defaults applied and its machine picked; undefined without `nodePool`. */
function resolveNodePool(cloud: Cloud, args: InferenceAutoscalingArgs): ResolvedNodePool | undefined {
    const pool = args.nodePool;
    if (!pool || cloud === "generic") {
        return undefined;
    }
    const gpusPerNode = pool.gpusPerNode ?? 1;
    const machine = pickMachine(cloud, pool.accelerator, gpusPerNode, pool.machineType);
    if (!machine) {
        throw new Error(`no ${cloud} machine holds ${gpusPerNode} ${pool.accelerator}; validation should have said so`);
    }
    return {
        accelerator: pool.accelerator,
        gpusPerNode,
        machine,
        minNodes: pool.minNodes ?? 1,
        maxNodes: pool.maxNodes ?? 3,
        diskSizeGb: pool.diskSizeGb ?? 200,
        spot: pool.spot ?? false,
        labels: { [GPU_PRESENT_LABEL]: "true", "inference-autoscaling/accelerator": pool.accelerator },
    };
}
