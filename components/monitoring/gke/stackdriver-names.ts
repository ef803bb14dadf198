/**
 * Where the Custom Metrics Stackdriver Adapter runs: Google's manifest's names, which the component
 * uses when it installs the adapter and assumes for one already running unless told otherwise.
 */
export const STACKDRIVER_ADAPTER = {
    image: "gcr.io/gke-release/custom-metrics-stackdriver-adapter:v0.16.9-gke.0",
    namespace: "custom-metrics",
    serviceAccount: "custom-metrics-stackdriver-adapter",
} as const;
