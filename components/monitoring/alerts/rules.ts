/**
 * Alert rules on the scaling loop itself, as Prometheus rule groups: the same groups go into a
 * PrometheusRule (self-managed collection) or a GMP `Rules`/`ClusterRules` (GKE managed collection).
 *
 * Every series they read is kube-state-metrics' (kubernetes/kube-state-metrics
 * `docs/metrics/workload/horizontalpodautoscaler-metrics.md`, `pod-metrics.md`,
 * `deployment-metrics.md`), the model's own scaled series, or the API server's
 * `aggregator_unavailable_apiservice{name}` (kube-aggregator). GKE's managed kube-state-metrics
 * exports a subset: its HPA, Deployment and Pod packages hold every kube-state-metrics series used
 * here except `kube_pod_status_ready`, so readiness is read from `kube_pod_container_status_ready`,
 * which both export; the API server's aggregator metrics are not among GKE's exported ones, so the
 * API-availability alert exists on self-managed collection only.
 */
import { deploymentPodMatcher } from "../pod-matcher";

/** How long each condition must last before its alert fires, and how often the rules run: the one place to tune them. */
export const ALERT_TIMING = {
    /** Evaluation interval of the alert groups: kube-state-metrics is scraped every 30 s (GKE samples every 30 s). */
    interval: "30s",
    /** A broken signal (HPA blind, metric missing, metrics server down): long enough to ride out a restart or a scrape miss. */
    broken: "5m",
    /** "At maxReplicas for N minutes": longer than a burst the HPA's scale-down window (5 min) absorbs. */
    atMax: "15m",
    /** A server pod Pending: a GPU node takes several minutes to join, an image pull (~10 GB for vLLM) several more. */
    pending: "15m",
} as const;

export interface AlertRule {
    alert: string;
    expr: string;
    for: string;
    labels: Record<string, string>;
    annotations: { summary: string; description: string; runbook: string };
}

export interface AlertGroup {
    name: string;
    interval: string;
    rules: AlertRule[];
}

/** What a model's alerts look at: its HPA, its Deployment's pods and the series its autoscaler reads. */
export interface ModelAlertTarget {
    readonly model: string;
    readonly namespace: string;
    readonly hpa: string;
    readonly deploymentName: string;
    /** Per metric the model scales on: its catalog name and the PromQL selecting its series, one or more per pod. */
    readonly scaledSeries: readonly { readonly metric: string; readonly selector: string }[];
}

/** What serves the metrics APIs: its Deployments and, where the API server is scraped, its APIService. */
export interface MetricsServerTarget {
    readonly platform: string;
    readonly namespace: string;
    readonly deployments: readonly string[];
    /** The APIService it registers, when the API server's own metrics are collected (self-managed). */
    readonly apiService?: string;
}

/** One alert; `runbook` is the first thing to do (docs/operations.md, "Runbook: scaling-loop alerts", has the rest). */
function alert(
    name: string,
    expr: string,
    duration: string,
    labels: Record<string, string>,
    summary: string,
    description: string,
    runbook: string,
): AlertRule {
    return {
        alert: name,
        expr,
        for: duration,
        labels,
        annotations: { summary, description, runbook },
    };
}

/** The alerts on one model's scaling loop. */
export function modelAlertGroups(t: ModelAlertTarget): AlertGroup[] {
    const hpa = `namespace="${t.namespace}",horizontalpodautoscaler="${t.hpa}"`;
    const pods = `namespace="${t.namespace}",${deploymentPodMatcher(t.deploymentName)}`;
    const onHpa = "on (namespace, horizontalpodautoscaler)";
    const labels = (severity: string) => ({ severity, model: t.model });
    const where = `HPA ${t.namespace}/${t.hpa} (model ${t.model})`;
    // A pod counts as ready when every container is: GKE exports no kube_pod_status_ready.
    const readyPods = `min by (namespace, pod) (kube_pod_container_status_ready{${pods}}) == 1`;
    return [
        {
            name: `inference-autoscaling-${t.model}`,
            interval: ALERT_TIMING.interval,
            rules: [
                alert(
                    "InferenceHpaMetricsUnavailable",
                    // At zero replicas (KEDA scaled to zero) the HPA reports ScalingActive false by design.
                    `kube_horizontalpodautoscaler_status_condition{${hpa},condition="ScalingActive",status="false"} == 1 ` +
                        `unless ${onHpa} kube_horizontalpodautoscaler_status_current_replicas{${hpa}} == 0`,
                    ALERT_TIMING.broken,
                    labels("critical"),
                    `${where} cannot read its metrics`,
                    `ScalingActive is false on ${where}: it cannot compute a replica count and holds the current one whatever the load.`,
                    `kubectl -n ${t.namespace} describe hpa ${t.hpa}; then check the metrics server (InferenceMetricsServerDown) and the scaled series (InferenceScalingMetricAbsent).`,
                ),
                alert(
                    "InferenceHpaAtMaxReplicas",
                    `kube_horizontalpodautoscaler_status_current_replicas{${hpa}} >= ${onHpa} kube_horizontalpodautoscaler_spec_max_replicas{${hpa}} ` +
                        `and ${onHpa} kube_horizontalpodautoscaler_spec_max_replicas{${hpa}} > ${onHpa} kube_horizontalpodautoscaler_spec_min_replicas{${hpa}}`,
                    ALERT_TIMING.atMax,
                    labels("warning"),
                    `${where} has run at maxReplicas for ${ALERT_TIMING.atMax}`,
                    `${where} wants more replicas than maxReplicas allows: requests queue and latency grows.`,
                    `Raise autoscaling.maxReplicas (and the GPU pool's maxNodes), or check whether a target is set too low.`,
                ),
                ...t.scaledSeries.map((s) =>
                    alert(
                        "InferenceScalingMetricAbsent",
                        `(${readyPods}) unless on (namespace, pod) (${s.selector})`,
                        ALERT_TIMING.broken,
                        { ...labels("warning"), metric: s.metric },
                        `Ready pod {{ $labels.pod }} of model ${t.model} reports no ${s.metric}`,
                        `The autoscaler reads ${s.metric} per pod; a ready pod without it is invisible to scaling (the HPA scales on the pods it sees).`,
                        `Check the pod's /metrics and the model's scrape target (ServiceMonitor or PodMonitoring); for GPU metrics, the DCGM exporter on the pod's node.`,
                    ),
                ),
                alert(
                    "InferenceServerPodsUnschedulable",
                    `max by (namespace, pod) (kube_pod_status_unschedulable{${pods}}) == 1`,
                    ALERT_TIMING.pending,
                    labels("warning"),
                    `Server pod {{ $labels.pod }} of model ${t.model} cannot be scheduled`,
                    `The scheduler finds no node for {{ $labels.pod }} (no free GPU, or no node matching its selector and tolerations) and no node has been added for ${ALERT_TIMING.pending}.`,
                    `kubectl -n ${t.namespace} describe pod {{ $labels.pod }}; check the node autoscaler, the GPU pool's maxNodes and the cloud's GPU quota.`,
                ),
                alert(
                    "InferenceServerPodsPending",
                    `(max by (namespace, pod) (kube_pod_status_phase{${pods},phase="Pending"}) == 1) ` +
                        `unless on (namespace, pod) (kube_pod_status_unschedulable{${pods}} == 1)`,
                    ALERT_TIMING.pending,
                    labels("warning"),
                    `Server pod {{ $labels.pod }} of model ${t.model} is scheduled but has not started`,
                    `{{ $labels.pod }} has a node but stays Pending: its image, volumes or secrets cannot be got.`,
                    `kubectl -n ${t.namespace} describe pod {{ $labels.pod }}; look for image pull and mount errors in its events.`,
                ),
            ],
        },
    ];
}

/** The alerts on the platform's metrics server (prometheus-adapter, the Stackdriver adapter or KEDA). */
export function platformAlertGroups(t: MetricsServerTarget): AlertGroup[] {
    const labels = { severity: "critical", platform: t.platform };
    const deployments = t.deployments.length > 0 ? [deploymentsDown(t, labels)] : [];
    const api = t.apiService ? [apiServiceUnavailable(t.apiService, labels)] : [];
    const rules = [...deployments, ...api];
    return rules.length > 0
        ? [
              {
                  name: `inference-autoscaling-${t.platform}-metrics-server`,
                  interval: ALERT_TIMING.interval,
                  rules,
              },
          ]
        : [];
}

function deploymentsDown(t: MetricsServerTarget, labels: Record<string, string>): AlertRule {
    const names = t.deployments.join("|");
    return alert(
        "InferenceMetricsServerDown",
        `kube_deployment_status_replicas_available{namespace="${t.namespace}",deployment=~"${names}"} < 1`,
        ALERT_TIMING.broken,
        labels,
        `Metrics server {{ $labels.namespace }}/{{ $labels.deployment }} has no available replica`,
        "Every HPA or ScaledObject of the platform reads its metrics through this Deployment: none can scale while it is down.",
        `kubectl -n ${t.namespace} get pods; kubectl -n ${t.namespace} logs deploy/{{ $labels.deployment }}`,
    );
}

function apiServiceUnavailable(apiService: string, labels: Record<string, string>): AlertRule {
    return alert(
        "InferenceMetricsApiUnavailable",
        // Every API server replica reports the gauge: unavailable on any of them breaks the HPAs it serves.
        `max by (name) (aggregator_unavailable_apiservice{name="${apiService}"}) == 1`,
        ALERT_TIMING.broken,
        labels,
        `APIService ${apiService} is unavailable`,
        `The API server cannot reach the server behind ${apiService}: the HPAs get no metrics though its pods may be running.`,
        `kubectl get apiservice ${apiService} -o yaml (status.conditions says why: Service, endpoints, TLS or network policy).`,
    );
}
