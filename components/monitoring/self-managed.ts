import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedConfig } from "../config";
import { componentLabels, derivedNames } from "../naming";
import { METRIC_CATALOG } from "../scaling/metrics";
import { createDashboard } from "./dashboard";
import { createDcgmExporter, dcgmTarget } from "./dcgm-exporter";
import { createGpuRule } from "./gpu-rule";
import { withDependsOn } from "../options";
import { Pipeline, PipelineOptions } from "./pipeline";
import { createPrometheusAdapter } from "./prometheus-adapter";
import { createPrometheusStack, prometheusUrl } from "./prometheus-stack";
import { createScrapeTarget } from "./scrape-target";

/** The monitoring namespace: created (children then wait for it), or the name of an existing one. */
function monitoringNamespace(cfg: ResolvedConfig, opts: pulumi.CustomResourceOptions): pulumi.Input<string> {
    if (!cfg.createMonitoringNamespace) {
        return cfg.monitoringNamespace;
    }
    const ns = new k8s.core.v1.Namespace(
        `${cfg.name}-monitoring`,
        { metadata: { name: cfg.monitoringNamespace, labels: componentLabels(cfg.name, "monitoring") } },
        opts,
    );
    return ns.metadata.name;
}

/**
 * Self-managed collection: kube-prometheus-stack, dcgm-exporter, scrape targets, the GPU recording
 * rule and prometheus-adapter, each only when enabled. Custom resources wait for the release that
 * installs their CRDs; the exporter waits for the GPU nodes; nothing waits on what it does not read.
 */
export function createSelfManagedPipeline(cfg: ResolvedConfig, opts: PipelineOptions): Pipeline {
    const names = derivedNames(cfg.name);
    const namespace = monitoringNamespace(cfg, opts.k8s);
    const prometheus = cfg.prometheus.install ? createPrometheusStack(cfg, namespace, opts.k8s) : undefined;
    const crds = prometheus ? [prometheus] : [];
    const crdOpts = withDependsOn(opts.k8s, crds);

    createScrapeTarget(
        {
            name: names.vllmMetricsService,
            namespace: cfg.server.namespace,
            serviceLabels: componentLabels(cfg.name, "vllm-metrics"),
            monitorLabels: cfg.prometheus.monitorLabels,
            podLabels: cfg.server.podLabels,
            port: cfg.server.metricsPort,
            path: cfg.server.metricsPath,
            interval: cfg.prometheus.scrapeInterval,
        },
        opts.server,
        withDependsOn(opts.server, crds),
    );

    if (cfg.dcgmExporter.install) {
        createDcgmExporter(cfg, namespace, withDependsOn(opts.k8s, opts.gpuNodes));
    }
    const dcgm = dcgmTarget(cfg);
    if (dcgm) {
        createScrapeTarget(
            {
                name: names.dcgmMetricsService,
                namespace: dcgm.namespace,
                serviceLabels: componentLabels(cfg.name, "dcgm-metrics"),
                monitorLabels: cfg.prometheus.monitorLabels,
                podLabels: dcgm.podLabels,
                port: dcgm.port,
                path: "/metrics",
                interval: cfg.prometheus.scrapeInterval,
            },
            opts.k8s,
            crdOpts,
        );
        createGpuRule(cfg, namespace, crdOpts);
    }

    const served = METRIC_CATALOG.filter((m) => m.source !== "dcgm" || dcgm !== undefined);
    if (cfg.adapter.install) {
        createPrometheusAdapter(cfg, served, namespace, opts.k8s);
    }
    if (cfg.prometheus.grafana) {
        createDashboard(cfg, served, namespace, opts.k8s);
    }
    return {
        metricName: (m) => m.metric.name,
        monitoringNamespace: namespace,
        prometheusUrl: prometheusUrl(cfg),
    };
}
