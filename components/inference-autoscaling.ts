import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CollectionMode, InferenceAutoscalingArgs } from "./args";
import { createDevicePlugin } from "./cloud/device-plugin";
import { createGpuNodePool } from "./cloud/node-pool";
import { ResolvedConfig, resolveConfig } from "./config";
import { Pipeline, PipelineOptions } from "./monitoring/pipeline";
import { withDependsOn } from "./options";
import { createSelfManagedPipeline } from "./monitoring/self-managed";
import { createHpa, hpaMetricSpecs } from "./scaling/hpa";
import { createServerDisruptionBudget } from "./scaling/pdb";
import { createKeda, createScaledObject } from "./scaling/keda/keda";
import { createVllmServer } from "./server/vllm-server";
import { componentLabels, derivedNames } from "./naming";
import { validateArgs } from "./validation";

/**
 * Collection pipelines. The GKE one (and the EKS autoscaler below) load on first use, so a stack
 * loads only its own cloud's SDK modules.
 */
const PIPELINES: Record<CollectionMode, (cfg: ResolvedConfig, opts: PipelineOptions) => Pipeline> = {
    "self-managed": createSelfManagedPipeline,
    "gke-managed": (cfg, opts) =>
        (require("./monitoring/gke/managed") as typeof import("./monitoring/gke/managed")).createGkeManagedPipeline(cfg, opts),
};

/**
 * Makes a vLLM Deployment scale on its own load: adds a GPU node pool (optional), collects vLLM
 * and DCGM GPU metrics, serves them as Kubernetes custom metrics and points a
 * HorizontalPodAutoscaler at them.
 */
export class InferenceAutoscaling extends pulumi.ComponentResource {
    /** The HorizontalPodAutoscaler on the vLLM Deployment (adapter backends). */
    public readonly hpa?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
    /** The KEDA ScaledObject on the vLLM Deployment (`backend: keda`); KEDA makes the HPA from it. */
    public readonly scaledObject?: k8s.apiextensions.CustomResource;
    /** Name of the HPA that scales the server, whichever backend makes it. */
    public readonly hpaName: pulumi.Output<string>;
    /** Names of the metrics the HPA reads from `custom.metrics.k8s.io`. */
    public readonly metricNames: pulumi.Output<string[]>;
    /** The vLLM Deployment, when the component deploys it. */
    public readonly serverDeployment?: k8s.apps.v1.Deployment;
    /** The vLLM Service (OpenAI API on `server.metricsPort`), when the component deploys it. */
    public readonly serverService?: k8s.core.v1.Service;
    /** The GPU node pool, when one was asked for. */
    public readonly nodePool?: pulumi.CustomResource;
    /** Node labels of the GPU nodes: put them in the vLLM pods' nodeSelector. */
    public readonly gpuNodeSelector: pulumi.Output<Record<string, string>>;
    /** Tolerations the vLLM pods need for the GPU nodes' taint. */
    public readonly gpuTolerations: pulumi.Output<k8s.types.output.core.v1.Toleration[]>;
    /** Namespace of the in-cluster monitoring stack; undefined on GKE managed collection. */
    public readonly monitoringNamespace: pulumi.Output<string | undefined>;
    /** URL of the in-cluster Prometheus; undefined on GKE managed collection. */
    public readonly prometheusUrl: pulumi.Output<string | undefined>;

    constructor(name: string, args: InferenceAutoscalingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("inference-autoscaling:index:InferenceAutoscaling", name, {}, opts);
        validateArgs(name, args, this);
        const cfg = resolveConfig(name, args);

        const k8sOpts: pulumi.CustomResourceOptions = { parent: this, provider: args.k8sProvider };
        const cloudOpts: pulumi.CustomResourceOptions = { parent: this };
        this.nodePool = createGpuNodePool(cfg, cloudOpts);
        const gpuNodes = this.nodePool ? [this.nodePool] : [];
        if (cfg.devicePlugin) {
            createDevicePlugin(cfg, withDependsOn(k8sOpts, gpuNodes));
        }
        if (cfg.eks?.clusterAutoscaler && this.nodePool) {
            const { createEksClusterAutoscaler } = require("./cloud/eks-cluster-autoscaler") as typeof import("./cloud/eks-cluster-autoscaler");
            createEksClusterAutoscaler(cfg, this.nodePool, cloudOpts, k8sOpts);
        }
        const serverOpts = withDependsOn(k8sOpts, this.createServerNamespace(cfg, k8sOpts));
        // The server also waits for the GPU pool, so its rollout clock starts when nodes can exist.
        const server = cfg.server.deploy && createVllmServer(cfg, cfg.server.deploy, withDependsOn(serverOpts, gpuNodes));
        const pipeline = PIPELINES[cfg.collection](cfg, { k8s: k8sOpts, server: serverOpts, cloud: cloudOpts, gpuNodes });

        if (cfg.backend === "keda") {
            const keda = cfg.keda.install ? createKeda(cfg, k8sOpts, cloudOpts) : undefined;
            this.scaledObject = createScaledObject(cfg, keda, serverOpts);
        } else {
            this.hpa = createHpa(cfg, hpaMetricSpecs(cfg.autoscaling.metrics, pipeline.metricName), serverOpts);
        }
        this.hpaName = pulumi.output(derivedNames(cfg.name).hpa);
        if (cfg.server.podDisruptionBudget) {
            createServerDisruptionBudget(cfg, serverOpts);
        }
        this.serverDeployment = server?.deployment;
        this.serverService = server?.service;
        this.metricNames = pulumi.output(
            cfg.autoscaling.metrics.map((m) => (cfg.backend === "keda" ? m.metric.name : pipeline.metricName(m))),
        );
        this.gpuNodeSelector = pulumi.output(cfg.gpuNodeSelector);
        this.gpuTolerations = pulumi.output(cfg.gpuTolerations) as pulumi.Output<k8s.types.output.core.v1.Toleration[]>;
        this.monitoringNamespace = pulumi.output(pipeline.monitoringNamespace);
        this.prometheusUrl = pulumi.output(pipeline.prometheusUrl);

        this.registerOutputs({
            hpa: this.hpa,
            scaledObject: this.scaledObject,
            hpaName: this.hpaName,
            metricNames: this.metricNames,
            nodePool: this.nodePool,
            serverDeployment: this.serverDeployment,
            serverService: this.serverService,
            gpuNodeSelector: this.gpuNodeSelector,
            gpuTolerations: this.gpuTolerations,
            monitoringNamespace: this.monitoringNamespace,
            prometheusUrl: this.prometheusUrl,
        });
    }

    /** The server's namespace, when the component deploys the server and owns its namespace. */
    private createServerNamespace(cfg: ResolvedConfig, opts: pulumi.CustomResourceOptions): pulumi.Resource[] {
        if (!cfg.server.deploy?.createNamespace) {
            return [];
        }
        const ns = new k8s.core.v1.Namespace(
            `${cfg.name}-server`,
            { metadata: { name: cfg.server.namespace, labels: componentLabels(cfg.name, "vllm") } },
            opts,
        );
        return [ns];
    }
}
