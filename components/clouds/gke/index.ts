/**
 * Google Kubernetes Engine: node pools with GKE-installed drivers (GKE runs the device plugin and
 * taints GPU pools itself), Managed Service for Prometheus with GKE's own DCGM exporter by default,
 * pools that autoscale themselves.
 */
import { clusterBlock, CloudModule } from "../types";
import { requireClusterFields, validatePoolOn } from "../node-pools";
import { GKE_MANAGED_DCGM } from "../../vocabulary/gpu";
import { COLLECTION_MODES } from "../../vocabulary/choices";
import { createGkeNodePool } from "./node-pool";
import { gkeKubeconfig } from "./kubeconfig";


export const GKE: CloudModule = {
    cloud: "gke",
    defaults: {
        collection: "gke-managed",
        dcgmExporter: { install: false, existing: GKE_MANAGED_DCGM },
        managedControlPlane: true,
    },
    collections: COLLECTION_MODES,
    devicePluginNeeded: () => false,
    makesNodePools: true,
    validate(args, needsPool, problems) {
        const managed = (args.collection ?? GKE.defaults.collection) === "gke-managed";
        if (needsPool || managed) {
            const why = "the node pool and the adapter's Workload Identity grant need the cluster";
            requireClusterFields("gke", args.gke, ["project", "location", "clusterName"], why, problems);
        }
    },
    validateNodePool: (pool, path, problems) => validatePoolOn("gke", pool, path, problems),
    resolveCluster: (_name, args) => ({ cloud: "gke", gke: args.gke }),
    // GKE pool names are at most 40 characters; the provider adds 26 to the prefix.
    cloudPoolName: (owner) => `${owner.slice(0, 13)}-`,
    extraTolerations: () => [],
    createNodePool: (cluster, pool, opts) => createGkeNodePool(clusterBlock(cluster, "gke"), pool, opts),
    createNodeAutoscaler: () => undefined, // GKE node pools autoscale themselves
    kubeconfig: (args) => args.gke && gkeKubeconfig(args.gke),
};
