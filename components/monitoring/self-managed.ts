import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedModel } from "../settings/model";
import { withDependsOn } from "../options";
import type { ResolvedPlatform } from "../settings/platform";
import { componentLabels, SCRAPE_LABEL, SCRAPE_PATH_LABEL } from "../vocabulary/names";
import {
    isServerMetric,
    METRIC_CATALOG,
    MetricDefinition,
    readSeries,
    RELABELLED_GPU_UTIL_SERIES,
    scalingSeriesRegex,
    storedSeries,
} from "../vocabulary/metrics";
import { createAlertRules } from "./alerts/objects";
import { modelAlertGroups, platformAlertGroups } from "./alerts/rules";
import { modelAlertTarget } from "./alerts/targets";
import { createDcgmExporter, dcgmTarget } from "./dcgm-exporter";
import { createGpuRule } from "./gpu-rule";
import { PipelineModule, PlatformOptions, PlatformSide } from "./pipeline";
import { deploymentPodMatcher } from "./pod-matcher";
import { createPrometheusAdapter } from "./prometheus-adapter";
import { createPrometheusStack, prometheusUrl } from "./prometheus-stack";
import { createScrapeTarget } from "./scrape-target";

/** The monitoring namespace: created (children then wait for it), or the name of an existing one. */
function monitoringNamespace(
    cfg: ResolvedPlatform,
    opts: pulumi.CustomResourceOptions,
): pulumi.Input<string> {
    if (!cfg.createMonitoringNamespace) {
        return cfg.monitoringNamespace;
    }
    const ns = new k8s.core.v1.Namespace(
        `${cfg.name}-monitoring`,
        {
            metadata: {
                name: cfg.monitoringNamespace,
                labels: componentLabels(cfg.name, "monitoring"),
            },
        },
        opts,
    );
    return ns.metadata.name;
}

/**
 * Self-managed collection, cluster side: kube-prometheus-stack, dcgm-exporter with its scrape
 * target and the GPU recording rule, and prometheus-adapter, each only when enabled. Custom
 * resources wait for the release that installs their CRDs; the exporter waits for the GPU nodes.
 */
function createPlatformSide(cfg: ResolvedPlatform, opts: PlatformOptions): PlatformSide {
    const names = cfg.names;
    const namespace = monitoringNamespace(cfg, opts.k8s);
    const prometheus = cfg.prometheus.install
        ? createPrometheusStack(cfg, namespace, opts.k8s)
        : undefined;
    const crds = prometheus ? [prometheus] : [];
    const crdOpts = withDependsOn(opts.k8s, crds);

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
                // GPU utilisation scales, and the exporter's page is small (~35 series per GPU).
                endpoints: [{ interval: cfg.prometheus.scalingScrapeInterval }],
            },
            opts.k8s,
            crdOpts,
        );
        createGpuRule(cfg, namespace, crdOpts);
    }
    if (cfg.adapter.install) {
        createPrometheusAdapter(
            cfg,
            METRIC_CATALOG.filter((m) => m.source !== "dcgm" || dcgm !== undefined),
            namespace,
            opts.k8s,
        );
    }
    if (cfg.alerts) {
        // kube-prometheus-stack scrapes the API server, so the metrics APIService is watched too.
        const groups = platformAlertGroups(opts.metricsServer);
        const labels = {
            ...componentLabels(cfg.name, "metrics-server-alerts"),
            ...cfg.prometheus.monitorLabels,
        };
        createAlertRules(
            `${cfg.name}-metrics-server-alerts`,
            { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", namespace },
            labels,
            groups,
            crdOpts,
        );
    }
    return {
        monitoringNamespace: namespace,
        prometheusUrl: prometheusUrl(cfg),
        prometheusOperator: crds,
    };
}

/**
 * A model's pods are scraped through a headless Service and a ServiceMonitor the model owns, in two
 * endpoints: the series its autoscalers read, alone and often, and the rest of the page at the
 * dashboard interval. Each series comes from one of them; `SCRAPE_PATH_LABEL` tells their `up` apart.
 */
function createModelScrape(
    model: ResolvedModel,
    opts: { k8s: pulumi.CustomResourceOptions; server: pulumi.CustomResourceOptions },
): void {
    const scaling = scalingSeriesRegex(model.server.engine);
    createScrapeTarget(
        {
            name: model.names.vllmMetricsService,
            namespace: model.server.namespace,
            serviceLabels: componentLabels(model.name, "vllm-metrics"),
            monitorLabels: model.platform.monitorLabels,
            podLabels: model.server.podLabels,
            port: model.server.metricsPort,
            path: model.server.metricsPath,
            endpoints: [
                {
                    interval: model.platform.scalingScrapeInterval,
                    setLabels: { [SCRAPE_LABEL]: model.name, [SCRAPE_PATH_LABEL]: "scaling" },
                    series: { action: "keep", regex: scaling },
                },
                {
                    interval: model.platform.scrapeInterval,
                    setLabels: { [SCRAPE_LABEL]: model.name, [SCRAPE_PATH_LABEL]: "full" },
                    series: { action: "drop", regex: scaling },
                },
            ],
        },
        opts.server,
        withDependsOn(opts.server, [...model.platform.crds.prometheusOperator]),
    );
}

/**
 * The series the model's autoscaler reads for `metric`, as prometheus-adapter and KEDA read them:
 * vLLM's from the model's own scrape, GPU utilisation as the GPU rule records it per pod.
 */
function scaledSeries(model: ResolvedModel, metric: MetricDefinition): string {
    const own = isServerMetric(metric) ? `,${SCRAPE_LABEL}="${model.name}"` : "";
    return readSeries(storedSeries(metric), `namespace="${model.server.namespace}"${own}`);
}

export const SELF_MANAGED: PipelineModule = {
    createPlatformSide,
    createModelScrape,
    // prometheus-adapter serves each catalog metric under its catalog name.
    metricName: (metric) => metric.name,
    queries(model) {
        const ns = model.server.namespace;
        const pods = deploymentPodMatcher(model.server.deploymentName);
        const vllm = `namespace="${ns}",service="${model.names.vllmMetricsService}"`;
        // vLLM series carry the model's own Service; GPU series are recorded per pod by the GPU rule.
        const reads = Object.fromEntries(
            METRIC_CATALOG.map((metric) => [
                metric.name,
                metric.source === "dcgm"
                    ? {
                          series: [RELABELLED_GPU_UTIL_SERIES],
                          selector: `namespace="${ns}",${pods}`,
                      }
                    : { series: metric.series, selector: vllm },
            ]),
        );
        return pulumi.output({ address: model.platform.prometheusUrl ?? "", reads });
    },
    authorizeReader: () => undefined,
    createModelAlerts(model, opts) {
        const labels = {
            ...componentLabels(model.name, "scaling-alerts"),
            ...model.platform.monitorLabels,
        };
        const groups = modelAlertGroups(modelAlertTarget(model, (m) => scaledSeries(model, m)));
        const kind = {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PrometheusRule",
            namespace: model.server.namespace,
        } as const;
        createAlertRules(
            `${model.name}-scaling-alerts`,
            kind,
            labels,
            groups,
            withDependsOn(opts, [...model.platform.crds.prometheusOperator]),
        );
    },
};
