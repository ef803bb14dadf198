import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedModel } from "../settings/model";
import { componentLabels } from "../vocabulary/names";

/**
 * PodDisruptionBudget for the vLLM pods: node drains (upgrades, autoscaler scale-down) evict one
 * serving pod at a time. `maxUnavailable: 1` rather than `minAvailable: 1`: with two or more
 * replicas it keeps all but one serving (minAvailable 1 would let a drain take all but one), and
 * a single-replica server never blocks a drain forever; that one replica goes down on node
 * maintenance, which docs/operations.md says.
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
