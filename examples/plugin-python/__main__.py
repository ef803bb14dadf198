"""An EKS GPU platform and two autoscaled vLLM models, from Python (examples/plugin-yaml's program).

Checked here without a Pulumi CLI (tests/plugin-python.test.ts): the file compiles, and each
component call, read with `ast`, gives known inputs by their Python names, of the schema.json
types, with the required ones, passes outputs of the right types, and takes the Kubernetes provider
through `providers`. Not checked: no SDK is generated here, so the import of
`pulumi_inference_autoscaling`, the generated signatures and running the program are not.
"""
import pulumi
import pulumi_kubernetes as k8s
import pulumi_inference_autoscaling as inference_autoscaling

config = pulumi.Config()
cluster_name = config.require("clusterName")
subnet_ids = config.require_object("subnetIds")

# Every Kubernetes child of the components takes this provider through `providers`; the node
# pools use the default cloud provider.
cluster = k8s.Provider("cluster", kubeconfig=config.require_secret("kubeconfig"))

platform = inference_autoscaling.InferencePlatform(
    "platform",
    cloud="eks",
    eks={"cluster_name": cluster_name, "subnet_ids": subnet_ids},
    node_pool={"accelerator": "nvidia-l4", "gpus_per_node": 1, "min_nodes": 1, "max_nodes": 4},
    alerts=True,
    opts=pulumi.ResourceOptions(providers=[cluster]),
)

chat = inference_autoscaling.ModelAutoscaler(
    "chat",
    platform=platform.connection,
    server={
        "namespace": "chat",
        "deployment_name": "chat-vllm",
        # Label keys are the user's own: never renamed.
        "pod_labels": {"app": "chat-vllm"},
        "metrics_port": 8000,
    },
    autoscaling={
        "min_replicas": 1,
        "max_replicas": 4,
        "metrics": [
            {"name": "vllm_num_requests_waiting", "target": 5},
            {"name": "vllm_kv_cache_usage_perc", "target": 0.8},
        ],
    },
    opts=pulumi.ResourceOptions(providers=[cluster]),
)

# A second model on the same platform, deployed by the component (vLLM serving a model from
# Hugging Face); no autoscaling block, so the default metrics.
embed = inference_autoscaling.ModelAutoscaler(
    "embed",
    platform=platform.connection,
    server={
        "namespace": "embed",
        "deployment_name": "embed-vllm",
        "pod_labels": {"app": "embed-vllm"},
        "engine": "vllm",
        "deploy": {"model": "Qwen/Qwen3-0.6B"},
    },
    opts=pulumi.ResourceOptions(providers=[cluster]),
)

pulumi.export("chatHpa", chat.hpa_name)
pulumi.export("chatMetrics", chat.metric_names)
pulumi.export("embedHpa", embed.hpa_name)
pulumi.export("prometheusUrl", platform.prometheus_url)
