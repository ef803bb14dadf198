import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Accelerator } from "./vocabulary/accelerators";
import { MetricName } from "./vocabulary/metrics";

import type { AksClusterArgs } from "./clouds/aks/args";
import type { EksClusterArgs } from "./clouds/eks/args";
import type { GkeClusterArgs } from "./clouds/gke/args";
import type { PlatformConnection } from "./settings/connection";
import {
    Cloud,
    CollectionMode,
    EksAmiType,
    KedaFallbackBehavior,
    MetricsBackend,
    RolloutStrategy,
    ServerEngine,
} from "./vocabulary/choices";

export {
    Cloud,
    CollectionMode,
    EksAmiType,
    KedaFallbackBehavior,
    MetricsBackend,
    RolloutStrategy,
    ServerEngine,
};
// The cluster blocks are written in each cloud's folder (clouds/<cloud>/args.ts), below the
// cluster they resolve to (clouds/cluster.ts), which the platform connection (below) carries.
export type { AksClusterArgs, EksClusterArgs, GkeClusterArgs };

/** KEDA on the platform, when `backend` is `keda`. */
export interface KedaPlatformArgs {
    /** Install the KEDA chart. Defaults to true; set false if KEDA already runs in the cluster. */
    install?: boolean;
    /**
     * Namespace KEDA runs in. Defaults to `<name>-keda` when the component installs KEDA (so it
     * never meets a `keda` namespace the cluster already has), and to `keda` with `install: false`.
     */
    namespace?: string;
    /**
     * Service account of KEDA's operator, which runs the triggers' queries. Defaults to `keda-operator`
     * elsewhere than GKE and with `install: false` (the chart's name); on GKE the component's KEDA names
     * it `keda-operator-<tag>`, tagged with the project, location and cluster, so its Monitoring
     * Viewer grant (Workload Identity, installed or not) is this cluster's own.
     */
    operatorServiceAccount?: string;
}

/** KEDA settings of one model's ScaledObject, when the platform's `backend` is `keda`. */
export interface KedaModelArgs {
    /**
     * PromQL whose value wakes the server from zero replicas (> `activationThreshold`), e.g. the
     * request rate at your ingress. Required with `minReplicas: 0`: vLLM reports nothing while no
     * pod runs, so its own metrics cannot wake it.
     */
    activationQuery?: string;
    /** Value `activationQuery` must exceed to scale from zero. Defaults to 0. */
    activationThreshold?: number;
    /** Seconds of no activation before scaling to zero. Defaults to 300. */
    cooldownPeriodSeconds?: number;
    /** How often KEDA queries the triggers. Defaults to 15 (the HPA's own sync period). */
    pollingIntervalSeconds?: number;
    /** What KEDA does when a trigger's query keeps failing (Prometheus or GMP unreachable). */
    fallback?: KedaFallbackArgs;
    /**
     * One formula over the metrics instead of the HPA's largest per-metric proposal (KEDA
     * `advanced.scalingModifiers`). Defaults to none. Not with `minReplicas: 0` (no pod, no value).
     */
    scalingModifiers?: KedaScalingModifiersArgs;
}

/**
 * KEDA's `advanced.scalingModifiers`: KEDA evaluates `formula` over the triggers' values and the
 * HPA scales on the result alone, as a `Value` metric: ceil(replicas × formula ÷ target). In the
 * formula each trigger is named by its catalog metric and worth that metric's average per pod
 * (requests per pod, KV-cache fraction, seconds of p95 TTFT).
 * See https://keda.sh/docs/2.18/reference/scaledobject-spec/#scalingmodifiers
 */
export interface KedaScalingModifiersArgs {
    /**
     * An `expr` expression (https://expr-lang.org) over the scaled metrics, e.g. the larger of queue
     * pressure and KV-cache saturation, each as a share of its target:
     * `max(vllm_num_requests_waiting / 5, vllm_kv_cache_usage_perc / 0.8)`. Every catalog metric it
     * names must be in `autoscaling.metrics`.
     */
    formula: string;
    /** Value of the formula to hold. Defaults to 1. A whole number while `keda.fallback` is enabled (KEDA's fallback ignores a formula with another target). */
    target?: number;
    /** Value the formula must exceed for the ScaledObject to be active. Defaults to 0. */
    activationTarget?: number;
}

/**
 * KEDA's `fallback`: after `failureThreshold` failed reads of a trigger in a row, KEDA serves the
 * HPA a value that makes it scale to the fallback count, and sets the ScaledObject's `Fallback`
 * condition. Needs KEDA 2.18 or later with `Value` triggers (the component installs 2.20).
 * See https://keda.sh/docs/2.18/reference/scaledobject-spec/#fallback
 */
export interface KedaFallbackArgs {
    /**
     * Use KEDA's fallback. Defaults to true: without it, a model at `minReplicas: 0` whose triggers
     * all fail is scaled to zero after `cooldownPeriodSeconds`, whatever the traffic. Set false on a
     * KEDA older than 2.18, whose webhook refuses a fallback beside `Value` triggers.
     */
    enabled?: boolean;
    /** Failed reads in a row (one per `pollingIntervalSeconds`) before falling back. Defaults to 3. */
    failureThreshold?: number;
    /** Replica count to fall back to. Defaults to the larger of `minReplicas` and 1. At most `maxReplicas`. */
    replicas?: number;
    /**
     * Which count KEDA asks for: `static` (`replicas`), `currentReplicas`, `currentReplicasIfHigher`
     * (the larger of the current count and `replicas`: never scale down blind) or
     * `currentReplicasIfLower`. Defaults to `currentReplicasIfHigher`.
     */
    behavior?: KedaFallbackBehavior;
}

/** KEDA, when `backend` is `keda`: the platform's install and the model's ScaledObject settings. */
export interface KedaArgs extends KedaPlatformArgs, KedaModelArgs {}

/** The vLLM server the component deploys when `server.deploy` is set. */
export interface VllmDeploymentArgs {
    /** Hugging Face model to serve. Defaults to `google/gemma-3-1b-it` (the seeds' model). */
    model?: string;
    /**
     * Hugging Face revision of `model` (a commit hash, tag or branch) that every replica serves.
     * Defaults to none: the repository's default branch as it is when a pod fetches it, so replicas
     * started on different days can serve different weights. Pin a commit in production.
     */
    modelRevision?: string;
    /** vLLM OpenAI-compatible server image. Defaults to `vllm/vllm-openai:v0.11.0`. */
    image?: string;
    /** GPUs per pod (`nvidia.com/gpu`). Defaults to 1. */
    gpusPerPod?: number;
    /** Hugging Face token for gated models (Gemma is gated): pass a secret, e.g. `config.requireSecret("hfToken")`. */
    huggingFaceToken?: pulumi.Input<string>;
    /** Extra vLLM arguments, e.g. `["--max-model-len", "8192"]`. Defaults to none. */
    extraArgs?: string[];
    /** CPU request. Defaults to `2`. */
    cpu?: string;
    /** Memory request and limit. Defaults to `10Gi` (fits 16 GB machines such as g2-standard-4, g6.xlarge). */
    memory?: string;
    /**
     * Time the startup probe allows vLLM to load the model before liveness checks start. Defaults to
     * a budget from the model's size and `modelCache` (with the cache the weights are fetched before
     * vLLM starts, so only reading them from disk counts): e.g. 300 s for gemma-3-1b-it, 540 s for
     * Llama-3.1-8B with the cache and 1260 s without; 1200 s for a model the component does not know.
     */
    startupTimeoutSeconds?: number;
    /**
     * Keep the model's weights on each GPU node's disk, in a directory of the model's own (a hostPath
     * Hugging Face cache per namespace and Deployment), fetched by an init container before vLLM
     * starts and, with `prePullImage`, onto every GPU node ahead of need, so a new replica loads from
     * local disk instead of downloading again. vLLM reads it read-only and offline: what `extraArgs`
     * loads from another repository is not fetched. Directories no pod has used for 14 days are
     * removed. Defaults to true. Needs a namespace that allows hostPath volumes (not the Pod Security
     * "baseline" profile).
     */
    modelCache?: boolean;
    /**
     * Seconds a stopping pod (scale-down, node drain, rollout) may take to finish the generations in
     * flight: the longest generation you serve. Defaults to 120. It first waits out its removal from
     * the endpoints (10 s), then until its metrics show no running or waiting request, then gets
     * SIGTERM and 30 s to stop.
     */
    drainSeconds?: number;
    /**
     * How a changed pod template rolls out: `replace` (the default: stop one pod, then start its
     * replacement; needs no free GPU, so a full pool cannot deadlock it, but a single replica is
     * down meanwhile) or `surge` (start the replacement first; keeps every replica serving but needs
     * one free GPU, and waits, then fails, on a full pool).
     */
    strategy?: RolloutStrategy;
    /** Create `server.namespace`. Defaults to true. */
    createNamespace?: boolean;
    /**
     * Pull `image` onto every node the server can run on before a server pod needs it: a DaemonSet
     * whose init container is the image doing nothing, then a pause container (1m CPU, 8Mi; no GPU).
     * Defaults to true: the ~10 GB pull is minutes of a cold start, and warm headroom (`warmCapacity`)
     * only starts a server in seconds when the image is already on the node. Needs a node selector for
     * the GPU nodes (every pool the component makes has one; for GKE GPU nodes you bring, set
     * `gpuNodes.nodeSelector`). See https://kubernetes.io/docs/concepts/containers/images/#pre-pulled-images
     */
    prePullImage?: boolean;
}

/** The vLLM server to scale: an existing Deployment, or one the component deploys (`deploy`). */
export interface VllmServerArgs {
    /** Namespace of the vLLM Deployment. A DNS-1123 label. */
    namespace: string;
    /** Name of the vLLM Deployment the HPA scales. A DNS-1123 subdomain. */
    deploymentName: string;
    /**
     * Labels on the vLLM pods (the Deployment's `spec.selector.matchLabels`). The component makes
     * its own metrics Service selecting these pods, so scraping never depends on the labels or
     * port names of a Service it does not own.
     */
    podLabels: Record<string, string>;
    /** Container port vLLM serves `/metrics` on. Defaults to 8000 (vLLM's own default). 1..65535. */
    metricsPort?: number;
    /** HTTP path of the metrics endpoint. Defaults to `/metrics`. */
    metricsPath?: string;
    /**
     * The inference server the pods run: `vllm`, `sglang` (started with `--enable-metrics`) or `tgi`
     * (Hugging Face Text Generation Inference). Defaults to `vllm`. It decides which catalog metrics
     * exist (`autoscaling.metrics` may name only its own and the GPU's) and the default metric, its
     * running batch. `deploy` needs `vllm`.
     */
    engine?: ServerEngine;
    /**
     * Deploy the vLLM server too (Deployment + Service, in `namespace`, named `deploymentName`,
     * pods labelled `podLabels`, serving on `metricsPort`). Omit to scale a server you deploy.
     */
    deploy?: VllmDeploymentArgs;
    /**
     * Add a PodDisruptionBudget (`maxUnavailable: 1`) for the vLLM pods. Defaults to true; set
     * false if the server already has one (two budgets over the same pods block evictions).
     */
    podDisruptionBudget?: boolean;
}

/** The Prometheus that collects the metrics (self-managed mode). */
export interface PrometheusArgs {
    /**
     * Install kube-prometheus-stack. Defaults to true. When false, give `url` of a Prometheus you run,
     * and make sure it selects ServiceMonitors and PrometheusRules labelled with `ruleSelectorLabels`.
     */
    install?: boolean;
    /**
     * URL (scheme, host and port, no path) of an existing Prometheus for prometheus-adapter to query.
     * Required when `install` is false; not allowed when `install` is true (the URL is derived).
     */
    url?: string;
    /**
     * Labels put on the component's ServiceMonitors and PrometheusRule, for an existing Prometheus
     * whose operator selects by label (e.g. `{ release: "prometheus" }`). Defaults to none: the
     * installed Prometheus selects every monitor and rule in every namespace.
     */
    monitorLabels?: Record<string, string>;
    /**
     * How often Prometheus scrapes the rest of a model server's `/metrics` page, the series no
     * autoscaler reads (dashboards; set on the component's monitors only, the chart's own targets
     * keep its 30 s). Defaults to `15s`.
     */
    scrapeInterval?: string;
    /**
     * How often the series the autoscalers read are scraped: the model server's scaled series
     * (kept on their own) and the DCGM exporter. Defaults to `5s`. A Prometheus duration; on GKE
     * managed collection the interval of the PodMonitorings.
     */
    scalingScrapeInterval?: string;
    /** How often the GPU recording rule is evaluated (its rule group only). Defaults to `5s`. */
    evaluationInterval?: string;
    /** How long Prometheus keeps data. Defaults to `15d`. */
    retention?: string;
    /**
     * Size of Prometheus's persistent volume, so a restart keeps history. Defaults to `50Gi`.
     * Set to `""` to run on an emptyDir (data lost on restart).
     */
    storageSize?: string;
    /** Storage class of the volume. Defaults to the cluster's default class. */
    storageClassName?: string;
    /**
     * Install Grafana with the stack (reachable only inside the cluster). Defaults to false: the
     * autoscaler does not need it, and the chart's stock admin password must not ship by default.
     */
    grafana?: boolean;
    /**
     * Grafana's admin password, as a secret (e.g. `config.requireSecret("grafanaAdminPassword")`).
     * Required when `grafana` is true: the chart's stock password is never used.
     */
    grafanaAdminPassword?: pulumi.Input<string>;
    /** Extra chart values merged under the component's own (the component's values win). */
    // `any`, not `unknown`: `unknown` has no Pulumi schema type, `any` is the schema's Any.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
    values?: Record<string, any>;
}

/** A DCGM exporter you already run (e.g. the GPU Operator's). */
export interface ExistingDcgmExporterArgs {
    /** Namespace the exporter pods run in. */
    namespace: string;
    /** Labels of the exporter pods (e.g. `{ app: "nvidia-dcgm-exporter" }` for the GPU Operator). */
    podLabels: Record<string, string>;
    /** Port the exporter serves metrics on. Defaults to 9400. */
    port?: number;
}

/** The NVIDIA DCGM exporter that reports GPU utilisation per pod (self-managed mode). */
export interface DcgmExporterArgs {
    /**
     * Install the `dcgm-exporter` chart. Defaults to true in self-managed mode. When false and GPU
     * metrics are used, describe the exporter you run in `existing` (e.g. the GPU Operator's).
     */
    install?: boolean;
    /** An exporter you already run; used when `install` is false. */
    existing?: ExistingDcgmExporterArgs;
    /**
     * How often the installed exporter reads the GPUs, in milliseconds (`DCGM_EXPORTER_INTERVAL`).
     * Defaults to 2000; the exporter's own default, 30000, would add up to 30 s to the GPU signal's age.
     */
    collectIntervalMs?: number;
    /** Extra chart values merged under the component's own. */
    // `any`, not `unknown`: `unknown` has no Pulumi schema type, `any` is the schema's Any.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
    values?: Record<string, any>;
}

/** prometheus-adapter, which serves Prometheus series as `custom.metrics.k8s.io` (self-managed mode). */
export interface PrometheusAdapterArgs {
    /**
     * Install prometheus-adapter. Defaults to true with `backend: prometheus-adapter`, false with
     * another backend (KEDA serves its own metrics API). Only one server of `custom.metrics.k8s.io` can
     * exist per cluster: set false if one already runs, and add the rules from `adapterRules` to it.
     */
    install?: boolean;
    /** Replicas of the adapter. Defaults to 2, so the HPA keeps its metrics during a node drain. */
    replicas?: number;
    /** Extra chart values merged under the component's own. */
    // `any`, not `unknown`: `unknown` has no Pulumi schema type, `any` is the schema's Any.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
    values?: Record<string, any>;
}

/** The Custom Metrics Stackdriver Adapter (GKE managed collection with `backend: stackdriver-adapter`). */
export interface StackdriverAdapterArgs {
    /**
     * Install the adapter. Defaults to true. Set false when the cluster runs Google's own
     * (`custom-metrics` namespace): its APIServices can exist only once per cluster. The adapter's
     * Kubernetes service account is granted Monitoring Viewer either way. The component's own runs
     * in `<name>-custom-metrics`, beside Google's names, never over them.
     */
    install?: boolean;
    /**
     * Namespace of the adapter. Defaults to `<name>-custom-metrics` when the component installs it,
     * and to `custom-metrics` (Google's) for one already running (`install: false`).
     */
    namespace?: string;
    /**
     * Service account of the adapter. Defaults to `custom-metrics-stackdriver-adapter` for one
     * already running (`install: false`), Google's name; the component's own is
     * `custom-metrics-stackdriver-adapter-<tag>`, tagged with the project, location and cluster, so
     * its Monitoring Viewer grant is this cluster's own. A name given is used as is.
     */
    serviceAccount?: string;
}

/** One metric the HPA scales on. */
export interface ScalingMetricArgs {
    /** Catalog name of the metric (see `METRIC_CATALOG`). */
    name: MetricName;
    /**
     * Target average per pod, in the metric's unit. Defaults to the catalog's value (4 running
     * requests, 5 waiting, 0.5 requests/s of queue growth, 1 s p95 time to first token, 0.5 s p95
     * queue time, 0.5 KV-cache, 20 percent GPU). Must be at least 0.001; a percentage must be
     * within 1..100, a fraction at most 1; latencies are in seconds (0.5 is written "500m").
     */
    target?: number;
}

/** The HorizontalPodAutoscaler. */
export interface AutoscalingArgs {
    /** Fewest replicas. Defaults to 1. 0 (scale to zero) only with `backend: keda` and `keda.activationQuery`. */
    minReplicas?: number;
    /** Most replicas. Defaults to 5. At least `minReplicas`. */
    maxReplicas?: number;
    /**
     * Metrics to scale on. Defaults to `[{ name: "vllm_kv_cache_usage_perc", target: 0.5 }]` on
     * vLLM (the running batch on SGLang and TGI), chosen with the simulator (docs/simulator.md).
     * With several metrics the HPA scales up when any is above target and down only when all are below.
     */
    metrics?: ScalingMetricArgs[];
    /**
     * HPA scaling behaviour. Defaults to: scale up at once (no window), by 100% or 2 pods a minute,
     * whichever is more; scale down after a 5-minute window, 1 pod a minute.
     * See https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#configurable-scaling-behavior
     */
    behavior?: k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerBehavior;
}

/** Where GPU pods run: how the exporters find GPU nodes. */
export interface GpuNodeArgs {
    /**
     * Node labels that mark GPU nodes. Defaults to `{ "nvidia.com/gpu.present": "true" }` elsewhere than
     * GKE; on GKE, `cloud.google.com/gke-accelerator` with the type of the pool the platform makes,
     * which GKE sets on its GPU nodes, and no selector without a pool.
     */
    nodeSelector?: Record<string, string>;
    /**
     * Tolerations for the GPU nodes' taints. Defaults to tolerating `nvidia.com/gpu` with effect
     * `NoSchedule` (the taint GKE puts on GPU pools and this package puts on every GPU pool).
     */
    tolerations?: k8s.types.input.core.v1.Toleration[];
}

/**
 * The GPU node pool to add to the cluster: autoscaled between `minNodes` and `maxNodes`, tainted
 * `nvidia.com/gpu=present:NoSchedule` so only GPU pods land on it, and labelled
 * `nvidia.com/gpu.present=true` so the device plugin and DCGM exporter find it.
 */
export interface GpuNodePoolArgs {
    /** The GPU. Must be one the cloud offers (see `GPU_MACHINES`). */
    accelerator: Accelerator;
    /** GPUs per node. Defaults to 1. Must be a count the machine type holds. */
    gpusPerNode?: number;
    /** Machine / instance / VM size. Defaults to the smallest that holds `gpusPerNode` GPUs. */
    machineType?: string;
    /** Fewest nodes. Defaults to 1 (the HPA's minimum replica needs a GPU). At least 0. */
    minNodes?: number;
    /** Most nodes. Defaults to 3. At least `minNodes` and at least 1. */
    maxNodes?: number;
    /** Boot disk size in GB: it must hold the server image and the weights of the models on the pool (checked at preview). Defaults to 200. */
    diskSizeGb?: number;
    /** Use spot / preemptible capacity. Defaults to false. */
    spot?: boolean;
}

/**
 * The platform settings `InferencePlatform` and `InferenceAutoscaling` share. A base interface
 * rather than `Omit<InferencePlatformArgs, ...>`: Pulumi's schema analyzer types properties that
 * come through `Omit` as `Any`, without their docs.
 */
export interface PlatformSettingsArgs {
    /** The cloud the cluster runs on. Defaults to `generic` (any conformant cluster). */
    cloud?: Cloud;
    /** How metrics are collected. Defaults to `gke-managed` on GKE, `self-managed` elsewhere. */
    collection?: CollectionMode;
    /**
     * What serves the metrics and scales. Defaults to `stackdriver-adapter` with GKE managed
     * collection, `prometheus-adapter` with self-managed collection.
     */
    backend?: MetricsBackend;
    /** GPU node pool to add to the cluster (GKE, EKS, AKS). Omit to use GPU nodes you already have. */
    nodePool?: GpuNodePoolArgs;
    /** The GKE cluster: required when `cloud` is `gke`. */
    gke?: GkeClusterArgs;
    /** The EKS cluster: required when `cloud` is `eks`. */
    eks?: EksClusterArgs;
    /** The AKS cluster: required when `cloud` is `aks`. */
    aks?: AksClusterArgs;
    /**
     * Namespace for Prometheus, the DCGM exporter and the adapter. Defaults to `<name>-monitoring`
     * when the component creates it (so it never meets a `monitoring` namespace the cluster already
     * has), and to `monitoring` with `createMonitoringNamespace: false`.
     * Created unless `createMonitoringNamespace` is false.
     */
    monitoringNamespace?: string;
    /** Create the monitoring namespace. Defaults to true; set false when it already exists. */
    createMonitoringNamespace?: boolean;
    /** GPU node placement for the exporters. */
    gpuNodes?: GpuNodeArgs;
    /** Prometheus (self-managed mode). */
    prometheus?: PrometheusArgs;
    /** DCGM exporter (self-managed mode). */
    dcgmExporter?: DcgmExporterArgs;
    /** prometheus-adapter (self-managed mode). */
    adapter?: PrometheusAdapterArgs;
    /** The Custom Metrics Stackdriver Adapter (GKE managed collection). */
    stackdriverAdapter?: StackdriverAdapterArgs;
    /**
     * Install the NVIDIA device plugin chart, which makes `nvidia.com/gpu` schedulable. Defaults to
     * true on EKS (AL2023 AMI) and AKS, false on GKE (GKE runs its own) and on generic clusters.
     */
    devicePlugin?: boolean;
    /**
     * Alert rules on the scaling loop (the HPA blind or at maxReplicas, a scaled metric missing,
     * server pods stuck Pending, the metrics server down): a PrometheusRule per model and one for the
     * platform (self-managed collection), or GMP `Rules` and `ClusterRules` (GKE managed collection).
     * Defaults to true. See docs/operations.md, "Runbook: scaling-loop alerts".
     */
    alerts?: boolean;
    /**
     * GPUs kept free on the platform's GPU nodes (its `nodePool`, or the GPU nodes you bring), shared
     * by every model that runs there: placeholder pods of a priority below every workload's hold them,
     * a new server pod preempts one at once, and the node autoscaler brings the next node up. Each is an idle GPU
     * paid for. Defaults to 0 (none). A multiple of `nodePool.gpusPerNode`, at most `maxNodes` ×
     * `gpusPerNode`; without a pool each placeholder holds one GPU.
     * See https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
     */
    warmCapacity?: number;
}

/** The cluster-level part: GPU node pool, device plugin, node autoscaler and one metrics path. */
export interface InferencePlatformArgs extends PlatformSettingsArgs {
    /** KEDA (with `backend: keda`). */
    keda?: KedaPlatformArgs;
    /**
     * Collect GPU utilisation per pod, so models can scale on `gpu_utilization_percent`. Self-managed
     * collection always does when a DCGM exporter is installed or described. On GKE managed collection
     * it adds a ClusterPodMonitoring for GKE's DCGM exporter (Cloud Monitoring ingestion); defaults to false there.
     */
    gpuMetrics?: boolean;
}

/** One model on a platform: its scaling, scrape objects, disruption budget and optionally its server and node pool. */
export interface ModelAutoscalerArgs {
    /** The platform the model runs on: `InferencePlatform.connection`. */
    platform: PlatformConnection;
    /** The vLLM server to scale. */
    server: VllmServerArgs;
    /** The HorizontalPodAutoscaler (or KEDA ScaledObject). */
    autoscaling?: AutoscalingArgs;
    /** The ScaledObject's KEDA settings (with the platform's `backend: keda`). */
    keda?: KedaModelArgs;
    /**
     * A GPU node pool of the model's own (another accelerator than the platform's pool, say), made in
     * the platform's cluster; the server the model deploys runs on it. Omit to use the platform's GPU nodes.
     */
    nodePool?: GpuNodePoolArgs;
    /** The model's scaling-loop alerts (see the platform's `alerts`). Defaults to the platform's setting. */
    alerts?: boolean;
    /**
     * GPUs kept free on the model's own `nodePool`, as the platform's `warmCapacity` does on its nodes
     * (which already serve a model without a pool of its own). Defaults to 0. Needs `nodePool`.
     */
    warmCapacity?: number;
}

/** One platform and one model in a single component (the first release's API). */
export interface InferenceAutoscalingArgs extends PlatformSettingsArgs {
    /** KEDA settings (with `backend: keda`). */
    keda?: KedaArgs;
    /** The vLLM server to scale. */
    server: VllmServerArgs;
    /** The HorizontalPodAutoscaler. */
    autoscaling?: AutoscalingArgs;
}
