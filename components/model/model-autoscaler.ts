import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ModelAutoscalerArgs } from "../args";
import { findModelInputProblems, inputWarnings, throwIfInvalid } from "../validation";
import { buildModel, modelOutputs } from "./build";
import { resolveModel } from "./config";

/**
 * One model on an `InferencePlatform`: given the platform's `connection` and a vLLM Deployment
 * (or the server it deploys), its scrape objects, its HPA or KEDA ScaledObject, its disruption
 * budget, and optionally its own GPU node pool. Any number per platform, in any namespaces; each
 * is named after its component, so two never collide.
 */
export class ModelAutoscaler extends pulumi.ComponentResource {
    /** The HorizontalPodAutoscaler (adapter backends). */
    public readonly hpa?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
    /** The KEDA ScaledObject (`backend: keda`); KEDA makes the HPA from it. */
    public readonly scaledObject?: k8s.apiextensions.CustomResource;
    /** Name of the HPA that scales the server, whichever backend makes it. */
    public readonly hpaName!: pulumi.Output<string>;
    /** Names of the metrics the HPA reads. */
    public readonly metricNames!: pulumi.Output<string[]>;
    /** The vLLM Deployment, when the model deploys it. */
    public readonly serverDeployment?: k8s.apps.v1.Deployment;
    /** The vLLM Service, when the model deploys it. */
    public readonly serverService?: k8s.core.v1.Service;
    /** The model's own GPU node pool, when it asked for one. */
    public readonly nodePool?: pulumi.CustomResource;

    constructor(name: string, args: ModelAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("inference-autoscaling:index:ModelAutoscaler", name, {}, opts);
        throwIfInvalid("ModelAutoscaler", name, findModelInputProblems(name, args), inputWarnings(args), this);
        const parts = buildModel(resolveModel(name, args, args.platform), this, args.k8sProvider);
        const outputs = { ...modelOutputs(parts), nodePool: parts.nodePool };
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}
