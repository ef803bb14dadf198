import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedModel } from "../../settings/model";
import type { ResolvedPlatform } from "../../settings/platform";
import { GKE_MANAGED_DCGM } from "../../vocabulary/gpu";
import { componentLabels, SCRAPE_LABEL } from "../../vocabulary/names";
import {
    getMetric,
    isServerMetric,
    MetricDefinition,
    scalingSeriesRegex,
} from "../../vocabulary/metrics";
import { perPodExpr } from "../../vocabulary/per-pod-query";

/** The managed DCGM exporter's name for GPU utilisation, before the component renames it. */
const GKE_DCGM_GPU_UTIL = "DCGM_FI_DEV_GPU_UTIL";

/**
 * PodMonitoring for vLLM: Managed Service for Prometheus scrapes the vLLM pods directly by their
 * labels and port number, so no Service or port name has to agree with anything. Only the series
 * the autoscaling reads are kept (a vLLM page has hundreds), at the scaling interval.
 */
export function createVllmPodMonitoring(
    cfg: ResolvedModel,
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
    const name = `${cfg.name}-vllm`;
    return new k8s.apiextensions.CustomResource(
        name,
        {
            apiVersion: "monitoring.googleapis.com/v1",
            kind: "PodMonitoring",
            metadata: {
                name,
                namespace: cfg.server.namespace,
                labels: componentLabels(cfg.name, "vllm-metrics"),
            },
            spec: {
                selector: { matchLabels: cfg.server.podLabels },
                endpoints: [
                    {
                        port: cfg.server.metricsPort,
                        path: cfg.server.metricsPath,
                        interval: cfg.platform.scalingScrapeInterval,
                        metricRelabeling: [
                            // Cloud Monitoring bills every sample: keep only the series of the
                            // metrics this model scales on (its HPA or triggers and its alerts read no others).
                            {
                                sourceLabels: ["__name__"],
                                regex: scalingSeriesRegex(
                                    cfg.server.engine,
                                    cfg.autoscaling.metrics.map((m) => m.metric),
                                ),
                                action: "keep",
                            },
                            // Mark this scrape's series, so the model's rules count no other scrape of its pods.
                            { action: "replace", targetLabel: SCRAPE_LABEL, replacement: cfg.name },
                        ],
                    },
                ],
            },
        },
        opts,
    );
}

/**
 * ClusterPodMonitoring for GKE's managed DCGM exporter in `gke-managed-system`, made only when a
 * GPU metric drives scaling (GKE already collects DCGM metrics for its dashboards). With
 * `targetLabels.metadata` empty the exporter's own `pod`/`namespace` labels (the GPU-using pod) are
 * kept instead of being replaced by the exporter pod's, so no recording rule is needed: a rule could
 * not relabel them anyway, since GMP rules only see their own namespace's data. It keeps only GPU
 * utilisation, renamed to lower case: the HPA's client lower-cases metric names, and Cloud
 * Monitoring's are case-sensitive (GoogleCloudPlatform/k8s-stackdriver#413).
 */
export function createDcgmClusterPodMonitoring(
    cfg: ResolvedPlatform,
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
    const name = `${cfg.name}-dcgm`;
    return new k8s.apiextensions.CustomResource(
        name,
        {
            apiVersion: "monitoring.googleapis.com/v1",
            kind: "ClusterPodMonitoring",
            metadata: { name, labels: componentLabels(cfg.name, "dcgm-metrics") },
            spec: {
                selector: { matchLabels: { ...GKE_MANAGED_DCGM.podLabels } },
                endpoints: [
                    {
                        port: "metrics",
                        // It keeps only a scaling series.
                        interval: cfg.prometheus.scalingScrapeInterval,
                        metricRelabeling: [
                            {
                                sourceLabels: ["__name__"],
                                regex: GKE_DCGM_GPU_UTIL,
                                action: "keep",
                            },
                            {
                                sourceLabels: ["__name__"],
                                regex: GKE_DCGM_GPU_UTIL,
                                targetLabel: "__name__",
                                replacement: getMetric("gpu_utilization_percent").managedSeries,
                                action: "replace",
                            },
                        ],
                    },
                ],
                targetLabels: { metadata: [] },
            },
        },
        opts,
    );
}

/** The name the Custom Metrics Stackdriver Adapter serves a GMP series under. */
export function stackdriverMetricName(series: string): string {
    return `prometheus.googleapis.com|${series}|gauge`;
}

/**
 * The series a model's rules record for one catalog metric: its value per pod, the catalog's
 * aggregation already applied. Lower case, as the HPA asks for it.
 */
export function recordedSeries(metric: MetricDefinition): string {
    return `inference_autoscaling:${metric.name}`;
}

/**
 * The PromQL recording one metric per pod. The Stackdriver adapter adds up every series of a pod
 * (k8s-stackdriver `response_translator.go`), so the catalog's per-pod value (sum of requests over
 * a pod's engines, max of KV-cache use, average over a pod's GPUs, a percentile of a pod's merged
 * histogram buckets, a queue's growth) is computed here, on the model's own scrape only, leaving
 * one gauge series per pod.
 */
export function recordingExpr(metric: MetricDefinition, model: string): string {
    const own = isServerMetric(metric) ? `${SCRAPE_LABEL}="${model}"` : "";
    return perPodExpr(metric, [metric.managedSeries], own, "namespace, pod");
}

/**
 * Managed Service for Prometheus `Rules` in the model's namespace (GMP scopes them to it):
 * one recorded series per metric the model scales on.
 */
export function createScalingRules(
    cfg: ResolvedModel,
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
    const name = `${cfg.name}-scaling`;
    return new k8s.apiextensions.CustomResource(
        name,
        {
            apiVersion: "monitoring.googleapis.com/v1",
            kind: "Rules",
            metadata: {
                name,
                namespace: cfg.server.namespace,
                labels: componentLabels(cfg.name, "scaling-rules"),
            },
            spec: {
                groups: [
                    {
                        name: "inference-autoscaling",
                        interval: cfg.platform.evaluationInterval,
                        rules: cfg.autoscaling.metrics.map((m) => ({
                            record: recordedSeries(m.metric),
                            expr: recordingExpr(m.metric, cfg.name),
                        })),
                    },
                ],
            },
        },
        opts,
    );
}
