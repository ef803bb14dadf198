import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedMetric, ResolvedModel } from "../settings/model";
import { componentLabels } from "../vocabulary/names";
import { handoverOptions } from "./backend-handover";
import { toQuantity } from "../vocabulary/metrics";

/**
 * The HPA's `spec.metrics`: one Pods metric per scaling metric, holding its target as an average
 * per pod. `metricName` maps a catalog metric to the name the metrics server serves it under.
 */
export function hpaMetricSpecs(
    metrics: readonly ResolvedMetric[],
    metricName: (m: ResolvedMetric) => string = (m) => m.metric.name,
): k8s.types.input.autoscaling.v2.MetricSpec[] {
    return metrics.map((m) => ({
        type: "Pods",
        pods: {
            metric: { name: metricName(m) },
            target: { type: "AverageValue", averageValue: toQuantity(m.target) },
        },
    }));
}

/** The autoscaling/v2 HPA on the vLLM Deployment. */
export function createHpa(
    cfg: ResolvedModel,
    metricSpecs: k8s.types.input.autoscaling.v2.MetricSpec[],
    opts: pulumi.CustomResourceOptions,
): k8s.autoscaling.v2.HorizontalPodAutoscaler {
    const name = cfg.names.hpa;
    return new k8s.autoscaling.v2.HorizontalPodAutoscaler(
        name,
        {
            metadata: {
                name,
                namespace: cfg.server.namespace,
                labels: componentLabels(cfg.name, "vllm-autoscaler"),
            },
            spec: {
                scaleTargetRef: {
                    apiVersion: "apps/v1",
                    kind: "Deployment",
                    name: cfg.server.deploymentName,
                },
                minReplicas: cfg.autoscaling.minReplicas,
                maxReplicas: cfg.autoscaling.maxReplicas,
                metrics: metricSpecs,
                behavior: cfg.autoscaling.behavior,
            },
        },
        handoverOptions("hpa", opts),
    );
}
