import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { InferenceAutoscalingArgs } from "./args";
import { buildModel, modelOutputs } from "./model/build";
import { buildPlatform, platformOutputs } from "./platform/build";
import type { PlatformConnection } from "./settings/connection";
import { settledOrThrow, settledWarnings, settleInferenceAutoscaling } from "./validation";

// Resources the schema cannot describe (a node pool's class differs per cloud; a KEDA ScaledObject
// is a custom resource with no fixed Pulumi type) are kept here, out of the class's fields: Pulumi's
// schema analyzer (`pulumi package add`) reads every field as an output but skips accessors, so
// TypeScript callers keep the resource through a getter while the schema lists its ID or name.
const resources = new WeakMap<
    InferenceAutoscaling,
    { scaledObject?: k8s.apiextensions.CustomResource; nodePool?: pulumi.CustomResource }
>();

/**
 * One platform and one model in a single component, as the first release shipped it: adds a GPU
 * node pool (optional), collects vLLM and DCGM GPU metrics, serves them to Kubernetes and points a
 * HorizontalPodAutoscaler (or KEDA) at the vLLM Deployment. Its children are those of
 * `InferencePlatform` and `ModelAutoscaler`, made by the same code and parented here, so stacks
 * made with it keep their resources.
 */
export class InferenceAutoscaling extends pulumi.ComponentResource {
    /** Its platform, for more models on it (`ModelAutoscaler`'s `platform`). */
    public readonly connection: PlatformConnection;
    /** The HorizontalPodAutoscaler on the vLLM Deployment (adapter backends). */
    public readonly hpa?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
    /** Name of the KEDA ScaledObject on the vLLM Deployment (`backend: keda`); KEDA makes the HPA from it. */
    public readonly scaledObjectName?: pulumi.Output<string>;
    /** Name of the HPA that scales the server, whichever backend makes it. */
    public readonly hpaName!: pulumi.Output<string>;
    /** Names of the metrics the HPA reads from the metrics APIs. */
    public readonly metricNames!: pulumi.Output<string[]>;
    /** The vLLM Deployment, when the component deploys it. */
    public readonly serverDeployment?: k8s.apps.v1.Deployment;
    /** The vLLM Service (OpenAI API on `server.metricsPort`), when the component deploys it. */
    public readonly serverService?: k8s.core.v1.Service;
    /** Provider ID of the GPU node pool, when one was asked for. */
    public readonly nodePoolId?: pulumi.Output<string>;
    /** Node labels of the GPU nodes: put them in the vLLM pods' nodeSelector. */
    public readonly gpuNodeSelector!: pulumi.Output<Record<string, string>>;
    /** Tolerations the vLLM pods need for the GPU nodes' taint. */
    public readonly gpuTolerations!: pulumi.Output<k8s.types.output.core.v1.Toleration[]>;
    /** Namespace of the in-cluster monitoring stack; undefined on GKE managed collection. */
    public readonly monitoringNamespace!: pulumi.Output<string | undefined>;
    /** URL of the in-cluster Prometheus; undefined on GKE managed collection. */
    public readonly prometheusUrl!: pulumi.Output<string | undefined>;

    /** The KEDA ScaledObject (`backend: keda`). TypeScript only: the schema has `scaledObjectName`. */
    public get scaledObject(): k8s.apiextensions.CustomResource | undefined {
        return resources.get(this)?.scaledObject;
    }

    /** The GPU node pool (a GKE NodePool, EKS NodeGroup or AKS AgentPool). TypeScript only: the schema has `nodePoolId`. */
    public get nodePool(): pulumi.CustomResource | undefined {
        return resources.get(this)?.nodePool;
    }

    constructor(
        name: string,
        args: InferenceAutoscalingArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("inference-autoscaling:index:InferenceAutoscaling", name, {}, opts);
        const cfg = settledOrThrow(
            "InferenceAutoscaling",
            name,
            settleInferenceAutoscaling(name, args),
            (settings) => settledWarnings(settings, args),
            this,
        );
        const platform = buildPlatform(cfg.platform, this);
        // The model was settled against the platform's settings; it is built against what the platform made.
        const model = buildModel({ ...cfg.model, platform: platform.connection }, this);

        this.connection = platform.connection;
        resources.set(this, { scaledObject: model.scaledObject, nodePool: platform.nodePool });
        // The model's outputs and the platform's; the pool is the platform's.
        const outputs = { ...modelOutputs(model), ...platformOutputs(platform) };
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}
