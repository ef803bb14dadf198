/**
 * The closed lists of choices the arguments take, each written once: the argument types, the shape
 * check's allowed values and the messages all come from here.
 */

/**
 * Where the cluster runs. It decides the defaults (GKE collects metrics with Managed Service for
 * Prometheus; EKS, AKS and any other cluster run their own Prometheus) and which node pool can be made.
 * Always given explicitly: the component never guesses the cloud from a name.
 */
export const CLOUDS = ["gke", "eks", "aks", "generic"] as const;
export type Cloud = (typeof CLOUDS)[number];

/**
 * How metrics are collected and served to Kubernetes.
 * - `self-managed`: kube-prometheus-stack + prometheus-adapter in the cluster (any cloud).
 * - `gke-managed`: GKE Managed Service for Prometheus + Custom Metrics Stackdriver Adapter (GKE only).
 */
export const COLLECTION_MODES = ["self-managed", "gke-managed"] as const;
export type CollectionMode = (typeof COLLECTION_MODES)[number];

/**
 * What serves the metrics to Kubernetes and drives the scaling.
 * - `prometheus-adapter`: the seeds' bridge, an HPA on `custom.metrics.k8s.io` (self-managed only).
 * - `stackdriver-adapter`: the Custom Metrics Stackdriver Adapter and an HPA (GKE managed only).
 * - `keda`: a KEDA ScaledObject with Prometheus triggers (either collection mode); allows scale to zero.
 * Exactly one of them serves `custom`/`external.metrics.k8s.io` in a cluster.
 */
export const METRICS_BACKENDS = ["prometheus-adapter", "stackdriver-adapter", "keda"] as const;
export type MetricsBackend = (typeof METRICS_BACKENDS)[number];

/** EKS AMI types with NVIDIA drivers. */
export const EKS_AMI_TYPES = ["AL2023_x86_64_NVIDIA", "BOTTLEROCKET_x86_64_NVIDIA"] as const;
export type EksAmiType = (typeof EKS_AMI_TYPES)[number];

/**
 * KEDA's `spec.fallback.behavior` (the ScaledObject CRD of the pinned chart): which replica count
 * KEDA asks for once a trigger has failed `failureThreshold` times in a row.
 */
export const KEDA_FALLBACK_BEHAVIORS = ["static", "currentReplicas", "currentReplicasIfHigher", "currentReplicasIfLower"] as const;
export type KedaFallbackBehavior = (typeof KEDA_FALLBACK_BEHAVIORS)[number];

/**
 * The inference server the scaled pods run: it decides which catalog metrics exist (each server
 * names its series its own way). Only vLLM can be deployed by the component (`server.deploy`).
 */
export const SERVER_ENGINES = ["vllm", "sglang", "tgi"] as const;
export type ServerEngine = (typeof SERVER_ENGINES)[number];
