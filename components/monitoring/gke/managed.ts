import * as pulumi from "@pulumi/pulumi";
import type { ResolvedModel } from "../../settings/model";
import { grantMonitoringViewer } from "../../clouds/gke/workload-identity";
import { clusterBlock } from "../../clouds/types";
import {
    isServerMetric,
    METRIC_CATALOG,
    MetricDefinition,
    readSeries,
    storedSeries,
} from "../../vocabulary/metrics";
import { createAlertRules } from "../alerts/objects";
import { modelAlertGroups, platformAlertGroups } from "../alerts/rules";
import { modelAlertTarget } from "../alerts/targets";
import { BACKENDS } from "../../vocabulary/backends";
import { PipelineModule } from "../pipeline";
import { deploymentPodMatcher } from "../pod-matcher";
import { componentLabels, SCRAPE_LABEL } from "../../vocabulary/names";
import {
    createDcgmClusterPodMonitoring,
    createScalingRules,
    createVllmPodMonitoring,
    recordedSeries,
    stackdriverMetricName,
} from "./pod-monitoring";
import { createStackdriverAdapter } from "./stackdriver-adapter";

/**
 * GKE managed collection: Managed Service for Prometheus scrapes vLLM (a PodMonitoring per model)
 * and GKE's managed DCGM exporter (ClusterPodMonitoring, when GPU metrics are collected); the
 * Custom Metrics Stackdriver Adapter serves the series to the HPA. No Prometheus or
 * prometheus-adapter runs in the cluster.
 */
/** The series a model's scaling reads for `metric`: its own scrape's, which its recorded per-pod series and KEDA's triggers read. */
function scaledSeries(model: ResolvedModel, metric: MetricDefinition): string {
    const own = isServerMetric(metric) ? `,${SCRAPE_LABEL}="${model.name}"` : "";
    return readSeries(
        storedSeries(metric, [metric.managedSeries]),
        `namespace="${model.server.namespace}"${own}`,
    );
}

export const GKE_MANAGED: PipelineModule = {
    createPlatformSide(cfg, opts) {
        if (cfg.gpuMetrics) {
            createDcgmClusterPodMonitoring(cfg, opts.k8s);
        }
        if (cfg.stackdriverAdapter.serves) {
            const project = clusterBlock(cfg.cluster, "gke").project;
            if (cfg.stackdriverAdapter.install) {
                createStackdriverAdapter(cfg, project, opts.k8s, opts.cloud);
            } else {
                // An adapter the cluster already runs reads Cloud Monitoring as its own service account too.
                const { namespace, serviceAccount } = cfg.stackdriverAdapter;
                grantMonitoringViewer(
                    `${cfg.name}-adapter-monitoring-viewer`,
                    project,
                    namespace,
                    serviceAccount,
                    opts.cloud,
                );
            }
        }
        if (cfg.alerts) {
            // ClusterRules: the metrics server runs in another namespace than any model. GKE exports no
            // API server aggregator metrics, so only its Deployment's availability is watched.
            const { apiService: _unwatched, ...server } = opts.metricsServer;
            const groups = platformAlertGroups(server);
            createAlertRules(
                `${cfg.name}-metrics-server-alerts`,
                { apiVersion: "monitoring.googleapis.com/v1", kind: "ClusterRules" },
                componentLabels(cfg.name, "metrics-server-alerts"),
                groups,
                opts.k8s,
            );
        }
        return { prometheusOperator: [] };
    },
    createModelScrape: (model, opts) => {
        createVllmPodMonitoring(model, opts.server);
        // Only the Stackdriver adapter reads the recorded per-pod series; KEDA's triggers and the
        // alerts read the scraped ones, and each recorded sample is billed.
        if (BACKENDS[model.platform.backend].readsRecordedSeries) {
            createScalingRules(model, opts.server);
        }
    },
    // The HPA reads the model's recorded per-pod series (see createScalingRules).
    metricName: (metric) => stackdriverMetricName(recordedSeries(metric)),
    queries(model) {
        // GMP holds every cluster of the project: select this cluster's series too, by location
        // as well, since a cluster's name is unique within its location only.
        const gke = clusterBlock(model.platform.cluster, "gke");
        const pods = deploymentPodMatcher(model.server.deploymentName);
        return pulumi
            .all([gke.project, gke.location, gke.clusterName])
            .apply(([project, location, cluster]) => {
                const selector = `cluster="${cluster}",location="${location}",namespace="${model.server.namespace}",${pods}`;
                // vLLM series of the model's own scrape only; GPU series come from the one ClusterPodMonitoring.
                const own = (metric: MetricDefinition) =>
                    isServerMetric(metric) ? `,${SCRAPE_LABEL}="${model.name}"` : "";
                return {
                    address: `https://monitoring.googleapis.com/v1/projects/${project}/location/global/prometheus`,
                    reads: Object.fromEntries(
                        METRIC_CATALOG.map((metric) => [
                            metric.name,
                            { series: [metric.managedSeries], selector: selector + own(metric) },
                        ]),
                    ),
                };
            });
    },
    createModelAlerts(model, opts) {
        // GMP scopes a Rules object to its namespace and cluster: the model's, where its HPA and pods are.
        const groups = modelAlertGroups(modelAlertTarget(model, (m) => scaledSeries(model, m)));
        const kind = {
            apiVersion: "monitoring.googleapis.com/v1",
            kind: "Rules",
            namespace: model.server.namespace,
        } as const;
        createAlertRules(
            `${model.name}-scaling-alerts`,
            kind,
            componentLabels(model.name, "scaling-alerts"),
            groups,
            opts,
        );
    },
    authorizeReader(platform, name, namespace, serviceAccount, opts) {
        grantMonitoringViewer(
            name,
            clusterBlock(platform.cluster, "gke").project,
            namespace,
            serviceAccount,
            opts,
        );
    },
};
