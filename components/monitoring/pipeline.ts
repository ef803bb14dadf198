/**
 * The seam between collection and scaling. Each collection mode (self-managed Prometheus, GKE's
 * managed collection) is one module: what it installs in the cluster, what a model must add to be
 * scraped, the name its metrics server serves a catalog metric under, and where and how PromQL over
 * a model's series is read (KEDA). The HPA and KEDA consume only this, through `pipelineFor`
 * (index.ts, the table of the modes).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedModel } from "../settings/model";
import type { ResolvedPlatform } from "../settings/platform";
import type { MetricDefinition } from "../vocabulary/metrics";
import type { MetricsServerTarget } from "./alerts/rules";

/** Options the platform's collection children are made with. */
export interface PlatformOptions {
    /** For Kubernetes children: parent and Kubernetes provider. */
    readonly k8s: pulumi.CustomResourceOptions;
    /** For cloud children (IAM): parent only, the cloud provider is inherited. */
    readonly cloud: pulumi.CustomResourceOptions;
    /** What exporters running on GPU nodes wait for (the GPU node pool). */
    readonly gpuNodes: pulumi.Resource[];
    /** What serves the metrics APIs (the backend's server), for the platform's alerts. */
    readonly metricsServer: MetricsServerTarget;
}

/** What the platform side gives the connection. */
export interface PlatformSide {
    /** Namespace of the in-cluster monitoring stack, if any. */
    readonly monitoringNamespace?: pulumi.Input<string>;
    /** Prometheus the metrics are read from, if in the cluster. */
    readonly prometheusUrl?: string;
    /** The release installing the Prometheus Operator's CRDs, if any. */
    readonly prometheusOperator: k8s.helm.v3.Release[];
}

/** How PromQL over one model's series is read: one query endpoint, and per catalog metric the series and matchers. */
export interface ModelQueries {
    readonly address: string;
    /** Per catalog metric name: the series names to read (fallbacks or-joined) and the label matchers. */
    readonly reads: Readonly<
        Record<string, { readonly series: readonly string[]; readonly selector: string }>
    >;
}

export interface PipelineModule {
    /** Installs the collection path's cluster parts. */
    createPlatformSide(cfg: ResolvedPlatform, opts: PlatformOptions): PlatformSide;
    /** Makes what a model adds to be scraped; `opts.server` also waits for the model's namespace. */
    createModelScrape(
        model: ResolvedModel,
        opts: { k8s: pulumi.CustomResourceOptions; server: pulumi.CustomResourceOptions },
    ): void;
    /** The name the collection's metrics server serves a catalog metric under (what the HPA reads). */
    metricName(metric: MetricDefinition): string;
    /** Where and how a model's series are read with PromQL. */
    queries(model: ResolvedModel): pulumi.Output<ModelQueries>;
    /** Makes the alert rules on a model's scaling loop where the collection mode evaluates them (`opts` waits for the model's namespace). */
    createModelAlerts(model: ResolvedModel, opts: pulumi.CustomResourceOptions): void;
    /** Lets a Kubernetes service account query the metrics (Google's Monitoring Viewer on GKE managed collection). */
    authorizeReader(
        platform: ResolvedPlatform,
        name: string,
        namespace: string,
        serviceAccount: pulumi.Input<string>,
        opts: pulumi.CustomResourceOptions,
    ): void;
}
