import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS } from "../vocabulary/charts";
import type { ResolvedPlatform } from "../settings/platform";
import { createRelease } from "../helm-release";
import { mergeValues, Values } from "../merge";
import { CONTROL_PLANE_REACHABLE_PORT, SCRAPE_LABEL } from "../vocabulary/names";
import { escapeRegex, isServerMetric, MetricDefinition, storedSeries } from "../vocabulary/metrics";
import { perPodExpr } from "../vocabulary/per-pod-query";
import { prometheusEndpoint } from "./prometheus-stack";

/** One prometheus-adapter discovery rule (`rules.custom[]` in the chart). */
export interface AdapterRule {
    seriesQuery: string;
    resources: { overrides: Record<string, { resource: string }> };
    name: { matches: string; as: string };
    metricsQuery: string;
}

/**
 * The adapter rule that serves one catalog metric as a pods metric.
 *
 * Discovery matches every raw series name the metric may have; the query reads all of them with
 * `or`, so a pod running an older vLLM still reports. Series are grouped by pod (`<<.GroupBy>>`)
 * as the catalog says (per-pod-query.ts); a percentile or a growth rate is computed in the query
 * itself, over the raw series, so it needs no recording rule (only the GPU metric does, to move
 * labels). Generated from data, never from hand-indented text (the seeds' adapter config failed
 * to load because of its indentation).
 */
export function adapterRule(metric: MetricDefinition): AdapterRule {
    const names = storedSeries(metric).map(escapeRegex).join("|");
    // Server series only from the component's own scrape; GPU series come recorded, one per pod.
    const own = isServerMetric(metric) ? `,${SCRAPE_LABEL}!=""` : "";
    return {
        seriesQuery: `{__name__=~"^(${names})$",namespace!="",pod!=""${own}}`,
        resources: {
            overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } },
        },
        name: { matches: `^(${names})$`, as: metric.name },
        metricsQuery: perPodExpr(metric, metric.series, `<<.LabelMatchers>>${own}`, "<<.GroupBy>>"),
    };
}

/** Values for prometheus-adapter: only our rules (the chart's broad defaults off), HA, bounded. */
export function prometheusAdapterValues(
    cfg: ResolvedPlatform,
    metrics: readonly MetricDefinition[],
): Values {
    const ours: Values = {
        prometheus: prometheusEndpoint(cfg),
        replicas: cfg.adapter.replicas,
        listenPort: CONTROL_PLANE_REACHABLE_PORT,
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        metricsRelistInterval: "1m",
        resources: {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { memory: "512Mi" },
        },
        rules: { default: false, custom: metrics.map(adapterRule), external: [] },
    };
    return mergeValues(cfg.adapter.values, ours);
}

/** Installs prometheus-adapter, which serves the catalog's metrics as `custom.metrics.k8s.io`. */
export function createPrometheusAdapter(
    cfg: ResolvedPlatform,
    metrics: readonly MetricDefinition[],
    namespace: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
    const release = cfg.names.adapterRelease;
    return createRelease(
        release,
        CHARTS.prometheusAdapter,
        namespace,
        prometheusAdapterValues(cfg, metrics),
        opts,
    );
}
