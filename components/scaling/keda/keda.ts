import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createRelease } from "../../helm-release";
import type { ResolvedModel } from "../../settings/model";
import { pipelineFor } from "../../monitoring";
import { withDependsOn } from "../../options";
import type { ResolvedPlatform } from "../../settings/platform";
import { CHARTS } from "../../vocabulary/charts";
import { COLLECTIONS } from "../../vocabulary/collections";
import {
    componentLabels,
    CONTROL_PLANE_REACHABLE_PORT,
    KEDA_OPERATOR_SERVICE_ACCOUNT,
} from "../../vocabulary/names";
import { handoverOptions } from "../backend-handover";
import { activationTrigger, metricTrigger, PrometheusTrigger } from "./triggers";

/**
 * KEDA for the platform: lets its operator read the metrics where the collection path needs an
 * identity for that (installed or already running), and installs it (its operator and metrics
 * server, which serves `external.metrics.k8s.io`) unless it runs already. Returns the release.
 */
export function createKeda(
    cfg: ResolvedPlatform,
    opts: pulumi.CustomResourceOptions,
    cloudOpts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release | undefined {
    const { namespace, operatorServiceAccount } = cfg.keda;
    pipelineFor(cfg.collection).authorizeReader(
        cfg,
        `${cfg.name}-keda-monitoring-viewer`,
        namespace,
        operatorServiceAccount,
        cloudOpts,
    );
    if (!cfg.keda.install) {
        return undefined;
    }
    const ns = new k8s.core.v1.Namespace(
        `${cfg.name}-keda`,
        { metadata: { name: namespace, labels: componentLabels(cfg.name, "keda") } },
        opts,
    );
    const values = {
        // KEDA's chart ships its CRDs as templates: uninstalling it (a switch back to an adapter,
        // destroy) would delete every ScaledObject and TriggerAuthentication in the cluster, other
        // teams' too. Helm leaves a kept resource behind, as it does kube-prometheus-stack's CRDs.
        crds: { additionalAnnotations: { "helm.sh/resource-policy": "keep" } },
        service: { portHttpsTarget: CONTROL_PLANE_REACHABLE_PORT },
        webhooks: { port: CONTROL_PLANE_REACHABLE_PORT },
        // On GKE tagged with the cluster (platform/resolve.ts), so its Monitoring Viewer grant is this cluster's own.
        ...(operatorServiceAccount === KEDA_OPERATOR_SERVICE_ACCOUNT
            ? {}
            : { serviceAccount: { operator: { name: operatorServiceAccount } } }),
    };
    return createRelease(cfg.names.kedaRelease, CHARTS.keda, ns.metadata.name, values, opts);
}

/** The ScaledObject's triggers, read where the platform's collection path says. */
export function kedaTriggers(
    model: ResolvedModel,
    authenticationRef?: string,
): pulumi.Output<PrometheusTrigger[]> {
    return pipelineFor(model.platform.collection)
        .queries(model)
        .apply(({ address, reads }) => [
            ...model.autoscaling.metrics.map((m) => {
                const { series, selector } = reads[m.metric.name];
                return metricTrigger(m.metric, series, selector, m.target, address, {
                    authenticationRef,
                    inFormula: model.keda.scalingModifiers !== undefined,
                    absentIsFailure: model.autoscaling.minReplicas >= 1,
                });
            }),
            ...(model.autoscaling.minReplicas === 0 && model.keda.activationQuery
                ? [
                      activationTrigger(
                          model.keda.activationQuery,
                          model.keda.activationThreshold,
                          address,
                          authenticationRef,
                      ),
                  ]
                : []),
        ]);
}

/** The ScaledObject's `fallback`, when enabled (spec.fallback of KEDA's CRD: failureThreshold, replicas, behavior). */
export function kedaFallback(model: ResolvedModel): {
    fallback?: { failureThreshold: number; replicas: number; behavior: string };
} {
    const { enabled, failureThreshold, replicas, behavior } = model.keda.fallback;
    return enabled ? { fallback: { failureThreshold, replicas, behavior } } : {};
}

/**
 * The ScaledObject's `advanced`: the HPA's name and behavior, and the scaling-modifiers formula
 * when asked for (KEDA's CRD: formula, target, activationTarget, metricType; targets are strings).
 */
export function kedaAdvanced(model: ResolvedModel, hpaName: string) {
    const modifiers = model.keda.scalingModifiers;
    return {
        horizontalPodAutoscalerConfig: { name: hpaName, behavior: model.autoscaling.behavior },
        ...(modifiers
            ? {
                  scalingModifiers: {
                      formula: modifiers.formula,
                      target: String(modifiers.target),
                      activationTarget: String(modifiers.activationTarget),
                      // The triggers feed it per-pod averages: the result is a level, not a total.
                      metricType: "Value",
                  },
              }
            : {}),
    };
}

/**
 * The ScaledObject on the vLLM Deployment. KEDA makes the HPA from it, named as the ScaledObject
 * (never as the adapter backends' HPA: see backend-handover.ts), with the same `behavior`; with `minReplicas: 0` KEDA scales to zero after
 * `cooldownPeriodSeconds` without activation. Where the metrics need a Google identity, a
 * TriggerAuthentication lends the triggers the KEDA operator's (Workload Identity).
 */
export function createScaledObject(
    model: ResolvedModel,
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
    const { hpa: resourceName, kedaHpa: name } = model.names;
    const crdOpts = withDependsOn(opts, [...model.platform.crds.keda]);
    const googleAuth = COLLECTIONS[model.platform.collection].needsCloudIdentity;
    let authenticationRef: string | undefined;
    if (googleAuth) {
        authenticationRef = `${model.name}-gmp`;
        new k8s.apiextensions.CustomResource(
            authenticationRef,
            {
                apiVersion: "keda.sh/v1alpha1",
                kind: "TriggerAuthentication",
                metadata: {
                    name: authenticationRef,
                    namespace: model.server.namespace,
                    labels: componentLabels(model.name, "keda"),
                },
                spec: { podIdentity: { provider: "gcp" } },
            },
            crdOpts,
        );
    }
    return new k8s.apiextensions.CustomResource(
        resourceName,
        {
            apiVersion: "keda.sh/v1alpha1",
            kind: "ScaledObject",
            metadata: {
                name,
                namespace: model.server.namespace,
                labels: componentLabels(model.name, "vllm-autoscaler"),
            },
            spec: {
                scaleTargetRef: {
                    apiVersion: "apps/v1",
                    kind: "Deployment",
                    name: model.server.deploymentName,
                },
                minReplicaCount: model.autoscaling.minReplicas,
                maxReplicaCount: model.autoscaling.maxReplicas,
                pollingInterval: model.keda.pollingIntervalSeconds,
                cooldownPeriod: model.keda.cooldownPeriodSeconds,
                ...kedaFallback(model),
                advanced: kedaAdvanced(model, name),
                triggers: kedaTriggers(model, authenticationRef),
            },
        },
        handoverOptions("scaledObject", crdOpts),
    );
}
