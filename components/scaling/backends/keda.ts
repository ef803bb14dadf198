/** KEDA: a ScaledObject per model, from which KEDA makes the HPA and serves its external metrics. */
import { createKeda, createScaledObject } from "../keda/keda";
import type { BackendModule } from "./types";

/** The KEDA chart's own Deployment names (operator and metrics server), the same whatever the release is called. */
const KEDA_DEPLOYMENTS = ["keda-operator", "keda-operator-metrics-apiserver"];

export const KEDA: BackendModule = {
    // Never the adapter backends' HPA name: see scaling/backend-handover.ts.
    hpaName: (names) => names.kedaHpa,
    installsServer: (cfg) => cfg.keda.install,
    metricsServer: (cfg) => ({
        platform: cfg.name,
        namespace: cfg.keda.namespace,
        deployments: KEDA_DEPLOYMENTS,
        apiService: "v1beta1.external.metrics.k8s.io",
    }),
    createPlatformSide(cfg, opts) {
        const release = createKeda(cfg, opts.k8s, opts.cloud);
        return release ? [release] : [];
    },
    createAutoscaler: (model, _pipeline, opts) => ({
        scaledObject: createScaledObject(model, opts),
        // KEDA serves each trigger under the catalog's name.
        metricNames: model.autoscaling.metrics.map((m) => m.metric.name),
    }),
};
