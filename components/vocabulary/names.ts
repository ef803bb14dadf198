/**
 * Names derived from the component's name: the single source for every name that one object
 * uses to find another (release names, chart fullnames, Service names, URLs, labels).
 */

/**
 * Longest component name. kube-prometheus-stack cuts its fullname to 26 characters; keeping
 * `<name>-kps` within that keeps the Prometheus Service name we derive equal to the one the chart makes.
 */
export const MAX_COMPONENT_NAME_LENGTH = 22;

export interface DerivedNames {
    readonly prometheusRelease: string;
    /** `fullnameOverride` of kube-prometheus-stack: prefix of the objects it creates. */
    readonly prometheusFullname: string;
    /** Service the chart creates for Prometheus (port 9090). */
    readonly prometheusService: string;
    readonly dcgmRelease: string;
    readonly adapterRelease: string;
    readonly devicePluginRelease: string;
    readonly kedaRelease: string;
    readonly vllmMetricsService: string;
    readonly dcgmMetricsService: string;
    readonly gpuRule: string;
    /**
     * The adapter backends' HPA, and the Pulumi name of a model's autoscaler object (HPA or
     * ScaledObject), which stays the same across backends (see scaling/backend-handover.ts).
     */
    readonly hpa: string;
    /**
     * The ScaledObject, and the HPA KEDA makes from it: never the adapter HPA's name, so switching
     * back from KEDA never meets KEDA's HPA still waiting for garbage collection under our name.
     */
    readonly kedaHpa: string;
    /**
     * Namespaces of the shared parts the component installs. Prefixed with its name, so they cannot
     * collide with a `monitoring`, `keda` or Google's `custom-metrics` namespace the cluster already
     * has (each of those is the default only where the part is brought instead of installed).
     */
    readonly monitoringNamespace: string;
    readonly kedaNamespace: string;
    readonly stackdriverAdapterNamespace: string;
}

/** Where shared parts the component does not install usually run: their projects' own defaults. */
export const EXISTING_NAMESPACES = { monitoring: "monitoring", keda: "keda" } as const;

/** KEDA's chart's name for its operator's service account (values.yaml `serviceAccount.operator.name`). */
export const KEDA_OPERATOR_SERVICE_ACCOUNT = "keda-operator";

export function derivedNames(name: string): DerivedNames {
    const prometheusFullname = `${name}-kps`;
    return {
        prometheusRelease: `${name}-prometheus`,
        prometheusFullname,
        prometheusService: `${prometheusFullname}-prometheus`,
        // The dcgm-exporter chart uses the release name as fullname when it contains "dcgm-exporter".
        dcgmRelease: `${name}-dcgm-exporter`,
        adapterRelease: `${name}-prometheus-adapter`,
        devicePluginRelease: `${name}-nvidia-device-plugin`,
        kedaRelease: `${name}-keda`,
        vllmMetricsService: `${name}-vllm-metrics`,
        dcgmMetricsService: `${name}-dcgm-metrics`,
        gpuRule: `${name}-gpu-utilization`,
        hpa: `${name}-vllm`,
        kedaHpa: `${name}-vllm-keda`,
        monitoringNamespace: `${name}-monitoring`,
        kedaNamespace: `${name}-keda`,
        stackdriverAdapterNamespace: `${name}-custom-metrics`,
    };
}

/**
 * Label the component's own scrape of a model's pods puts on every series, naming the model: the
 * autoscaling queries read only series that carry it, so another monitor scraping the same pods
 * (a team's own ServiceMonitor, say) cannot double the values.
 */
export const SCRAPE_LABEL = "inference_autoscaling_model";

/**
 * Label telling a model's two scrapes of the same pods apart (`scaling`: the scaled series only;
 * `full`: the rest of the page). Without it both would make `up` and `scrape_*` series with the
 * same labels; no series of the page itself is scraped by both.
 */
export const SCRAPE_PATH_LABEL = "inference_autoscaling_scrape";

/** Labels on every Kubernetes object the component creates. */
export function componentLabels(name: string, part: string): Record<string, string> {
    return {
        "app.kubernetes.io/name": part,
        "app.kubernetes.io/instance": name,
        "app.kubernetes.io/part-of": "inference-autoscaling",
        "app.kubernetes.io/managed-by": "pulumi",
    };
}

/** Labels the dcgm-exporter chart puts on its pods (its selector labels). */
export function dcgmExporterPodLabels(releaseName: string): Record<string, string> {
    return {
        "app.kubernetes.io/name": "dcgm-exporter",
        "app.kubernetes.io/instance": releaseName,
    };
}

/**
 * The port the metrics servers (prometheus-adapter, KEDA's metrics server) and KEDA's webhook listen
 * on in their pods. A private GKE control plane reaches nodes and pods on tcp 443 and 10250 only
 * (its `gke-<cluster>-...-master` firewall rule); the charts' 6443 and 9443 would leave the
 * APIService unavailable and the webhook skipped. 10250 is kube-prometheus-stack's choice for its
 * own webhook for the same reason (its values.yaml, `prometheusOperator.tls.internalPort`).
 */
export const CONTROL_PLANE_REACHABLE_PORT = 10250;
