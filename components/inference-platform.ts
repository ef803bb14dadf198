import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { InferencePlatformArgs } from "./args";
import { buildPlatform, platformOutputs } from "./platform/build";
import type { PlatformConnection } from "./settings/connection";
import { settledOrThrow, settlePlatform } from "./validation";

// Resources the schema cannot describe (a node pool's class differs per cloud; a KEDA ScaledObject
// is a custom resource with no fixed Pulumi type) are kept here, out of the class's fields: Pulumi's
// schema analyzer (`pulumi package add`) reads every field as an output but skips accessors, so
// TypeScript callers keep the resource through a getter while the schema lists its ID or name.
const nodePools = new WeakMap<InferencePlatform, pulumi.CustomResource | undefined>();

/**
 * The cluster-level part of GPU inference autoscaling, made once per cluster: the GPU node pool,
 * the NVIDIA device plugin, the node autoscaler, and one metrics path (self-managed Prometheus +
 * DCGM + prometheus-adapter, GKE managed collection + the Stackdriver adapter, or KEDA). Models
 * join it with `ModelAutoscaler`, passing `connection`.
 */
export class InferencePlatform extends pulumi.ComponentResource {
    /** What a `ModelAutoscaler` needs from this platform. */
    public readonly connection: PlatformConnection;
    /** Provider ID of the GPU node pool, when one was asked for. */
    public readonly nodePoolId?: pulumi.Output<string>;
    /** Node labels of the GPU nodes: put them in GPU pods' nodeSelector. */
    public readonly gpuNodeSelector!: pulumi.Output<Record<string, string>>;
    /** Tolerations GPU pods need for the GPU nodes' taint. */
    public readonly gpuTolerations!: pulumi.Output<k8s.types.output.core.v1.Toleration[]>;
    /** Namespace of the in-cluster monitoring stack; undefined on GKE managed collection. */
    public readonly monitoringNamespace!: pulumi.Output<string | undefined>;
    /** URL of the in-cluster Prometheus; undefined on GKE managed collection. */
    public readonly prometheusUrl!: pulumi.Output<string | undefined>;

    /** The GPU node pool (a GKE NodePool, EKS NodeGroup or AKS AgentPool). TypeScript only: the schema has `nodePoolId`. */
    public get nodePool(): pulumi.CustomResource | undefined {
        return nodePools.get(this);
    }

    constructor(name: string, args: InferencePlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("inference-autoscaling:index:InferencePlatform", name, {}, opts);
        const cfg = settledOrThrow(
            "InferencePlatform",
            name,
            settlePlatform(name, args),
            () => [],
            this,
        );
        const parts = buildPlatform(cfg, this);
        this.connection = parts.connection;
        nodePools.set(this, parts.nodePool);
        const outputs = platformOutputs(parts);
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}
