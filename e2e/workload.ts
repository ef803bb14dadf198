/**
 * What the `kubernetes` stack expects to find already running (stacks/Pulumi.kubernetes.yaml): the
 * seeds' vLLM Deployment, one GPU per pod, scheduled on the GPU pool. Names, labels and the port are
 * read from that stack file, so they are written once.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { DEFAULT_GPU_TOLERATIONS, GPU_PRESENT_LABEL } from "../components/vocabulary/gpu";
import { REPO_ROOT } from "../harness/repo-root";

export interface ServerSettings {
    namespace: string;
    deploymentName: string;
    podLabels: Record<string, string>;
    metricsPort: number;
}

export function stackServer(stack = "kubernetes"): ServerSettings {
    const doc = yaml.load(
        fs.readFileSync(path.join(REPO_ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8"),
    ) as {
        config: Record<string, unknown>;
    };
    return doc.config["inference-autoscaling:server"] as ServerSettings;
}

export function vllmWorkload(server: ServerSettings): object[] {
    return [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: server.namespace } },
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: server.deploymentName, namespace: server.namespace },
            spec: {
                replicas: 1,
                selector: { matchLabels: server.podLabels },
                template: {
                    metadata: { labels: server.podLabels },
                    spec: {
                        nodeSelector: { [GPU_PRESENT_LABEL]: "true" },
                        tolerations: DEFAULT_GPU_TOLERATIONS,
                        containers: [
                            {
                                name: "vllm",
                                image: "vllm/vllm-openai:v0.11.0",
                                ports: [{ name: "http", containerPort: server.metricsPort }],
                                resources: { limits: { "nvidia.com/gpu": "1" } },
                            },
                        ],
                    },
                },
            },
        },
    ];
}
