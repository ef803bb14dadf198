import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedModel, ResolvedServerDeployment } from "../settings/model";
import type { RolloutStrategy } from "../vocabulary/choices";
import { componentLabels } from "../vocabulary/names";
import { drainCommand, gracePeriodSeconds } from "./drain";
import {
    cacheKeepAliveContainer,
    fetchModelContainer,
    hfTokenEnv,
    hfTokenSecretName,
    modelCacheAnnotations,
    modelCacheServingEnv,
    modelCacheServingMount,
    modelCacheVolume,
} from "./model-cache";

/** Port name of the vLLM container and Service: the OpenAI API and `/metrics` share it. */
export const VLLM_PORT_NAME = "http";

/** RollingUpdate per strategy: `replace` needs no free GPU, `surge` keeps every replica serving. */
const ROLLING_UPDATE: Record<RolloutStrategy, { maxSurge: number; maxUnavailable: number }> = {
    replace: { maxSurge: 0, maxUnavailable: 1 },
    surge: { maxSurge: 1, maxUnavailable: 0 },
};

/** Seconds for a GPU node to join and the ~10 GB image to be pulled before a new pod starts. */
const NODE_AND_IMAGE_SECONDS = 900;

/** A new pod's worst case: an old pod's drain, a node and the image, then the start-up budget. */
export function rolloutSeconds(deploy: ResolvedServerDeployment): number {
    return (
        gracePeriodSeconds(deploy.drainSeconds) +
        NODE_AND_IMAGE_SECONDS +
        deploy.startupTimeoutSeconds
    );
}

/** Pulumi's wait for the Deployment: the rollout's deadline and five minutes, at least 40. */
function rolloutTimeout(deploy: ResolvedServerDeployment): string {
    return `${Math.max(40, Math.ceil(rolloutSeconds(deploy) / 60) + 5)}m`;
}

/**
 * The vLLM server, when the component deploys it: a Deployment (replicas left to the HPA, so
 * `pulumi up` never resets them), a ClusterIP Service, and the Hugging Face token as a Secret.
 * Probes are sized for model loading: the startup probe allows `startupTimeoutSeconds` before
 * liveness takes over, so a large model load is not killed half-way. With the model cache, an init
 * container fetches the weights into the model's directory on the node's disk first, vLLM reads
 * them read-only and offline, and a keep-alive container marks them in use (model-cache.ts). Ready means serving:
 * vLLM's HTTP server, and with it `/health`, starts only once the engine has loaded the model.
 */
export function createVllmServer(
    cfg: ResolvedModel,
    deploy: ResolvedServerDeployment,
    opts: pulumi.CustomResourceOptions,
): {
    deployment: k8s.apps.v1.Deployment;
    service: k8s.core.v1.Service;
    tokenSecretName?: pulumi.Output<string>;
} {
    const { namespace, deploymentName, podLabels, metricsPort } = cfg.server;
    const cacheOwner = { namespace, deploymentName };
    const labels = { ...componentLabels(cfg.name, "vllm"), ...podLabels };
    const token =
        deploy.huggingFaceToken &&
        new k8s.core.v1.Secret(
            `${cfg.name}-hf-token`,
            {
                metadata: { name: hfTokenSecretName(deploymentName), namespace, labels },
                type: "Opaque",
                stringData: { token: pulumi.secret(deploy.huggingFaceToken) },
            },
            opts,
        );
    // The Secret's output name, so the Deployment waits for the Secret.
    const tokenName = token ? token.metadata.name : undefined;
    const health = { httpGet: { path: "/health", port: VLLM_PORT_NAME } };
    const periodSeconds = 10;
    // A saturated vLLM (when the HPA adds replicas) can answer /health late: the kubelet's 1 s
    // default timeout restarted such pods in peers' deployments (llm-d-benchmark#1734 set 15 s,
    // llm-engine#255). Readiness takes a slow pod out of the Service for a while; liveness, which
    // costs a model reload of minutes, restarts only a server silent for 3 minutes.
    const readiness = { periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 3 };
    const liveness = { periodSeconds: 30, timeoutSeconds: 15, failureThreshold: 6 };
    const timeout = rolloutTimeout(deploy);
    const deployment = new k8s.apps.v1.Deployment(
        `${cfg.name}-vllm-server`,
        {
            metadata: { name: deploymentName, namespace, labels },
            spec: {
                selector: { matchLabels: podLabels },
                strategy: {
                    type: "RollingUpdate",
                    rollingUpdate: ROLLING_UPDATE[deploy.strategy],
                },
                // A new pod may wait for a GPU node and the image before its start-up budget runs:
                // Kubernetes' 600 s default would call a healthy rollout failed.
                progressDeadlineSeconds: rolloutSeconds(deploy),
                template: {
                    metadata: {
                        labels,
                        ...(deploy.modelCache ? { annotations: modelCacheAnnotations() } : {}),
                    },
                    spec: {
                        nodeSelector: cfg.gpuNodeSelector,
                        tolerations: cfg.gpuTolerations,
                        initContainers: deploy.modelCache
                            ? [
                                  fetchModelContainer(
                                      deploy.image,
                                      deploy.model,
                                      deploy.modelRevision,
                                      tokenName,
                                      cacheOwner,
                                  ),
                              ]
                            : [],
                        containers: [
                            {
                                name: "vllm",
                                image: deploy.image,
                                args: [
                                    "--model",
                                    deploy.model,
                                    ...(deploy.modelRevision
                                        ? ["--revision", deploy.modelRevision]
                                        : []),
                                    "--port",
                                    String(metricsPort),
                                    ...deploy.extraArgs,
                                ],
                                ports: [
                                    {
                                        name: VLLM_PORT_NAME,
                                        containerPort: metricsPort,
                                        protocol: "TCP",
                                    },
                                ],
                                env: deploy.modelCache
                                    ? modelCacheServingEnv(cacheOwner)
                                    : hfTokenEnv(tokenName),
                                resources: {
                                    requests: {
                                        cpu: deploy.cpu,
                                        memory: deploy.memory,
                                        "nvidia.com/gpu": String(deploy.gpusPerPod),
                                    },
                                    limits: {
                                        memory: deploy.memory,
                                        "nvidia.com/gpu": String(deploy.gpusPerPod),
                                    },
                                },
                                startupProbe: {
                                    ...health,
                                    periodSeconds,
                                    timeoutSeconds: readiness.timeoutSeconds,
                                    failureThreshold: Math.ceil(
                                        deploy.startupTimeoutSeconds / periodSeconds,
                                    ),
                                },
                                readinessProbe: { ...health, ...readiness },
                                livenessProbe: { ...health, ...liveness },
                                volumeMounts: [
                                    { name: "dshm", mountPath: "/dev/shm" },
                                    ...(deploy.modelCache
                                        ? [modelCacheServingMount(cacheOwner)]
                                        : []),
                                ],
                                // Out of the endpoints, then finish what is in flight, before SIGTERM (drain.ts).
                                lifecycle: {
                                    preStop: {
                                        exec: {
                                            command: drainCommand(metricsPort, deploy.drainSeconds),
                                        },
                                    },
                                },
                            },
                            ...(deploy.modelCache
                                ? [cacheKeepAliveContainer(deploy.image, cacheOwner)]
                                : []),
                        ],
                        terminationGracePeriodSeconds: gracePeriodSeconds(deploy.drainSeconds),
                        // vLLM's workers share tensors through /dev/shm; the container default (64Mi) is too small.
                        volumes: [
                            { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "2Gi" } },
                            ...(deploy.modelCache ? [modelCacheVolume()] : []),
                        ],
                    },
                },
            },
        },
        // Pulumi waits for the rollout a little longer than Kubernetes does, so the Deployment's own
        // condition (ProgressDeadlineExceeded) is what a failed rollout reports.
        {
            ...opts,
            customTimeouts: { create: timeout, update: timeout },
        },
    );
    const service = new k8s.core.v1.Service(
        `${cfg.name}-vllm-server`,
        {
            metadata: { name: deploymentName, namespace, labels },
            spec: {
                type: "ClusterIP",
                selector: podLabels,
                ports: [
                    {
                        name: VLLM_PORT_NAME,
                        port: metricsPort,
                        targetPort: VLLM_PORT_NAME,
                        protocol: "TCP",
                    },
                ],
            },
        },
        opts,
    );
    return { deployment, service, tokenSecretName: tokenName };
}
