/**
 * The labels and taints the GPU nodes will carry, read from the node pool in the plan (what the
 * cloud is asked to make, plus what the cloud adds itself), or, on a cluster whose GPU nodes the
 * user brings, the contract the stack documents.
 */
import { GPU_PRESENT_LABEL, GPU_TAINT_KEY } from "../../components/vocabulary/gpu";
import { PlannedResource } from "../../harness/mock-engine";
import { Labels, Taint } from "./selectors";

export interface GpuNodeShape {
    /** Where the shape was read from. */
    from: string;
    labels: Labels;
    taints: Taint[];
}

/** Terraform-bridged providers spell effects NO_SCHEDULE; Kubernetes spells them NoSchedule. */
const EFFECTS: Record<string, string> = {
    NO_SCHEDULE: "NoSchedule",
    PREFER_NO_SCHEDULE: "PreferNoSchedule",
    NO_EXECUTE: "NoExecute",
};

/** `key=value:Effect` (AKS nodeTaints) → a Taint. */
function parseTaint(text: string): Taint {
    const m = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(text);
    if (!m) {
        throw new Error(`cannot read the taint ${JSON.stringify(text)}`);
    }
    return { key: m[1], value: m[2], effect: m[3] };
}

/** The shape of the nodes of each GPU pool in a plan (the platform's and models' own), or of the nodes a generic cluster brings. */
export function gpuNodeShapes(plan: readonly PlannedResource[]): GpuNodeShape[] {
    const pools = plan.filter((r) =>
        [
            "gcp:container/nodePool:NodePool",
            "aws:eks/nodeGroup:NodeGroup",
            "azure-native:containerservice:AgentPool",
        ].includes(r.type),
    );
    if (pools.length === 0) {
        return [
            {
                from: "the GPU nodes a generic cluster brings (stacks/Pulumi.kubernetes.yaml)",
                labels: { [GPU_PRESENT_LABEL]: "true" },
                taints: [{ key: GPU_TAINT_KEY, effect: "NoSchedule" }],
            },
        ];
    }
    return pools.map(poolShape);
}

function poolShape(pool: PlannedResource): GpuNodeShape {
    const inputs = pool.inputs as Record<string, any>;
    const from = `${pool.type} ${pool.name}`;
    switch (pool.type) {
        case "gcp:container/nodePool:NodePool": {
            const config = inputs.nodeConfig ?? {};
            const accelerator = config.guestAccelerators?.[0]?.type as string | undefined;
            return {
                from,
                labels: {
                    ...(config.labels ?? {}),
                    ...(accelerator ? { "cloud.google.com/gke-accelerator": accelerator } : {}),
                },
                taints: [
                    ...(
                        (config.taints ?? []) as { key: string; value: string; effect: string }[]
                    ).map((t) => ({ ...t, effect: EFFECTS[t.effect] ?? t.effect })),
                    // GKE taints every GPU pool itself (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#taint).
                    ...(accelerator
                        ? [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]
                        : []),
                ],
            };
        }
        case "aws:eks/nodeGroup:NodeGroup":
            return {
                from,
                labels: inputs.labels ?? {},
                taints: (
                    (inputs.taints ?? []) as { key: string; value?: string; effect: string }[]
                ).map((t) => ({ ...t, effect: EFFECTS[t.effect] ?? t.effect })),
            };
        default:
            return {
                from,
                labels: inputs.nodeLabels ?? {},
                taints: ((inputs.nodeTaints ?? []) as string[]).map(parseTaint),
            };
    }
}
