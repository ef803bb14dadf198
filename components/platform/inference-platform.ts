import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { InferencePlatformArgs } from "../args";
import { findPlatformInputProblems, throwIfInvalid } from "../validation";
import { buildPlatform, platformOutputs } from "./build";
import { resolvePlatform } from "./config";
import type { PlatformConnection } from "./connection";

/**
 * The cluster-level part of GPU inference autoscaling, made once per cluster: the GPU node pool,
 * the NVIDIA device plugin, the node autoscaler, and one metrics path (self-managed Prometheus +
 * DCGM + prometheus-adapter, GKE managed collection + the Stackdriver adapter, or KEDA). Models
 * join it with `ModelAutoscaler`, passing `connection`.
 */
export class InferencePlatform extends pulumi.ComponentResource {
    /** What a `ModelAutoscaler` needs from this platform. */
    public readonly connection: PlatformConnection;
    /** The GPU node pool, when one was asked for. */
    public readonly nodePool?: pulumi.CustomResource;
    /** Node labels of the GPU nodes: put them in GPU pods' nodeSelector. */
    public readonly gpuNodeSelector!: pulumi.Output<Record<string, string>>;
    /** Tolerations GPU pods need for the GPU nodes' taint. */
    public readonly gpuTolerations!: pulumi.Output<k8s.types.output.core.v1.Toleration[]>;
    /** Namespace of the in-cluster monitoring stack; undefined on GKE managed collection. */
    public readonly monitoringNamespace!: pulumi.Output<string | undefined>;
    /** URL of the in-cluster Prometheus; undefined on GKE managed collection. */
    public readonly prometheusUrl!: pulumi.Output<string | undefined>;

    constructor(name: string, args: InferencePlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("inference-autoscaling:index:InferencePlatform", name, {}, opts);
        throwIfInvalid("InferencePlatform", name, findPlatformInputProblems(name, args), [], this);
        const parts = buildPlatform(resolvePlatform(name, args), this, args.k8sProvider);
        this.connection = parts.connection;
        const outputs = platformOutputs(parts);
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}
