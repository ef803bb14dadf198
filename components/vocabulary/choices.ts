/**
 * The closed lists of choices the arguments take, each written once: the argument types, the shape
 * check's allowed values and the messages all come from here.
 *
 * Each list is an `as const` object whose type is the union of its values, declared const before
 * type: Pulumi's schema analyzer (`pulumi package add`) turns this pattern into a schema enum, with
 * the members' doc comments, where it refuses a string-literal union; TypeScript callers still pass
 * the plain strings (`cloud: "gke"`), and may use the members (`Cloud.Gke`). The arrays beside
 * them (`CLOUDS`, ...) are the objects' values in declaration order, for validation and messages.
 */

/**
 * Where the cluster runs. It decides the defaults (GKE collects metrics with Managed Service for
 * Prometheus; EKS, AKS and any other cluster run their own Prometheus) and which node pool can be made.
 * Always given explicitly: the component never guesses the cloud from a name.
 */
export const Cloud = {
    /** Google Kubernetes Engine. */
    Gke: "gke",
    /** Amazon Elastic Kubernetes Service. */
    Eks: "eks",
    /** Azure Kubernetes Service. */
    Aks: "aks",
    /** Any other cluster: no node pool is made, metrics are self-managed. */
    Generic: "generic",
} as const;
export type Cloud = (typeof Cloud)[keyof typeof Cloud];
export const CLOUDS: readonly Cloud[] = Object.values(Cloud);

/**
 * How metrics are collected and served to Kubernetes.
 * - `self-managed`: kube-prometheus-stack + prometheus-adapter in the cluster (any cloud).
 * - `gke-managed`: GKE Managed Service for Prometheus + Custom Metrics Stackdriver Adapter (GKE only).
 */
export const CollectionMode = {
    /** kube-prometheus-stack + prometheus-adapter in the cluster (any cloud). */
    SelfManaged: "self-managed",
    /** GKE Managed Service for Prometheus + Custom Metrics Stackdriver Adapter (GKE only). */
    GkeManaged: "gke-managed",
} as const;
export type CollectionMode = (typeof CollectionMode)[keyof typeof CollectionMode];
export const COLLECTION_MODES: readonly CollectionMode[] = Object.values(CollectionMode);

/**
 * What serves the metrics to Kubernetes and drives the scaling.
 * - `prometheus-adapter`: the seeds' bridge, an HPA on `custom.metrics.k8s.io` (self-managed only).
 * - `stackdriver-adapter`: the Custom Metrics Stackdriver Adapter and an HPA (GKE managed only).
 * - `keda`: a KEDA ScaledObject with Prometheus triggers (either collection mode); allows scale to zero.
 * Exactly one of them serves `custom`/`external.metrics.k8s.io` in a cluster.
 */
export const MetricsBackend = {
    /** prometheus-adapter and an HPA on `custom.metrics.k8s.io` (self-managed only). */
    PrometheusAdapter: "prometheus-adapter",
    /** The Custom Metrics Stackdriver Adapter and an HPA (GKE managed only). */
    StackdriverAdapter: "stackdriver-adapter",
    /** A KEDA ScaledObject with Prometheus triggers (either collection mode); allows scale to zero. */
    Keda: "keda",
} as const;
export type MetricsBackend = (typeof MetricsBackend)[keyof typeof MetricsBackend];
export const METRICS_BACKENDS: readonly MetricsBackend[] = Object.values(MetricsBackend);

/** EKS AMI types with NVIDIA drivers. */
export const EksAmiType = {
    /** Amazon Linux 2023 with NVIDIA drivers. */
    Al2023X8664Nvidia: "AL2023_x86_64_NVIDIA",
    /** Bottlerocket with NVIDIA drivers. */
    BottlerocketX8664Nvidia: "BOTTLEROCKET_x86_64_NVIDIA",
} as const;
export type EksAmiType = (typeof EksAmiType)[keyof typeof EksAmiType];
export const EKS_AMI_TYPES: readonly EksAmiType[] = Object.values(EksAmiType);

/**
 * KEDA's `spec.fallback.behavior` (the ScaledObject CRD of the pinned chart): which replica count
 * KEDA asks for once a trigger has failed `failureThreshold` times in a row.
 */
export const KedaFallbackBehavior = {
    /** `fallback.replicas`. */
    Static: "static",
    /** The replicas the target has now. */
    CurrentReplicas: "currentReplicas",
    /** The greater of the current replicas and `fallback.replicas`. */
    CurrentReplicasIfHigher: "currentReplicasIfHigher",
    /** The lesser of the current replicas and `fallback.replicas`. */
    CurrentReplicasIfLower: "currentReplicasIfLower",
} as const;
export type KedaFallbackBehavior = (typeof KedaFallbackBehavior)[keyof typeof KedaFallbackBehavior];
export const KEDA_FALLBACK_BEHAVIORS: readonly KedaFallbackBehavior[] =
    Object.values(KedaFallbackBehavior);

/**
 * The inference server the scaled pods run: it decides which catalog metrics exist (each server
 * names its series its own way). Only vLLM can be deployed by the component (`server.deploy`).
 */
export const ServerEngine = {
    /** vLLM. */
    Vllm: "vllm",
    /** SGLang. */
    Sglang: "sglang",
    /** Hugging Face Text Generation Inference. */
    Tgi: "tgi",
} as const;
export type ServerEngine = (typeof ServerEngine)[keyof typeof ServerEngine];
export const SERVER_ENGINES: readonly ServerEngine[] = Object.values(ServerEngine);

/**
 * How the deployed vLLM server rolls out a changed pod template (image, args, resources).
 * - `replace`: one old pod stops before its replacement starts (RollingUpdate, maxSurge 0,
 *   maxUnavailable 1). Needs no free GPU, so it cannot deadlock on a full pool; a single-replica
 *   model is down while the new pod starts.
 * - `surge`: the new pod starts first (maxSurge 1, maxUnavailable 0). Keeps every replica serving,
 *   but needs one free GPU: on a full pool, or out of GPU quota, the rollout waits until it fails.
 */
export const RolloutStrategy = {
    /** Stop one old pod, then start its replacement: no extra GPU. */
    Replace: "replace",
    /** Start the replacement first: one extra GPU, no capacity lost. */
    Surge: "surge",
} as const;
export type RolloutStrategy = (typeof RolloutStrategy)[keyof typeof RolloutStrategy];
export const ROLLOUT_STRATEGIES: readonly RolloutStrategy[] = Object.values(RolloutStrategy);
