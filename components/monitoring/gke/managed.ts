import { ResolvedConfig } from "../../config";
import { Pipeline, PipelineOptions } from "../pipeline";
import { createDcgmClusterPodMonitoring, createVllmPodMonitoring, stackdriverMetricName } from "./pod-monitoring";
import { createStackdriverAdapter } from "./stackdriver-adapter";

/**
 * GKE managed collection: Managed Service for Prometheus scrapes vLLM (PodMonitoring) and GKE's
 * managed DCGM exporter (ClusterPodMonitoring); the Custom Metrics Stackdriver Adapter serves the
 * series to the HPA. No Prometheus or prometheus-adapter runs in the cluster.
 */
export function createGkeManagedPipeline(cfg: ResolvedConfig, opts: PipelineOptions): Pipeline {
    createVllmPodMonitoring(cfg, opts.server);
    if (cfg.usesGpuMetrics) {
        createDcgmClusterPodMonitoring(cfg, opts.k8s);
    }
    if (cfg.backend === "stackdriver-adapter") {
        createStackdriverAdapter(cfg, opts.k8s, opts.cloud);
    }
    return { metricName: (m) => stackdriverMetricName(m.metric.managedSeries) };
}
