import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { InferenceAutoscalingArgs } from "./args";
import { ResolvedConfig, resolveConfig } from "./config";
import { createDcgmExporter, dcgmTarget } from "./monitoring/dcgm-exporter";
import { createGpuRule } from "./monitoring/gpu-rule";
import { createPrometheusAdapter } from "./monitoring/prometheus-adapter";
import { createPrometheusStack, prometheusUrl } from "./monitoring/prometheus-stack";
import { createScrapeTarget } from "./monitoring/scrape-target";
import { componentLabels, derivedNames } from "./naming";
import { createHpa, hpaMetricSpecs } from "./scaling/hpa";
import { METRIC_CATALOG } from "./scaling/metrics";
import { validateArgs } from "./validation";

/**
 * Makes a vLLM Deployment scale on its own load: collects vLLM and DCGM GPU metrics, serves them
 * as Kubernetes custom metrics and points a HorizontalPodAutoscaler at them.
 */
export class InferenceAutoscaling extends pulumi.ComponentResource {
    /** The HorizontalPodAutoscaler on the vLLM Deployment. */
    public readonly hpa: k8s.autoscaling.v2.HorizontalPodAutoscaler;
    /** Names of the metrics the HPA reads from `custom.metrics.k8s.io`. */
    public readonly metricNames: pulumi.Output<string[]>;
    /** Namespace holding Prometheus, the DCGM exporter and the adapter. */
    public readonly monitoringNamespace: pulumi.Output<string>;
    /** URL of the Prometheus that holds the metrics, or undefined on GKE managed collection. */
    public readonly prometheusUrl: pulumi.Output<string | undefined>;

    constructor(name: string, args: InferenceAutoscalingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("inference-autoscaling:index:InferenceAutoscaling", name, {}, opts);
        validateArgs(name, args);
        const cfg = resolveConfig(name, args);

        const k8sOpts: pulumi.CustomResourceOptions = { parent: this, provider: args.k8sProvider };
        const monitoringNamespace = this.createMonitoringNamespace(cfg, k8sOpts);
        const selfManaged = createSelfManagedPipeline(cfg, monitoringNamespace, k8sOpts);

        this.hpa = createHpa(cfg, hpaMetricSpecs(cfg.autoscaling.metrics), k8sOpts);
        this.metricNames = pulumi.output(cfg.autoscaling.metrics.map((m) => m.metric.name));
        this.monitoringNamespace = pulumi.output(monitoringNamespace);
        this.prometheusUrl = pulumi.output(selfManaged.prometheusUrl);

        this.registerOutputs({
            hpa: this.hpa,
            metricNames: this.metricNames,
            monitoringNamespace: this.monitoringNamespace,
            prometheusUrl: this.prometheusUrl,
        });
    }

    /** The monitoring namespace: created (children then wait for it), or the name of an existing one. */
    private createMonitoringNamespace(
        cfg: ResolvedConfig,
        opts: pulumi.CustomResourceOptions,
    ): pulumi.Input<string> {
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
}

/**
 * kube-prometheus-stack, dcgm-exporter, scrape targets, the GPU recording rule and
 * prometheus-adapter, each only when enabled. Custom resources wait for the release that installs
 * their CRDs; nothing else waits on anything it does not read.
 */
function createSelfManagedPipeline(
    cfg: ResolvedConfig,
    namespace: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): { prometheusUrl?: string } {
    const names = derivedNames(cfg.name);
    const prometheus = cfg.prometheus.install ? createPrometheusStack(cfg, namespace, opts) : undefined;
    const crdOpts: pulumi.CustomResourceOptions = {
        ...opts,
        dependsOn: prometheus ? [prometheus] : [],
    };

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
        opts,
        crdOpts,
    );

    if (cfg.dcgmExporter.install) {
        createDcgmExporter(cfg, namespace, opts);
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
            opts,
            crdOpts,
        );
        createGpuRule(cfg, namespace, crdOpts);
    }

    if (cfg.adapter.install) {
        const served = METRIC_CATALOG.filter((m) => m.source !== "dcgm" || dcgm !== undefined);
        createPrometheusAdapter(cfg, served, namespace, opts);
    }
    return { prometheusUrl: prometheusUrl(cfg) };
}
