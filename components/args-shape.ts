/**
 * The shapes of the components' arguments, field by field: what the shape check (stage one of
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
    InferencePlatformArgs,
    KedaArgs,
    KedaFallbackArgs,
    KedaModelArgs,
    KedaScalingModifiersArgs,
    KedaPlatformArgs,
    ModelAutoscalerArgs,
    PrometheusAdapterArgs,
    PrometheusArgs,
    ScalingMetricArgs,
    StackdriverAdapterArgs,
    VllmDeploymentArgs,
    VllmServerArgs,
} from "./args";
import { Problems } from "./problems";
import {
    bool,
    checkFields,
    Field,
    FieldsOf,
    freeForm,
    listOf,
    mapOf,
    num,
    obj,
    optional,
    required,
    str,
} from "./shape";
import {
    CLOUDS,
    COLLECTION_MODES,
    EKS_AMI_TYPES,
    KEDA_FALLBACK_BEHAVIORS,
    ROLLOUT_STRATEGIES,
    METRICS_BACKENDS,
    SERVER_ENGINES,
} from "./vocabulary/choices";

const labels = mapOf(str());

const KEDA_MODEL_FIELDS: FieldsOf<KedaModelArgs> = {
    activationQuery: optional(str()),
    activationThreshold: optional(num()),
    cooldownPeriodSeconds: optional(num(true)),
    pollingIntervalSeconds: optional(num(true)),
    fallback: optional(
        obj<KedaFallbackArgs>({
            enabled: optional(bool),
            failureThreshold: optional(num(true)),
            replicas: optional(num(true)),
            behavior: optional(str(KEDA_FALLBACK_BEHAVIORS)),
        }),
    ),
    scalingModifiers: optional(
        obj<KedaScalingModifiersArgs>({
            formula: required(str()),
            target: optional(num()),
            activationTarget: optional(num()),
        }),
    ),
};
const KEDA_MODEL = obj<KedaModelArgs>(KEDA_MODEL_FIELDS);
const KEDA = obj<KedaArgs>({
    install: optional(bool),
    namespace: optional(str()),
    operatorServiceAccount: optional(str()),
    ...KEDA_MODEL_FIELDS,
});

const DEPLOY = obj<VllmDeploymentArgs>({
    model: optional(str()),
    modelRevision: optional(str()),
    image: optional(str()),
    gpusPerPod: optional(num(true)),
    huggingFaceToken: optional(str()),
    extraArgs: optional(listOf(str())),
    cpu: optional(str()),
    memory: optional(str()),
    startupTimeoutSeconds: optional(num(true)),
    drainSeconds: optional(num(true)),
    strategy: optional(str(ROLLOUT_STRATEGIES)),
    createNamespace: optional(bool),
    prePullImage: optional(bool),
    modelCache: optional(bool),
});

const SERVER = obj<VllmServerArgs>({
    namespace: required(str()),
    deploymentName: required(str()),
    podLabels: required(labels),
    metricsPort: optional(num(true)),
    metricsPath: optional(str()),
    engine: optional(str(SERVER_ENGINES)),
    deploy: optional(DEPLOY),
    podDisruptionBudget: optional(bool),
});

const PROMETHEUS = obj<PrometheusArgs>({
    install: optional(bool),
    url: optional(str()),
    monitorLabels: optional(labels),
    scrapeInterval: optional(str()),
    scalingScrapeInterval: optional(str()),
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

const STACKDRIVER_ADAPTER = obj<StackdriverAdapterArgs>({
    install: optional(bool),
    namespace: optional(str()),
    serviceAccount: optional(str()),
});

const AUTOSCALING = obj<AutoscalingArgs>({
    minReplicas: optional(num(true)),
    maxReplicas: optional(num(true)),
    // Names are checked against the catalog by validation, which lists them.
    metrics: optional(
        listOf(obj<ScalingMetricArgs>({ name: required(str()), target: optional(num()) })),
    ),
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

const PLATFORM_FIELDS: FieldsOf<InferencePlatformArgs> = {
    cloud: optional(str(CLOUDS)),
    collection: optional(str(COLLECTION_MODES)),
    backend: optional(str(METRICS_BACKENDS)),
    keda: optional(
        obj<KedaPlatformArgs>({
            install: optional(bool),
            namespace: optional(str()),
            operatorServiceAccount: optional(str()),
        }),
    ),
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
    stackdriverAdapter: optional(STACKDRIVER_ADAPTER),
    devicePlugin: optional(bool),
    alerts: optional(bool),
    gpuMetrics: optional(bool),
    warmCapacity: optional(num(true)),
};

const MODEL_FIELDS: FieldsOf<ModelAutoscalerArgs> = {
    // Made by InferencePlatform (`connection`), not written by hand.
    platform: required(freeForm("map")),
    server: required(SERVER),
    autoscaling: optional(AUTOSCALING),
    keda: optional(KEDA_MODEL),
    nodePool: optional(NODE_POOL),
    alerts: optional(bool),
    warmCapacity: optional(num(true)),
};

/** Every argument of InferenceAutoscaling (platform and model in one) and its shape, in the order messages list them. */
export const ARGS_FIELDS: FieldsOf<InferenceAutoscalingArgs> = {
    cloud: PLATFORM_FIELDS.cloud,
    collection: PLATFORM_FIELDS.collection,
    backend: PLATFORM_FIELDS.backend,
    keda: optional(KEDA),
    server: MODEL_FIELDS.server,
    nodePool: PLATFORM_FIELDS.nodePool,
    gke: PLATFORM_FIELDS.gke,
    eks: PLATFORM_FIELDS.eks,
    aks: PLATFORM_FIELDS.aks,
    monitoringNamespace: PLATFORM_FIELDS.monitoringNamespace,
    createMonitoringNamespace: PLATFORM_FIELDS.createMonitoringNamespace,
    gpuNodes: PLATFORM_FIELDS.gpuNodes,
    prometheus: PLATFORM_FIELDS.prometheus,
    dcgmExporter: PLATFORM_FIELDS.dcgmExporter,
    adapter: PLATFORM_FIELDS.adapter,
    stackdriverAdapter: PLATFORM_FIELDS.stackdriverAdapter,
    devicePlugin: PLATFORM_FIELDS.devicePlugin,
    alerts: PLATFORM_FIELDS.alerts,
    warmCapacity: PLATFORM_FIELDS.warmCapacity,
    autoscaling: MODEL_FIELDS.autoscaling,
};

/** A model a stack adds to the platform of its first model: ModelAutoscaler's arguments but the platform, and its name. */
export interface StackModel extends Omit<ModelAutoscalerArgs, "platform"> {
    /** The model's component name: the prefix of its resources. */
    name: string;
}

const STACK_MODEL_FIELDS: FieldsOf<StackModel> = {
    name: required(str()),
    server: MODEL_FIELDS.server,
    autoscaling: MODEL_FIELDS.autoscaling,
    keda: MODEL_FIELDS.keda,
    nodePool: MODEL_FIELDS.nodePool,
    alerts: MODEL_FIELDS.alerts,
    warmCapacity: MODEL_FIELDS.warmCapacity,
};

/** The stack file's `models` list. */
export const STACK_MODELS: Field = optional(listOf(obj<StackModel>(STACK_MODEL_FIELDS)));

/** The shape of each component's arguments. */
export const SHAPES = {
    platform: PLATFORM_FIELDS,
    model: MODEL_FIELDS,
    inferenceAutoscaling: ARGS_FIELDS,
} as const;

/** An argument the components had before their first release (issue #18). */
const RETIRED_K8S_PROVIDER =
    "k8sProvider is no longer an argument (other Pulumi languages cannot pass a provider that way); " +
    "pass the Kubernetes provider as a resource option: " +
    "new InferencePlatform(name, args, { providers: [k8sProvider] })";

/** Problems with the raw shape of a component's arguments (types, unknown keys, required fields). */
export function findShapeProblems(
    args: unknown,
    fields: Readonly<Record<string, Field>> = ARGS_FIELDS,
): Problems {
    const problems = new Problems();
    if (typeof args !== "object" || args === null || Array.isArray(args)) {
        problems.add("args", "the arguments must be an object");
    } else {
        const { k8sProvider, ...rest } = args as Record<string, unknown>;
        if (k8sProvider !== undefined) {
            problems.add("k8sProvider", RETIRED_K8S_PROVIDER);
        }
        checkFields(rest, fields, "", problems);
    }
    return problems;
}
