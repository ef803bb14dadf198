import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedPlatform } from "../settings/platform";
import { componentLabels } from "../vocabulary/names";
import { RELABELLED_GPU_UTIL_SERIES } from "../vocabulary/metrics";

/**
 * PromQL recording GPU utilisation per GPU-using pod.
 *
 * The DCGM exporter labels each GPU with the pod that holds it; scraped through a ServiceMonitor
 * with `honorLabels: false` those labels arrive as `exported_pod`/`exported_namespace`, while
 * `pod`/`namespace` name the exporter itself. The rule copies the exported labels back and keeps only
 * GPUs held by a pod: `label_replace` leaves a series unchanged when its source label is empty, so
 * without the `!=""` filter idle GPUs would be attributed to the exporter pod. Averaging by
 * namespace and pod gives one series per pod, however many GPUs it holds.
 */
export function gpuUtilisationRecordExpr(): string {
    const held = 'DCGM_FI_DEV_GPU_UTIL{exported_pod!="",exported_namespace!=""}';
    const withPod = `label_replace(${held}, "pod", "$1", "exported_pod", "(.+)")`;
    const withNamespace = `label_replace(${withPod}, "namespace", "$1", "exported_namespace", "(.+)")`;
    return `avg by (namespace, pod) (${withNamespace})`;
}

/** The rule group, as the PrometheusRule's `spec.groups` and as a promtool rule file. */
export function gpuRuleGroups(evaluationInterval: string) {
    return [
        {
            name: "inference-autoscaling-gpu",
            interval: evaluationInterval,
            rules: [{ record: RELABELLED_GPU_UTIL_SERIES, expr: gpuUtilisationRecordExpr() }],
        },
    ];
}

/** PrometheusRule recording `dcgm_fi_dev_gpu_util_relabelled`, in the monitoring namespace. */
export function createGpuRule(
    cfg: ResolvedPlatform,
    namespace: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
    const name = cfg.names.gpuRule;
    return new k8s.apiextensions.CustomResource(
        name,
        {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PrometheusRule",
            metadata: {
                name,
                namespace,
                labels: {
                    ...componentLabels(cfg.name, "gpu-rules"),
                    ...cfg.prometheus.monitorLabels,
                },
            },
            spec: { groups: gpuRuleGroups(cfg.prometheus.evaluationInterval) },
        },
        opts,
    );
}
