import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { cloudModule } from "../clouds";
import { createDashboard } from "../monitoring/dashboard";
import { pipelineFor } from "../monitoring";
import { waitFor, withDependsOn } from "../options";
import { backendModule } from "../scaling/backends";
import { createServerDisruptionBudget } from "../scaling/pdb";
import { createVllmServer } from "../server/vllm-server";
import { createImagePrePull } from "../capacity/image-prepull";
import { createWarmCapacity } from "../capacity/warm-capacity";
import { metricsFor } from "../vocabulary/metrics";
import { componentLabels } from "../vocabulary/names";
import type { ResolvedModel } from "../settings/model";

/** What a model made, for its component's outputs. */
export interface ModelParts {
    readonly hpa?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
    readonly scaledObject?: k8s.apiextensions.CustomResource;
    readonly hpaName: string;
    readonly metricNames: string[];
    readonly serverDeployment?: k8s.apps.v1.Deployment;
    readonly serverService?: k8s.core.v1.Service;
    readonly nodePool?: pulumi.CustomResource;
}

/** The server's namespace, when the model deploys the server and owns its namespace. */
function createServerNamespace(
    cfg: ResolvedModel,
    opts: pulumi.CustomResourceOptions,
): pulumi.Resource[] {
    if (!cfg.server.deploy?.createNamespace) {
        return [];
    }
    return [
        new k8s.core.v1.Namespace(
            `${cfg.name}-server`,
            { metadata: { name: cfg.server.namespace, labels: componentLabels(cfg.name, "vllm") } },
            opts,
        ),
    ];
}

/**
 * Makes one model's parts, parented to `parent`: its own node pool (optional), its server
 * (optional), what its collection path needs to scrape it, its HPA or ScaledObject, its disruption
 * budget and its dashboard.
 */
export function buildModel(cfg: ResolvedModel, parent: pulumi.Resource): ModelParts {
    const k8sOpts: pulumi.CustomResourceOptions = { parent };
    const pipeline = pipelineFor(cfg.platform.collection);
    const nodePool =
        cfg.nodePool &&
        cloudModule(cfg.platform.cloud).createNodePool(cfg.platform.cluster, cfg.nodePool, {
            parent,
        });
    const gpuNodes = nodePool ? [nodePool] : waitFor(cfg.platform.gpuNodePoolId);
    const serverOpts = withDependsOn(k8sOpts, createServerNamespace(cfg, k8sOpts));
    // The server also waits for its GPU pool, so its rollout clock starts when nodes can exist.
    const server =
        cfg.server.deploy &&
        createVllmServer(cfg, cfg.server.deploy, withDependsOn(serverOpts, gpuNodes));
    if (
        cfg.server.deploy?.prePullImage &&
        !createImagePrePull(
            cfg,
            cfg.server.deploy,
            serverOpts,
            server ? server.tokenSecretName : undefined,
        )
    ) {
        pulumi.log.warn(
            "server.deploy.prePullImage: the image is not pre-pulled, the server's GPU nodes have no node selector; set the platform's gpuNodes.nodeSelector",
            parent,
        );
    }
    if (cfg.nodePool) {
        // Only a pool of the model's own: headroom on the platform's nodes is the platform's.
        const { gpusPerNode } = cfg.nodePool;
        createWarmCapacity(
            {
                owner: cfg.name,
                gpus: cfg.warmCapacity,
                gpusPerNode,
                nodeSelector: cfg.gpuNodeSelector,
                tolerations: cfg.gpuTolerations,
            },
            k8sOpts,
        );
    }
    pipeline.createModelScrape(cfg, { k8s: k8sOpts, server: serverOpts });
    if (cfg.alerts) {
        pipeline.createModelAlerts(cfg, serverOpts);
    }

    const scaling = backendModule(cfg.platform.backend).createAutoscaler(cfg, pipeline, serverOpts);
    if (cfg.server.podDisruptionBudget) {
        createServerDisruptionBudget(cfg, serverOpts);
    }
    if (cfg.platform.grafana && cfg.platform.monitoringNamespace !== undefined) {
        const served = metricsFor(cfg.server.engine).filter(
            (m) => m.source !== "dcgm" || cfg.platform.gpuMetrics,
        );
        createDashboard(cfg, served, cfg.platform.monitoringNamespace, k8sOpts);
    }
    return {
        hpa: scaling.hpa,
        scaledObject: scaling.scaledObject,
        hpaName: cfg.hpaName,
        metricNames: scaling.metricNames,
        serverDeployment: server?.deployment,
        serverService: server?.service,
        nodePool,
    };
}

/** A model's public outputs, as ModelAutoscaler and InferenceAutoscaling expose them. */
export function modelOutputs(parts: ModelParts) {
    return {
        hpa: parts.hpa,
        scaledObjectName: parts.scaledObject?.metadata.name,
        hpaName: pulumi.output(parts.hpaName),
        metricNames: pulumi.output(parts.metricNames),
        serverDeployment: parts.serverDeployment,
        serverService: parts.serverService,
    };
}
