import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedModel } from "../model/config";
import { componentLabels } from "../vocabulary/names";

/**
 * PodDisruptionBudget for the vLLM pods: node drains (upgrades, autoscaler scale-down) evict one
 * serving pod at a time. `maxUnavailable: 1` rather than `minAvailable`, so a single-replica
 * server never blocks a drain forever.
 */
export function createServerDisruptionBudget(
    cfg: ResolvedModel,
    opts: pulumi.CustomResourceOptions,
): k8s.policy.v1.PodDisruptionBudget {
    const name = `${cfg.name}-vllm`;
    return new k8s.policy.v1.PodDisruptionBudget(
        name,
        {
            metadata: {
                name,
                namespace: cfg.server.namespace,
                labels: componentLabels(cfg.name, "vllm-disruption-budget"),
            },
            spec: { maxUnavailable: 1, selector: { matchLabels: cfg.server.podLabels } },
        },
        opts,
    );
}
