import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS } from "../../charts";
import { ResolvedConfig } from "../../config";
import { withDependsOn } from "../../options";
import { prometheusUrl } from "../../monitoring/prometheus-stack";
import { componentLabels, derivedNames } from "../../naming";
import { RELABELLED_GPU_UTIL_SERIES } from "../metrics";
import { activationTrigger, deploymentPodMatcher, metricTrigger, PrometheusTrigger } from "./triggers";

/** Where KEDA runs: the chart's usual namespace and operator service account. */
export const KEDA = { namespace: "keda", operatorServiceAccount: "keda-operator" } as const;

/** Installs KEDA (its operator and metrics server, which serves `external.metrics.k8s.io`). */
export function createKeda(cfg: ResolvedConfig, opts: pulumi.CustomResourceOptions, gcpOpts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
    const ns = new k8s.core.v1.Namespace(
        `${cfg.name}-keda`,
        { metadata: { name: KEDA.namespace, labels: componentLabels(cfg.name, "keda") } },
        opts,
    );
    if (cfg.collection === "gke-managed") {
        // The operator queries Managed Service for Prometheus as its own Kubernetes service account.
        // Loaded here only, so other clouds' stacks never load the GCP SDK.
        const { grantMonitoringViewer } = require("../../cloud/gke-workload-identity") as typeof import("../../cloud/gke-workload-identity");
        grantMonitoringViewer(`${cfg.name}-keda-monitoring-viewer`, cfg.gke!.project, KEDA.namespace, KEDA.operatorServiceAccount, gcpOpts);
    }
    const release = `${cfg.name}-keda`;
    return new k8s.helm.v3.Release(
        release,
        {
            name: release,
            namespace: ns.metadata.name,
            chart: CHARTS.keda.chart,
            version: CHARTS.keda.version,
            repositoryOpts: { repo: CHARTS.keda.repo },
            values: {},
        },
        opts,
    );
}

/** The ScaledObject's triggers for the configured collection mode. */
export function kedaTriggers(cfg: ResolvedConfig, authenticationRef?: string): pulumi.Output<PrometheusTrigger[]> {
    const ns = cfg.server.namespace;
    const pods = deploymentPodMatcher(cfg.server.deploymentName);
    const activation = (address: string) =>
        cfg.autoscaling.minReplicas === 0 && cfg.keda.activationQuery
            ? [activationTrigger(cfg.keda.activationQuery, cfg.keda.activationThreshold, address, authenticationRef)]
            : [];
    if (cfg.collection === "gke-managed") {
        // GMP holds every cluster of the project: select this cluster's series too.
        return pulumi.all([cfg.gke!.project, cfg.gke!.clusterName]).apply(([project, cluster]) => {
            const address = `https://monitoring.googleapis.com/v1/projects/${project}/location/global/prometheus`;
            const selector = `cluster="${cluster}",namespace="${ns}",${pods}`;
            return [
                ...cfg.autoscaling.metrics.map((m) =>
                    metricTrigger(m.metric, [m.metric.managedSeries], selector, m.target, address, authenticationRef),
                ),
                ...activation(address),
            ];
        });
    }
    const address = prometheusUrl(cfg);
    const vllmSelector = `namespace="${ns}",service="${derivedNames(cfg.name).vllmMetricsService}"`;
    return pulumi.output([
        ...cfg.autoscaling.metrics.map((m) =>
            m.metric.source === "dcgm"
                ? metricTrigger(m.metric, [RELABELLED_GPU_UTIL_SERIES], `namespace="${ns}",${pods}`, m.target, address)
                : metricTrigger(m.metric, m.metric.series, vllmSelector, m.target, address),
        ),
        ...activation(address),
    ]);
}

/**
 * The ScaledObject on the vLLM Deployment. KEDA makes the HPA from it, named as the adapter
 * backends name theirs, with the same `behavior`; with `minReplicas: 0` KEDA scales to zero after
 * `cooldownPeriodSeconds` without activation.
 */
export function createScaledObject(
    cfg: ResolvedConfig,
    kedaRelease: pulumi.Resource | undefined,
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
    const name = derivedNames(cfg.name).hpa;
    const crdOpts = withDependsOn(opts, kedaRelease ? [kedaRelease] : []);
    let authenticationRef: string | undefined;
    if (cfg.collection === "gke-managed") {
        authenticationRef = `${cfg.name}-gmp`;
        new k8s.apiextensions.CustomResource(
            authenticationRef,
            {
                apiVersion: "keda.sh/v1alpha1",
                kind: "TriggerAuthentication",
                metadata: { name: authenticationRef, namespace: cfg.server.namespace, labels: componentLabels(cfg.name, "keda") },
                spec: { podIdentity: { provider: "gcp" } },
            },
            crdOpts,
        );
    }
    return new k8s.apiextensions.CustomResource(
        name,
        {
            apiVersion: "keda.sh/v1alpha1",
            kind: "ScaledObject",
            metadata: { name, namespace: cfg.server.namespace, labels: componentLabels(cfg.name, "vllm-autoscaler") },
            spec: {
                scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: cfg.server.deploymentName },
                minReplicaCount: cfg.autoscaling.minReplicas,
                maxReplicaCount: cfg.autoscaling.maxReplicas,
                pollingInterval: cfg.keda.pollingIntervalSeconds,
                cooldownPeriod: cfg.keda.cooldownPeriodSeconds,
                advanced: { horizontalPodAutoscalerConfig: { name, behavior: cfg.autoscaling.behavior } },
                triggers: kedaTriggers(cfg, authenticationRef),
            },
        },
        crdOpts,
    );
}
