import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedCluster } from "../clouds/cluster";
import type { Cloud, CollectionMode, MetricsBackend } from "../vocabulary/choices";

/**
 * What a model needs from its platform, as `InferencePlatform.connection` gives it: plain settings
 * (known when the program runs, so they decide what a model makes) and the releases that install
 * the CRDs a model's objects use.
 */
export interface PlatformConnection {
    /** The platform's name: the prefix of its resources. */
    readonly name: string;
    /** The cloud the cluster runs on. */
    readonly cloud: Cloud;
    /** The existing cluster, where a model's own node pool is made. */
    readonly cluster: ResolvedCluster;
    /** How the platform collects metrics. */
    readonly collection: CollectionMode;
    /** What serves the metrics and scales. */
    readonly backend: MetricsBackend;
    /** True when GPU utilisation per pod is collected, so models may scale on it. */
    readonly gpuMetrics: boolean;
    /** The in-cluster Prometheus the metrics are read from (self-managed collection). */
    readonly prometheusUrl?: string;
    /** Labels a model's monitors carry, for a Prometheus that selects monitors by label. */
    readonly monitorLabels: Readonly<Record<string, string>>;
    /** How often the rest of a model's pages is scraped (for dashboards). */
    readonly scrapeInterval: string;
    /** How often the series a model scales on are scraped. */
    readonly scalingScrapeInterval: string;
    /** How often a model's recording rules run. */
    readonly evaluationInterval: string;
    /** Node labels of the platform's GPU nodes. */
    readonly gpuNodeSelector: Readonly<Record<string, string>>;
    /** Tolerations for the platform's GPU nodes. */
    readonly gpuTolerations: k8s.types.input.core.v1.Toleration[];
    /**
     * Provider ID of the platform's GPU node pool (none when the platform makes none). A model's
     * server waits for the pool through this output's dependency: the pool's class differs per
     * cloud, which the Pulumi schema cannot name, while an output carries its resource across languages.
     */
    readonly gpuNodePoolId?: pulumi.Input<string>;
    /** Models add alert rules on their scaling loop unless they say otherwise. */
    readonly alerts: boolean;
    /** Grafana runs (self-managed collection): models add their dashboards. */
    readonly grafana: boolean;
    /** Namespace of the in-cluster monitoring stack, where models' dashboards go. */
    readonly monitoringNamespace?: pulumi.Input<string>;
    /** Releases a model's custom resources wait for: they install the CRDs. */
    readonly crds: PlatformCrds;
}

/** The Helm releases that install the CRDs a model's objects use (empty when the platform installs none). */
export interface PlatformCrds {
    /** Prometheus Operator's (ServiceMonitor, PrometheusRule): the kube-prometheus-stack release. */
    readonly prometheusOperator: k8s.helm.v3.Release[];
    /** KEDA's (ScaledObject, TriggerAuthentication): the KEDA release. */
    readonly keda: k8s.helm.v3.Release[];
}
