/**
 * The shape of `InferenceAutoscalingArgs`, field by field: what the shape check (stage one of
 * argument checking) holds the raw arguments to, and what the stack program reads from config.
 * The compiler keeps it in step with the interfaces in args.ts: each `obj<T>` must list exactly
 * the fields of `T`.
 */
import type {
    AksClusterArgs,
    AutoscalingArgs,
    DcgmExporterArgs,
    EksClusterArgs,
    GkeClusterArgs,
    GpuNodeArgs,
    GpuNodePoolArgs,
    InferenceAutoscalingArgs,
    KedaArgs,
    PrometheusAdapterArgs,
    PrometheusArgs,
    ScalingMetricArgs,
    VllmDeploymentArgs,
    VllmServerArgs,
} from "./args";
import { Problems } from "./problems";
import { bool, checkFields, Field, FieldsOf, freeForm, listOf, mapOf, num, obj, optional, required, resource, str } from "./shape";
import { CLOUDS, COLLECTION_MODES, EKS_AMI_TYPES, METRICS_BACKENDS } from "./vocabulary";

const labels = mapOf(str());

const KEDA = obj<KedaArgs>({
    install: optional(bool),
    activationQuery: optional(str()),
    activationThreshold: optional(num()),
    cooldownPeriodSeconds: optional(num(true)),
    pollingIntervalSeconds: optional(num(true)),
});

const DEPLOY = obj<VllmDeploymentArgs>({
    model: optional(str()),
    image: optional(str()),
    gpusPerPod: optional(num(true)),
    huggingFaceToken: optional(str()),
    extraArgs: optional(listOf(str())),
    cpu: optional(str()),
    memory: optional(str()),
    startupTimeoutSeconds: optional(num(true)),
    createNamespace: optional(bool),
});

const SERVER = obj<VllmServerArgs>({
    namespace: required(str()),
    deploymentName: required(str()),
    podLabels: required(labels),
    metricsPort: optional(num(true)),
    metricsPath: optional(str()),
    deploy: optional(DEPLOY),
    podDisruptionBudget: optional(bool),
});

const PROMETHEUS = obj<PrometheusArgs>({
    install: optional(bool),
    url: optional(str()),
    monitorLabels: optional(labels),
    scrapeInterval: optional(str()),
    evaluationInterval: optional(str()),
    retention: optional(str()),
    storageSize: optional(str()),
    storageClassName: optional(str()),
    grafana: optional(bool),
    grafanaAdminPassword: optional(str()),
    values: optional(freeForm("map")),
});

const DCGM_EXPORTER = obj<DcgmExporterArgs>({
    install: optional(bool),
    existing: optional(
        obj<NonNullable<DcgmExporterArgs["existing"]>>({
            namespace: required(str()),
            podLabels: required(labels),
            port: optional(num(true)),
        }),
    ),
    collectIntervalMs: optional(num(true)),
    values: optional(freeForm("map")),
});

const ADAPTER = obj<PrometheusAdapterArgs>({
    install: optional(bool),
    replicas: optional(num(true)),
    values: optional(freeForm("map")),
});

const AUTOSCALING = obj<AutoscalingArgs>({
    minReplicas: optional(num(true)),
    maxReplicas: optional(num(true)),
    // Names are checked against the catalog by validation, which lists them.
    metrics: optional(listOf(obj<ScalingMetricArgs>({ name: required(str()), target: optional(num()) }))),
    // A Kubernetes struct: the API server checks it.
    behavior: optional(freeForm("map")),
});

const GPU_NODES = obj<GpuNodeArgs>({
    nodeSelector: optional(labels),
    tolerations: optional(freeForm("list")),
});

const NODE_POOL = obj<GpuNodePoolArgs>({
    // Checked against the cloud's accelerators by the cloud validation, which lists them.
    accelerator: required(str()),
    gpusPerNode: optional(num(true)),
    machineType: optional(str()),
    minNodes: optional(num(true)),
    maxNodes: optional(num(true)),
    diskSizeGb: optional(num(true)),
    spot: optional(bool),
});

// Which cluster fields a cloud needs depends on what is made there: the cloud validation says.
const GKE = obj<GkeClusterArgs>({
    project: optional(str()),
    location: optional(str()),
    clusterName: optional(str()),
    nodeLocations: optional(listOf(str())),
});

const EKS = obj<EksClusterArgs>({
    clusterName: optional(str()),
    subnetIds: optional(listOf(str())),
    amiType: optional(str(EKS_AMI_TYPES)),
    clusterAutoscaler: optional(bool),
});

const AKS = obj<AksClusterArgs>({
    resourceGroupName: optional(str()),
    clusterName: optional(str()),
    agentPoolName: optional(str()),
});

/** Every argument of the component and its shape. */
export const ARGS_FIELDS: FieldsOf<InferenceAutoscalingArgs> = {
    cloud: optional(str(CLOUDS)),
    collection: optional(str(COLLECTION_MODES)),
    backend: optional(str(METRICS_BACKENDS)),
    keda: optional(KEDA),
    k8sProvider: optional(resource),
    server: required(SERVER),
    nodePool: optional(NODE_POOL),
    gke: optional(GKE),
    eks: optional(EKS),
    aks: optional(AKS),
    monitoringNamespace: optional(str()),
    createMonitoringNamespace: optional(bool),
    gpuNodes: optional(GPU_NODES),
    prometheus: optional(PROMETHEUS),
    dcgmExporter: optional(DCGM_EXPORTER),
    adapter: optional(ADAPTER),
    devicePlugin: optional(bool),
    autoscaling: optional(AUTOSCALING),
};

/** Problems with the raw shape of the arguments (types, unknown keys, required fields). */
export function findShapeProblems(args: unknown): Problems {
    const problems = new Problems();
    if (typeof args !== "object" || args === null || Array.isArray(args)) {
        problems.add("args", "the arguments must be an object");
    } else {
        checkFields(args as Record<string, unknown>, ARGS_FIELDS as Readonly<Record<string, Field>>, "", problems);
    }
    return problems;
}
