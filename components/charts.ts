/**
 * Every Helm chart the component installs, pinned in one visible place.
 * Bump a version here only after reading the chart's changelog and re-running `npm test`
 * (tests check the values we pass against the keys each pinned chart accepts).
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

export const CHARTS = {
    kubePrometheusStack: {
        chart: "kube-prometheus-stack",
        version: "81.4.5",
        repo: "https://prometheus-community.github.io/helm-charts",
    },
    prometheusAdapter: {
        chart: "prometheus-adapter",
        version: "5.3.0",
        repo: "https://prometheus-community.github.io/helm-charts",
    },
    dcgmExporter: {
        chart: "dcgm-exporter",
        version: "4.8.3",
        repo: "https://nvidia.github.io/dcgm-exporter/helm-charts",
    },
    nvidiaDevicePlugin: {
        chart: "nvidia-device-plugin",
        version: "0.20.1",
        repo: "https://nvidia.github.io/k8s-device-plugin",
    },
    keda: {
        chart: "keda",
        version: "2.19.0",
        repo: "https://kedacore.github.io/charts",
    },
    clusterAutoscaler: {
        chart: "cluster-autoscaler",
        version: "9.50.1",
        repo: "https://kubernetes.github.io/autoscaler",
    },
} as const satisfies Record<string, ChartPin>;
