/**
 * The Custom Metrics Stackdriver Adapter: an HPA on the custom metrics the adapter serves from Cloud
 * Monitoring, where GKE's managed collection writes. The managed collection installs the adapter
 * (monitoring/gke/managed.ts).
 */
import { adapterHpa } from "./prometheus-adapter";
import type { BackendModule } from "./types";

export const STACKDRIVER_ADAPTER_BACKEND: BackendModule = {
    hpaName: (names) => names.hpa,
    installsServer: (cfg) => cfg.stackdriverAdapter.install,
    // Google's manifest (and the component's copy) names the Deployment after its service account.
    metricsServer: (cfg) => ({
        platform: cfg.name,
        namespace: cfg.stackdriverAdapter.namespace,
        deployments: [cfg.stackdriverAdapter.name],
        apiService: "v1beta1.custom.metrics.k8s.io",
    }),
    createPlatformSide: () => [],
    createAutoscaler: adapterHpa,
};
