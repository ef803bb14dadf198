/**
 * A platform team's own Pulumi project using the package: scale an existing vLLM Deployment on
 * an EKS cluster, with a GPU node group and the self-managed metrics pipeline, and a second model
 * on the same platform with its own A10G node group.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { InferenceAutoscaling, METRIC_CATALOG, ModelAutoscaler } from "inference-autoscaling";
import { eksKubeconfig } from "inference-autoscaling/kubeconfig/eks";

const config = new pulumi.Config();
const cluster = {
    clusterName: config.require("clusterName"),
    subnetIds: config.requireObject<string[]>("subnetIds"),
};
// A kubeconfig built from the existing cluster (a secret), authenticating with `aws eks get-token`.
const k8sProvider = new k8s.Provider("cluster", { kubeconfig: eksKubeconfig(cluster) });
// The components' Kubernetes children take it from `providers`; the node groups use the default AWS provider.
const opts = { providers: [k8sProvider] };

const scaling = new InferenceAutoscaling(
    "chat",
    {
        cloud: "eks",
        eks: cluster,
        nodePool: { accelerator: "nvidia-l4", gpusPerNode: 1, minNodes: 1, maxNodes: 4 },
        server: {
            namespace: "chat",
            deploymentName: "chat-vllm",
            podLabels: { app: "chat-vllm" },
            metricsPort: 8000,
        },
        autoscaling: {
            minReplicas: 1,
            maxReplicas: 4,
            metrics: [
                { name: "vllm_num_requests_waiting", target: 5 },
                { name: "vllm_kv_cache_usage_perc", target: 0.8 },
            ],
        },
    },
    opts,
);

const embeddings = new ModelAutoscaler(
    "embed",
    {
        platform: scaling.connection,
        nodePool: { accelerator: "nvidia-a10g", maxNodes: 2 },
        server: {
            namespace: "embed",
            deploymentName: "embed-vllm",
            podLabels: { app: "embed-vllm" },
            metricsPort: 8000,
            deploy: { model: "Qwen/Qwen3-0.6B" },
        },
    },
    opts,
);

export const hpa = scaling.hpaName;
export const embeddingsHpa = embeddings.hpaName;
export const metrics = scaling.metricNames;
export const catalog = METRIC_CATALOG.map((m) => m.name);
