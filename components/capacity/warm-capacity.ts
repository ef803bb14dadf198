/**
 * Warm GPU headroom: placeholder pods that hold whole GPU nodes at a priority below every real
 * workload. The node autoscaler (GKE's and AKS's own, Cluster Autoscaler on EKS) keeps nodes up
 * for them as for any pending pod; a vLLM pod that finds no free GPU preempts one at once, and
 * the placeholder's replacement, pending again, brings the next node up in the background.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { componentLabels } from "../vocabulary/names";
import { PAUSE_IMAGE, PAUSE_RESOURCES, SKIP_AWAIT } from "../vocabulary/pause";
import { PLACEHOLDER_PRIORITY } from "../vocabulary/priority";

/** Where the headroom sits and how much: the GPU nodes of one pool (or those the cluster brings). */
export interface WarmCapacityTarget {
    /** The component that owns the nodes (the platform, or a model with its own pool): names derive from it. */
    readonly owner: string;
    /** GPUs to keep free: a multiple of `gpusPerNode` (validation says so). */
    readonly gpus: number;
    /** GPUs each node holds: one placeholder takes them all. */
    readonly gpusPerNode: number;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tolerations: readonly k8s.types.input.core.v1.Toleration[];
}

/** What holds the headroom. */
export interface WarmCapacityParts {
    readonly namespace: k8s.core.v1.Namespace;
    readonly priorityClass: k8s.scheduling.v1.PriorityClass;
    readonly placeholders: k8s.apps.v1.Deployment;
}

/** Name of an owner's placeholder objects (namespace, PriorityClass, Deployment). */
export const warmCapacityName = (owner: string) => `${owner}-warm-capacity`;

/** Makes the placeholders for `target`, or nothing when it asks for no GPUs. */
export function createWarmCapacity(
    target: WarmCapacityTarget,
    opts: pulumi.CustomResourceOptions,
): WarmCapacityParts | undefined {
    if (target.gpus === 0) {
        return undefined;
    }
    const name = warmCapacityName(target.owner);
    const labels = componentLabels(target.owner, "warm-capacity");
    const namespace = new k8s.core.v1.Namespace(name, { metadata: { name, labels } }, opts);
    const priorityClass = new k8s.scheduling.v1.PriorityClass(
        name,
        {
            metadata: { name, labels },
            value: PLACEHOLDER_PRIORITY,
            // Placeholders never push anything out; they are the ones pushed out.
            preemptionPolicy: "Never",
            globalDefault: false,
            description: "Placeholder pods holding warm GPU nodes; every workload preempts them.",
        },
        opts,
    );
    const gpus = String(target.gpusPerNode);
    const selector = {
        "app.kubernetes.io/name": labels["app.kubernetes.io/name"],
        "app.kubernetes.io/instance": target.owner,
    };
    const placeholders = new k8s.apps.v1.Deployment(
        name,
        {
            metadata: { name, namespace: namespace.metadata.name, labels, annotations: SKIP_AWAIT },
            spec: {
                replicas: target.gpus / target.gpusPerNode,
                selector: { matchLabels: selector },
                // A rolling update would surge one more placeholder, and so one more GPU node, for nothing.
                strategy: { type: "Recreate" },
                template: {
                    metadata: { labels },
                    spec: {
                        priorityClassName: priorityClass.metadata.name,
                        nodeSelector: { ...target.nodeSelector },
                        tolerations: [...target.tolerations],
                        // A preempted placeholder should free its GPUs now, not after a grace period.
                        terminationGracePeriodSeconds: 0,
                        automountServiceAccountToken: false,
                        containers: [
                            {
                                name: "pause",
                                image: PAUSE_IMAGE,
                                resources: {
                                    requests: {
                                        ...PAUSE_RESOURCES.requests,
                                        "nvidia.com/gpu": gpus,
                                    },
                                    limits: { ...PAUSE_RESOURCES.limits, "nvidia.com/gpu": gpus },
                                },
                            },
                        ],
                    },
                },
            },
        },
        opts,
    );
    return { namespace, priorityClass, placeholders };
}
