import * as pulumi from "@pulumi/pulumi";
import {
    AksClusterArgs,
    AutoscalingArgs,
    Cloud,
    CollectionMode,
    EksClusterArgs,
    GkeClusterArgs,
    GpuNodePoolArgs,
    KedaArgs,
    MetricsBackend,
    PrometheusArgs,
    VllmServerArgs,
} from "../components";

/** The stack's settings, read from `stacks/Pulumi.<stack>.yaml`. */
export interface StackSettings {
    cloud: Cloud;
    collection?: CollectionMode;
    backend?: MetricsBackend;
    keda?: KedaArgs;
    server: VllmServerArgs;
    autoscaling?: AutoscalingArgs;
    nodePool?: GpuNodePoolArgs;
    gke?: GkeClusterArgs;
    eks?: EksClusterArgs;
    aks?: AksClusterArgs;
    monitoringNamespace?: string;
    /** Prometheus settings; `grafanaAdminPassword` comes from the `grafanaAdminPassword` secret. */
    prometheus?: PrometheusArgs;
    /** Kubeconfig of the cluster, as a secret; when absent it is built from the cluster (or ambient). */
    kubeconfig?: pulumi.Output<string>;
    /** Context of the ambient kubeconfig to use (generic clusters). */
    kubeContext?: string;
}

/** Puts the Hugging Face token (a stack secret, never plain config) into the server to deploy. */
function withHuggingFaceToken(server: VllmServerArgs, token: pulumi.Output<string> | undefined): VllmServerArgs {
    if (!server.deploy || token === undefined) {
        return server;
    }
    return { ...server, deploy: { ...server.deploy, huggingFaceToken: token } };
}

/** Puts Grafana's admin password (a stack secret) into the Prometheus settings. */
function withGrafanaPassword(prometheus: PrometheusArgs | undefined, password: pulumi.Output<string> | undefined) {
    return password === undefined ? prometheus : { ...prometheus, grafanaAdminPassword: password };
}

/**
 * Reads stack config. Values are checked by the component's validation, which names the
 * offending field; here only the required key is enforced.
 */
export function readStackSettings(config: pulumi.Config = new pulumi.Config()): StackSettings {
    return {
        cloud: (config.get("cloud") ?? "generic") as Cloud,
        collection: config.get("collection") as CollectionMode | undefined,
        backend: config.get("backend") as MetricsBackend | undefined,
        keda: config.getObject<KedaArgs>("keda"),
        server: withHuggingFaceToken(config.requireObject<VllmServerArgs>("server"), config.getSecret("huggingFaceToken")),
        autoscaling: config.getObject<AutoscalingArgs>("autoscaling"),
        nodePool: config.getObject<GpuNodePoolArgs>("nodePool"),
        gke: config.getObject<GkeClusterArgs>("gke"),
        eks: config.getObject<EksClusterArgs>("eks"),
        aks: config.getObject<AksClusterArgs>("aks"),
        monitoringNamespace: config.get("monitoringNamespace"),
        prometheus: withGrafanaPassword(config.getObject<PrometheusArgs>("prometheus"), config.getSecret("grafanaAdminPassword")),
        kubeconfig: config.getSecret("kubeconfig"),
        kubeContext: config.get("kubeContext"),
    };
}
