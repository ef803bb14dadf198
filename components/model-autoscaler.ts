import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ModelAutoscalerArgs } from "./args";
import { buildModel, modelOutputs } from "./model/build";
import { modelWarnings } from "./model/checks";
import type { PlatformConnection } from "./settings/connection";
import { settledOrThrow, settleModel } from "./validation";

// Resources the schema cannot describe (a node pool's class differs per cloud; a KEDA ScaledObject
// is a custom resource with no fixed Pulumi type) are kept here, out of the class's fields: Pulumi's
// schema analyzer (`pulumi package add`) reads every field as an output but skips accessors, so
// TypeScript callers keep the resource through a getter while the schema lists its ID or name.
const resources = new WeakMap<
    ModelAutoscaler,
    { scaledObject?: k8s.apiextensions.CustomResource; nodePool?: pulumi.CustomResource }
>();

/**
 * One model on an `InferencePlatform`: given the platform's `connection` and a vLLM Deployment
 * (or the server it deploys), its scrape objects, its HPA or KEDA ScaledObject, its disruption
 * budget, and optionally its own GPU node pool. Any number per platform, in any namespaces; each
 * is named after its component, so two never collide.
 */
export class ModelAutoscaler extends pulumi.ComponentResource {
    /** The HorizontalPodAutoscaler (adapter backends). */
    public readonly hpa?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
    /** Name of the KEDA ScaledObject (`backend: keda`); KEDA makes the HPA from it. */
    public readonly scaledObjectName?: pulumi.Output<string>;
    /** Name of the HPA that scales the server, whichever backend makes it. */
    public readonly hpaName!: pulumi.Output<string>;
    /** Names of the metrics the HPA reads. */
    public readonly metricNames!: pulumi.Output<string[]>;
    /** The vLLM Deployment, when the model deploys it. */
    public readonly serverDeployment?: k8s.apps.v1.Deployment;
    /** The vLLM Service, when the model deploys it. */
    public readonly serverService?: k8s.core.v1.Service;
    /** Provider ID of the model's own GPU node pool, when it asked for one. */
    public readonly nodePoolId?: pulumi.Output<string>;

    /** The KEDA ScaledObject (`backend: keda`). TypeScript only: the schema has `scaledObjectName`. */
    public get scaledObject(): k8s.apiextensions.CustomResource | undefined {
        return resources.get(this)?.scaledObject;
    }

    /** The model's own GPU node pool (a GKE NodePool, EKS NodeGroup or AKS AgentPool). TypeScript only: the schema has `nodePoolId`. */
    public get nodePool(): pulumi.CustomResource | undefined {
        return resources.get(this)?.nodePool;
    }

    constructor(name: string, args: ModelAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("inference-autoscaling:index:ModelAutoscaler", name, {}, opts);
        const platform: unknown = args.platform;
        const outputs = pulumi.Output.isInstance(platform)
            ? this.whenConnected(name, args, platform as pulumi.Output<PlatformConnection>)
            : this.build(name, args);
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }

    /** Settles the arguments, makes the model's resources and returns its outputs. */
    private build(name: string, args: ModelAutoscalerArgs) {
        const cfg = settledOrThrow(
            "ModelAutoscaler",
            name,
            settleModel(name, args),
            // Its nodePool is its own (checked as a problem); the connection carries no platform pool size.
            (model) => modelWarnings(model, args),
            this,
        );
        const parts = buildModel(cfg, this);
        resources.set(this, { scaledObject: parts.scaledObject, nodePool: parts.nodePool });
        return { ...modelOutputs(parts), nodePoolId: parts.nodePool?.id };
    }

    /**
     * From another language the engine hands the connection over as one Output carrying the
     * platform's dependencies (@pulumi/pulumi's provider/server.js, deserializeInputs), where
     * TypeScript passes the object itself. The model is settled and made once it resolves: at
     * preview when the platform's outputs are known, else at `up`. The pool ID it waits for keeps
     * the platform's dependencies.
     */
    private whenConnected(
        name: string,
        args: ModelAutoscalerArgs,
        platform: pulumi.Output<PlatformConnection>,
    ) {
        const built = platform.apply((connection) =>
            this.build(name, {
                ...args,
                platform: {
                    ...connection,
                    gpuNodePoolId:
                        connection.gpuNodePoolId === undefined
                            ? undefined
                            : platform.apply((c) => c.gpuNodePoolId as string),
                },
            }),
        );
        return {
            hpa: built.apply((o) => o.hpa),
            scaledObjectName: built.apply((o) => o.scaledObjectName),
            hpaName: built.apply((o) => o.hpaName),
            metricNames: built.apply((o) => o.metricNames),
            serverDeployment: built.apply((o) => o.serverDeployment),
            serverService: built.apply((o) => o.serverService),
            nodePoolId: built.apply((o) => o.nodePoolId),
        };
    }
}
