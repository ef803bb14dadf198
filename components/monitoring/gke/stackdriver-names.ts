/**
 * The Custom Metrics Stackdriver Adapter as Google's manifest names it: its image, and where an
 * adapter the cluster already runs is assumed to be unless told otherwise. The component installs
 * its own in `<name>-custom-metrics` (vocabulary/names.ts), under the same names, but for its
 * service account, which is tagged with the cluster (gke/cluster-identity.ts).
 */
export const STACKDRIVER_ADAPTER = {
    image: "gcr.io/gke-release/custom-metrics-stackdriver-adapter:v0.16.9-gke.0",
    namespace: "custom-metrics",
    serviceAccount: "custom-metrics-stackdriver-adapter",
} as const;
