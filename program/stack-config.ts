import * as pulumi from "@pulumi/pulumi";
import { AutoscalingArgs, Cloud, CollectionMode, VllmServerArgs } from "../components";

/** The stack's settings, read from `stacks/Pulumi.<stack>.yaml`. */
export interface StackSettings {
    cloud: Cloud;
    collection?: CollectionMode;
    server: VllmServerArgs;
    autoscaling?: AutoscalingArgs;
    monitoringNamespace?: string;
    /** Kubeconfig of the cluster, as a secret; when absent the ambient kubeconfig is used. */
    kubeconfig?: pulumi.Output<string>;
    /** Context of the ambient kubeconfig to use. */
    kubeContext?: string;
}

/**
 * Reads stack config. Shapes are checked by the component's validation, which names the
 * offending field; here only required keys are enforced.
 */
export function readStackSettings(config: pulumi.Config = new pulumi.Config()): StackSettings {
    return {
        cloud: (config.get("cloud") ?? "generic") as Cloud,
        collection: config.get("collection") as CollectionMode | undefined,
        server: config.requireObject<VllmServerArgs>("server"),
        autoscaling: config.getObject<AutoscalingArgs>("autoscaling"),
        monitoringNamespace: config.get("monitoringNamespace"),
        kubeconfig: config.getSecret("kubeconfig"),
        kubeContext: config.get("kubeContext"),
    };
}
