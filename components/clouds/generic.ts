/**
 * Any conformant cluster whose GPU nodes, driver and device plugin the user brings (labelled
 * `nvidia.com/gpu.present=true`, tainted `nvidia.com/gpu:NoSchedule`): no node pools, no cloud API.
 */
import { GPU_PRESENT_LABEL } from "../vocabulary/gpu";
import type { CloudModule } from "./types";

export const GENERIC: CloudModule = {
    cloud: "generic",
    defaults: {
        collection: "self-managed",
        dcgmExporter: { install: true },
        managedControlPlane: false,
    },
    collections: ["self-managed"],
    devicePluginNeeded: () => false,
    makesNodePools: false,
    validate: () => undefined,
    // Never called: it makes no pools (checkNodePool says so).
    validateNodePool: () => undefined,
    resolveCluster: () => ({ cloud: "generic" }),
    cloudPoolName: (owner) => owner,
    gpuNodeSelector: () => ({ [GPU_PRESENT_LABEL]: "true" }),
    extraTolerations: () => [],
    createNodePool: () => {
        throw new Error("a generic cluster makes no node pools; validation refuses them");
    },
    createNodeAutoscaler: () => undefined,
    kubeconfig: () => undefined,
};
