/**
 * What each collection mode is, as data: the checks, the resolver and the builders read these
 * instead of comparing mode names (monitoring/index.ts is the table of their modules).
 */
import type { CollectionMode } from "./choices";

export interface CollectionFacts {
    /** Its name in a sentence. */
    readonly label: string;
    /**
     * A Prometheus runs in the cluster (the component's kube-prometheus-stack, with Grafana if
     * asked, or yours at `prometheus.url`): what reads PromQL there needs its URL.
     */
    readonly inClusterPrometheus: boolean;
    /**
     * Reading the metrics needs the cluster's cloud identity: its project and location, and a
     * Google identity for the reader (Workload Identity), as Cloud Monitoring does.
     */
    readonly needsCloudIdentity: boolean;
    /**
     * How GPU metrics are turned on: by any DCGM exporter there is (installed or described), or by
     * the platform's `gpuMetrics` (each scraped series is billed). With what a message says to set.
     */
    readonly gpuMetrics:
        | { readonly by: "exporter"; readonly path: "dcgmExporter"; readonly advice: string }
        | { readonly by: "argument"; readonly path: "gpuMetrics"; readonly advice: string };
}

export const COLLECTIONS: Record<CollectionMode, CollectionFacts> = {
    "self-managed": {
        label: "self-managed collection",
        inClusterPrometheus: true,
        needsCloudIdentity: false,
        gpuMetrics: {
            by: "exporter",
            path: "dcgmExporter",
            advice: "dcgmExporter.install is false and dcgmExporter.existing is not set; install the exporter or describe the one you run",
        },
    },
    "gke-managed": {
        label: "GKE managed collection",
        inClusterPrometheus: false,
        needsCloudIdentity: true,
        gpuMetrics: {
            by: "argument",
            path: "gpuMetrics",
            advice: "the platform's gpuMetrics is false; set it to true to scrape GKE's DCGM exporter",
        },
    },
};
