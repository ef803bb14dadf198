/** prometheus-adapter: an HPA on the custom metrics the adapter serves from the in-cluster Prometheus. */
import { createHpa, hpaMetricSpecs } from "../hpa";
import type { BackendModule } from "./types";

export const PROMETHEUS_ADAPTER: BackendModule = {
    hpaName: (names) => names.hpa,
    installsServer: (cfg) => cfg.adapter.install,
    metricsServer: (cfg) => ({
        platform: cfg.name,
        namespace: cfg.monitoringNamespace,
        // The chart's fullname is the release name, which contains the chart's. One the user runs is
        // watched through its APIService only: its Deployment's name is not known.
        deployments: cfg.adapter.install ? [cfg.names.adapterRelease] : [],
        apiService: "v1beta1.custom.metrics.k8s.io",
    }),
    // The self-managed collection installs the adapter beside its Prometheus (monitoring/self-managed.ts).
    createPlatformSide: () => [],
    createAutoscaler: (model, pipeline, opts) => adapterHpa(model, pipeline, opts),
};

/** The adapter backends' autoscaling: an HPA reading each metric under the name the adapter serves. */
export function adapterHpa(
    ...[model, pipeline, opts]: Parameters<BackendModule["createAutoscaler"]>
): ReturnType<BackendModule["createAutoscaler"]> {
    return {
        hpa: createHpa(
            model,
            hpaMetricSpecs(model.autoscaling.metrics, (m) => pipeline.metricName(m.metric)),
            opts,
        ),
        metricNames: model.autoscaling.metrics.map((m) => pipeline.metricName(m.metric)),
    };
}
