/**
 * Every Helm chart the component installs, pinned in one visible place.
 * Each version is a release whose archive was seen (../shared/charts/MANIFEST.md has the evidence).
 * Bump one only to a released version: `npm run charts` fetches and checks it, and `npm test` runs
 * helm on it and checks every value we pass against the chart's own values.yaml.
 */
export interface ChartPin {
    readonly chart: string;
    readonly version: string;
    readonly repo: string;
}

/**
 * Seconds Helm waits for a release whose pods run on GPU nodes: a new node boots, installs the
 * NVIDIA driver and pulls images before its DaemonSet pods are ready (Helm's 300 s is too short).
 */
export const GPU_RELEASE_TIMEOUT_SECONDS = 900;

/** Seconds Helm waits for a release that installs large CRDs (kube-prometheus-stack) on a fresh cluster. */
export const CRD_RELEASE_TIMEOUT_SECONDS = 900;

export const CHARTS = {
    kubePrometheusStack: {
        chart: "kube-prometheus-stack",
        version: "88.5.3",
        repo: "https://prometheus-community.github.io/helm-charts",
    },
    prometheusAdapter: {
        chart: "prometheus-adapter",
        version: "5.3.0",
        repo: "https://prometheus-community.github.io/helm-charts",
    },
    dcgmExporter: {
        chart: "dcgm-exporter",
        version: "4.8.2",
        repo: "https://nvidia.github.io/dcgm-exporter/helm-charts",
    },
    nvidiaDevicePlugin: {
        chart: "nvidia-device-plugin",
        version: "0.20.0",
        repo: "https://nvidia.github.io/k8s-device-plugin",
    },
    keda: {
        chart: "keda",
        version: "2.20.2",
        repo: "https://kedacore.github.io/charts",
    },
    clusterAutoscaler: {
        chart: "cluster-autoscaler",
        version: "9.59.0",
        repo: "https://kubernetes.github.io/autoscaler",
    },
} as const satisfies Record<string, ChartPin>;
