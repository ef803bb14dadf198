import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS, GPU_RELEASE_TIMEOUT_SECONDS } from "../vocabulary/charts";
import type { ResolvedPlatform } from "../settings/platform";
import { createRelease } from "../helm-release";
import { mergeValues, Values } from "../merge";
import { DCGM_PORT } from "../vocabulary/gpu";
import { dcgmExporterPodLabels } from "../vocabulary/names";

/** Where a DCGM exporter runs: enough to build the Service that scrapes it. */
export interface DcgmTarget {
    readonly namespace: string;
    readonly podLabels: Record<string, string>;
    readonly port: number;
}

/**
 * The exporter to scrape: the one this component installs, or the one the user runs.
 * Undefined when there is none (GPU metrics are then unavailable; validation rejects asking for them).
 */
export function dcgmTarget(cfg: ResolvedPlatform): DcgmTarget | undefined {
    if (cfg.dcgmExporter.install) {
        return {
            namespace: cfg.monitoringNamespace,
            podLabels: dcgmExporterPodLabels(cfg.names.dcgmRelease),
            port: DCGM_PORT,
        };
    }
    return cfg.dcgmExporter.existing;
}

/**
 * Values for the dcgm-exporter chart: runs on GPU nodes only (tolerating their taint, which the
 * chart does not by default), with the chart's own Service and ServiceMonitor off: the component
 * makes its own, so the selector is derived from the release name it also sets.
 */
export function dcgmExporterValues(cfg: ResolvedPlatform): Values {
    const ours: Values = {
        serviceMonitor: { enabled: false },
        service: { enable: false, port: DCGM_PORT },
        extraEnv: [
            { name: "DCGM_EXPORTER_INTERVAL", value: String(cfg.dcgmExporter.collectIntervalMs) },
        ],
        nodeSelector: cfg.gpuNodeSelector,
        tolerations: cfg.gpuTolerations,
        resources: {
            requests: { cpu: "100m", memory: "512Mi" },
            limits: { memory: "1Gi" },
        },
    };
    return mergeValues(cfg.dcgmExporter.values, ours);
}

/** Installs NVIDIA's dcgm-exporter DaemonSet. */
export function createDcgmExporter(
    cfg: ResolvedPlatform,
    namespace: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
    const release = cfg.names.dcgmRelease;
    return createRelease(
        release,
        CHARTS.dcgmExporter,
        namespace,
        dcgmExporterValues(cfg),
        opts,
        GPU_RELEASE_TIMEOUT_SECONDS,
    );
}
