/**
 * Image pre-pull: a DaemonSet on a model's GPU nodes whose init container is the vLLM image
 * doing nothing, so every such node holds the image (~10 GB, minutes to pull) before a server pod
 * needs it; a tiny pause container then keeps the pod on the node, and with it the finished init
 * container, whose image the kubelet's image garbage collection counts as in use (kubelet
 * `detectImages` lists every container, exited ones included).
 *
 * The portable mechanism, used on every cloud: GKE image streaming and secondary boot disks, or
 * a node image with the image baked in, need cluster- or pool-level settings the component does
 * not own. It helps most with warm headroom: a placeholder's node already has the image when a
 * server pod preempts it. With the model cache, a second init container fetches the weights into
 * the model's directory on the node's disk too (server/model-cache.ts), so that server pod also
 * skips the download, and the pod's container is then the cache's keep-alive instead of pause: it
 * marks the directory in use for as long as the DaemonSet runs there, so another model's fetch
 * never clears weights kept ready for this one (and it keeps the image in use just the same).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedModel, ResolvedServerDeployment } from "../settings/model";
import {
    cacheKeepAliveContainer,
    fetchModelContainer,
    modelCacheVolume,
} from "../server/model-cache";
import { componentLabels } from "../vocabulary/names";
import { PAUSE_IMAGE, PAUSE_RESOURCES, SKIP_AWAIT } from "../vocabulary/pause";

/** Name of a model's pre-pull DaemonSet. */
export const imagePrePullName = (model: string) => `${model}-image-prepull`;

/**
 * The DaemonSet for the image `deploy` runs, on the nodes the model's server selects. Needs a node
 * selector: without one (GPU nodes GKE made outside the component) it would pull ~10 GB onto
 * every node of the cluster, so none is made and the caller is told.
 */
export function createImagePrePull(
    cfg: ResolvedModel,
    deploy: ResolvedServerDeployment,
    opts: pulumi.CustomResourceOptions,
    tokenSecretName?: pulumi.Input<string>,
): k8s.apps.v1.DaemonSet | undefined {
    if (Object.keys(cfg.gpuNodeSelector).length === 0) {
        return undefined;
    }
    const name = imagePrePullName(cfg.name);
    const cacheOwner = {
        namespace: cfg.server.namespace,
        deploymentName: cfg.server.deploymentName,
    };
    const labels = componentLabels(cfg.name, "image-prepull");
    const selector = {
        "app.kubernetes.io/name": labels["app.kubernetes.io/name"],
        "app.kubernetes.io/instance": cfg.name,
    };
    return new k8s.apps.v1.DaemonSet(
        name,
        {
            metadata: { name, namespace: cfg.server.namespace, labels, annotations: SKIP_AWAIT },
            spec: {
                selector: { matchLabels: selector },
                // A new image is pulled on every node at once, not one node after another.
                updateStrategy: {
                    type: "RollingUpdate",
                    rollingUpdate: { maxUnavailable: "100%" },
                },
                template: {
                    metadata: { labels },
                    spec: {
                        nodeSelector: cfg.gpuNodeSelector,
                        tolerations: cfg.gpuTolerations,
                        automountServiceAccountToken: false,
                        terminationGracePeriodSeconds: 0,
                        initContainers: [
                            {
                                name: "pull",
                                image: deploy.image,
                                imagePullPolicy: "IfNotPresent",
                                // The image's entrypoint starts vLLM (python3 -m vllm.entrypoints.openai.api_server);
                                // `true` (coreutils, in its Ubuntu base) only proves the image is here.
                                command: ["true"],
                                resources: PAUSE_RESOURCES,
                            },
                            ...(deploy.modelCache
                                ? [
                                      fetchModelContainer(
                                          deploy.image,
                                          deploy.model,
                                          deploy.modelRevision,
                                          tokenSecretName,
                                          cacheOwner,
                                      ),
                                  ]
                                : []),
                        ],
                        containers: [
                            deploy.modelCache
                                ? cacheKeepAliveContainer(deploy.image, cacheOwner)
                                : { name: "pause", image: PAUSE_IMAGE, resources: PAUSE_RESOURCES },
                        ],
                        volumes: deploy.modelCache ? [modelCacheVolume()] : [],
                    },
                },
            },
        },
        opts,
    );
}
