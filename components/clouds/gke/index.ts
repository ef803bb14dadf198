/**
 * Google Kubernetes Engine: node pools with GKE-installed drivers (GKE runs the device plugin and
 * taints GPU pools itself), Managed Service for Prometheus with GKE's own DCGM exporter by default,
 * pools that autoscale themselves.
 */
import { clusterBlock, CloudModule, ResolvedNodePool } from "../types";
import { requireClusterFields, validatePoolOn } from "../node-pools";
import type { Problems } from "../../problems";
import { GKE_MANAGED_DCGM } from "../../vocabulary/gpu";
import { gkeAcceleratorType, GKE_SPOT_ONLY_MACHINES } from "./machines";
import { COLLECTION_MODES } from "../../vocabulary/choices";
import { createGkeNodePool } from "./node-pool";
import { gkeKubeconfig } from "./kubeconfig";

/** A region (`us-central1`), as opposed to a zone (`us-central1-a`). */
const GKE_REGION = /^[a-z]+-[a-z]+\d+$/;
/** A zone is its region and one letter: us-central1-a. */
const GKE_ZONE = /^([a-z]+-[a-z]+\d+)-[a-z]$/;

/** A machine Compute Engine sells as Spot only (the smaller A3 High) needs `spot: true` to be made at all. */
function validateProvisioning(pool: ResolvedNodePool, path: string, problems: Problems): void {
    const machine = pool.machine?.machineType;
    if (!pool.spot && machine && GKE_SPOT_ONLY_MACHINES.includes(machine)) {
        problems.add(
            `${path}.spot`,
            `${path}.spot is ${pool.spot} but ${machine} (${pool.gpusPerNode} × ${pool.accelerator}) is sold as Spot or Flex-start VMs only: ` +
                `set ${path}.spot: true, or gpusPerNode: 8 for a3-highgpu-8g on demand`,
        );
    }
}

/**
 * The GPU pool's zones: zones (not regions), each once, all in the cluster's region (a node pool
 * lives in its cluster's region; GKE refuses another region's zone only at create).
 */
function validateNodeLocations(
    zones: string[] | undefined,
    location: unknown,
    problems: Problems,
): void {
    const region =
        typeof location === "string"
            ? GKE_REGION.test(location)
                ? location
                : GKE_ZONE.exec(location)?.[1]
            : undefined;
    const seen = new Set<string>();
    (zones ?? []).forEach((zone, i) => {
        const path = `gke.nodeLocations[${i}]`;
        const zoneRegion = GKE_ZONE.exec(zone)?.[1];
        if (zoneRegion === undefined) {
            problems.add(
                path,
                `${path} is ${JSON.stringify(zone)}; it must be a zone such as "us-central1-a"`,
            );
        } else if (seen.has(zone)) {
            problems.add(
                path,
                `${path} is ${JSON.stringify(zone)}, listed twice; list each zone once`,
            );
        } else if (region !== undefined && zoneRegion !== region) {
            problems.add(
                path,
                `${path} is ${JSON.stringify(zone)}, a zone of ${zoneRegion}, but the cluster (gke.location ${JSON.stringify(location)}) ` +
                    `is in ${region}; list zones of ${region}`,
            );
        }
        seen.add(zone);
    });
}

/** The label GKE puts on every GPU node, valued with its accelerator type. */
export const GKE_ACCELERATOR_LABEL = "cloud.google.com/gke-accelerator";

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
    validate(args, needs, problems) {
        if (needs.identity) {
            const why = "the node pool and the adapter's Workload Identity grant need the cluster";
            requireClusterFields(
                "gke",
                args.gke,
                ["project", "location", "clusterName"],
                why,
                problems,
            );
        }
        const location = args.gke?.location;
        if (
            needs.pool &&
            typeof location === "string" &&
            GKE_REGION.test(location) &&
            !args.gke?.nodeLocations?.length
        ) {
            problems.add(
                "gke.nodeLocations",
                `gke.nodeLocations is not set but gke.location ${JSON.stringify(location)} is a region: the GPU pool would take ` +
                    "every zone of it, and GPUs exist only in some zones (https://cloud.google.com/compute/docs/gpus/gpu-regions-zones); " +
                    `list the zones that have the accelerator, e.g. ["${location}-a"]`,
            );
        }
        validateNodeLocations(args.gke?.nodeLocations, location, problems);
    },
    validateNodePool: (pool, given, path, problems) => {
        validatePoolOn("gke", pool, given, path, problems);
        validateProvisioning(pool, path, problems);
    },
    resolveCluster: (_name, args) => ({ cloud: "gke", gke: args.gke }),
    // GKE pool names are at most 40 characters; the provider adds 26 to the prefix.
    cloudPoolName: (owner) => `${owner.slice(0, 13)}-`,
    // GKE labels every GPU node with its accelerator (and not with nvidia.com/gpu.present). Without a
    // pool of ours the type is unknown: no selector; GPU requests and GKE's taint keep pods on GPU nodes.
    gpuNodeSelector: (pool): Record<string, string> =>
        pool ? { [GKE_ACCELERATOR_LABEL]: gkeAcceleratorType(pool.accelerator) } : {},
    extraTolerations: () => [],
    createNodePool: (cluster, pool, opts) =>
        createGkeNodePool(clusterBlock(cluster, "gke"), pool, opts),
    createNodeAutoscaler: () => undefined, // GKE node pools autoscale themselves
    kubeconfig: (args) => args.gke && gkeKubeconfig(args.gke),
};
