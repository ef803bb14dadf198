import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedModel } from "../settings/model";
import { componentLabels } from "../vocabulary/names";
import { METRIC_CATALOG, MetricDefinition } from "../vocabulary/metrics";
import { perPodExpr } from "../vocabulary/per-pod-query";

/** Label kube-prometheus-stack's Grafana sidecar loads dashboards from (its default). */
export const DASHBOARD_LABEL = { grafana_dashboard: "1" };

/** The per-pod PromQL for one catalog metric in one namespace: what the adapter serves, per pod. */
export function perPodQuery(metric: MetricDefinition, namespace: string): string {
    return perPodExpr(metric, metric.series, `namespace="${namespace}"`, "pod");
}

function timeseries(
    id: number,
    title: string,
    unit: string,
    targets: { expr: string; legend: string }[],
) {
    return {
        id,
        type: "timeseries",
        title,
        datasource: { type: "prometheus", uid: "prometheus" },
        gridPos: { h: 8, w: 12, x: ((id - 1) % 2) * 12, y: Math.floor((id - 1) / 2) * 8 },
        fieldConfig: { defaults: { unit }, overrides: [] },
        targets: targets.map((t, i) => ({
            refId: String.fromCharCode(65 + i),
            expr: t.expr,
            legendFormat: t.legend,
        })),
    };
}

/** Grafana's unit ids. */
const UNITS: Record<MetricDefinition["unit"], string> = {
    requests: "short",
    "requests/s": "reqps",
    ratio: "percentunit",
    percent: "percent",
    seconds: "s",
};

/**
 * The scaling-loop alerts firing for the model, and for its platform's metrics server: Prometheus'
 * own `ALERTS` series, by the labels the alert rules put on them (alerts/rules.ts).
 */
export function alertsQuery(model: string, platform: string): string {
    const firing = (label: string, value: string) =>
        `count by (alertname) (ALERTS{alertstate="firing",${label}="${value}"})`;
    return `${firing("model", model)} or ${firing("platform", platform)}`;
}

/**
 * The dashboard: one panel per catalog metric, per pod, plus the HPA's current and desired
 * replicas (from kube-state-metrics, which kube-prometheus-stack runs) and the scaling-loop alerts
 * firing, when the model has them. Generated from the catalog, so a new metric gets its panel.
 */
export function inferenceDashboard(
    cfg: ResolvedModel,
    metrics: readonly MetricDefinition[] = METRIC_CATALOG,
) {
    const ns = cfg.server.namespace;
    const hpa = cfg.hpaName;
    const panels = metrics.map((m, i) =>
        timeseries(i + 1, `${m.name}: ${m.description}`, UNITS[m.unit], [
            { expr: perPodQuery(m, ns), legend: "{{pod}}" },
        ]),
    );
    const hpaSelector = `{namespace="${ns}",horizontalpodautoscaler="${hpa}"}`;
    panels.push(
        timeseries(panels.length + 1, "HPA replicas: current vs desired", "short", [
            {
                expr: `kube_horizontalpodautoscaler_status_current_replicas${hpaSelector}`,
                legend: "current",
            },
            {
                expr: `kube_horizontalpodautoscaler_status_desired_replicas${hpaSelector}`,
                legend: "desired",
            },
            { expr: `kube_horizontalpodautoscaler_spec_max_replicas${hpaSelector}`, legend: "max" },
        ]),
    );
    if (cfg.alerts) {
        panels.push(
            timeseries(panels.length + 1, "Scaling-loop alerts firing", "short", [
                { expr: alertsQuery(cfg.name, cfg.platform.name), legend: "{{alertname}}" },
            ]),
        );
    }
    return {
        uid: `${cfg.name}-inference`.slice(0, 40),
        title: `Inference autoscaling: ${ns}/${cfg.server.deploymentName}`,
        schemaVersion: 39,
        refresh: "30s",
        time: { from: "now-1h", to: "now" },
        tags: ["vllm", "gpu", "autoscaling"],
        panels,
    };
}

/** ConfigMap holding the dashboard, picked up by the Grafana sidecar from any namespace. */
export function createDashboard(
    cfg: ResolvedModel,
    metrics: readonly MetricDefinition[],
    namespace: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): k8s.core.v1.ConfigMap {
    const name = `${cfg.name}-dashboard`;
    return new k8s.core.v1.ConfigMap(
        name,
        {
            metadata: {
                name,
                namespace,
                labels: { ...componentLabels(cfg.name, "dashboard"), ...DASHBOARD_LABEL },
            },
            data: {
                "inference-autoscaling.json": JSON.stringify(
                    inferenceDashboard(cfg, metrics),
                    null,
                    2,
                ),
            },
        },
        opts,
    );
}
