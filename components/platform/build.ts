import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { cloudModule } from "../clouds";
import { UNKNOWN_GPU_COUNT } from "../vocabulary/gpu";
import { pipelineFor } from "../monitoring";
import { withDependsOn } from "../options";
import { backendModule } from "../scaling/backends";
import { createWarmCapacity } from "../capacity/warm-capacity";
import type { ResolvedPlatform } from "../settings/platform";
import type { PlatformConnection } from "../settings/connection";
import { connectionOf } from "./resolve";
import { claimMetricsApi } from "./metrics-api-claims";
import { createDevicePlugin } from "./device-plugin";

/** What a platform made, for its component's outputs and its models. */
export interface PlatformParts {
    readonly connection: PlatformConnection;
    readonly nodePool?: pulumi.CustomResource;
}

/**
 * Makes the cluster-level parts, parented to `parent`: the GPU node pool, the device plugin, the
 * node autoscaler, the metrics path (its collection module's cluster side) and KEDA.
 */
export function buildPlatform(cfg: ResolvedPlatform, parent: pulumi.Resource): PlatformParts {
    void claimMetricsApi(cfg, parent);
    const k8sOpts: pulumi.CustomResourceOptions = { parent };
    const cloudOpts: pulumi.CustomResourceOptions = { parent };
    const cloud = cloudModule(cfg.cloud);
    const nodePool = cfg.nodePool && cloud.createNodePool(cfg.cluster, cfg.nodePool, cloudOpts);
    const gpuNodes = nodePool ? [nodePool] : [];
    if (cfg.devicePlugin) {
        createDevicePlugin(cfg, withDependsOn(k8sOpts, gpuNodes));
    }
    cloud.createNodeAutoscaler(cfg.name, cfg.cluster, gpuNodes, { cloud: cloudOpts, k8s: k8sOpts });
    // Headroom on the nodes every model without a pool of its own runs on: theirs to share.
    createWarmCapacity(
        {
            owner: cfg.name,
            gpus: cfg.warmCapacity,
            // Nodes the cluster brings are of unknown size: one GPU per placeholder.
            gpusPerNode: cfg.nodePool?.gpusPerNode ?? UNKNOWN_GPU_COUNT,
            nodeSelector: cfg.gpuNodeSelector,
            tolerations: cfg.gpuTolerations,
        },
        k8sOpts,
    );
    const side = pipelineFor(cfg.collection).createPlatformSide(cfg, {
        k8s: k8sOpts,
        cloud: cloudOpts,
        gpuNodes,
        metricsServer: backendModule(cfg.backend).metricsServer(cfg),
    });
    const keda = backendModule(cfg.backend).createPlatformSide(cfg, {
        k8s: k8sOpts,
        cloud: cloudOpts,
    });
    return {
        nodePool,
        connection: connectionOf(cfg, {
            prometheusUrl: side.prometheusUrl,
            monitoringNamespace: side.monitoringNamespace,
            gpuNodePoolId: nodePool?.id,
            crds: { prometheusOperator: side.prometheusOperator, keda },
        }),
    };
}

/** The platform's public outputs, as InferencePlatform and InferenceAutoscaling expose them. */
export function platformOutputs(parts: PlatformParts) {
    return {
        nodePoolId: parts.nodePool?.id,
        gpuNodeSelector: pulumi.output(parts.connection.gpuNodeSelector),
        gpuTolerations: pulumi.output(parts.connection.gpuTolerations) as pulumi.Output<
            k8s.types.output.core.v1.Toleration[]
        >,
        monitoringNamespace: pulumi.output(parts.connection.monitoringNamespace),
        prometheusUrl: pulumi.output(parts.connection.prometheusUrl),
    };
}
