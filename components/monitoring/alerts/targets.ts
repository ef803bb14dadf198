import type { ResolvedModel } from "../../model/config";
import type { ResolvedPlatform } from "../../platform/config";
import type { MetricDefinition } from "../../vocabulary/metrics";
import { derivedNames, hpaNameFor } from "../../vocabulary/names";
import type { MetricsServerTarget, ModelAlertTarget } from "./rules";

/**
 * What a model's alerts look at. `scaledSeries` is the collection mode's PromQL for the series its
 * autoscaler reads for one metric, one or more per pod (labels `namespace` and `pod`).
 */
export function modelAlertTarget(
    model: ResolvedModel,
    scaledSeries: (metric: MetricDefinition) => string,
): ModelAlertTarget {
    return {
        model: model.name,
        namespace: model.server.namespace,
        hpa: hpaNameFor(model.name, model.platform.backend),
        deploymentName: model.server.deploymentName,
        scaledSeries: model.autoscaling.metrics.map((m) => ({
            metric: m.metric.name,
            selector: scaledSeries(m.metric),
        })),
    };
}

/** The KEDA chart's own Deployment names (operator and metrics server), the same whatever the release is called. */
const KEDA_DEPLOYMENTS = ["keda-operator", "keda-operator-metrics-apiserver"];

/**
 * What serves the platform's metrics APIs, for its alerts. The APIService is the one the HPAs of
 * the backend read (as each chart registers it); it is watched only on self-managed collection,
 * where kube-prometheus-stack scrapes the API server. A prometheus-adapter the user runs is
 * watched through its APIService only: its Deployment's name is not known.
 */
export function metricsServerTarget(
    cfg: ResolvedPlatform,
    withApiService: boolean,
): MetricsServerTarget {
    const api = (name: string) => (withApiService ? { apiService: name } : {});
    switch (cfg.backend) {
        case "prometheus-adapter":
            return {
                platform: cfg.name,
                namespace: cfg.monitoringNamespace,
                // The chart's fullname is the release name, which contains the chart's.
                deployments: cfg.adapter.install ? [derivedNames(cfg.name).adapterRelease] : [],
                ...api("v1beta1.custom.metrics.k8s.io"),
            };
        case "keda":
            return {
                platform: cfg.name,
                namespace: cfg.keda.namespace,
                deployments: KEDA_DEPLOYMENTS,
                ...api("v1beta1.external.metrics.k8s.io"),
            };
        case "stackdriver-adapter":
            // GKE managed collection only, where the API server is not scraped. Google's manifest (and
            // the component's copy) names the Deployment after its service account.
            return {
                platform: cfg.name,
                namespace: cfg.stackdriverAdapter.namespace,
                deployments: [cfg.stackdriverAdapter.name],
            };
    }
}
