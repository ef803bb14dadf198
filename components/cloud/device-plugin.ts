import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS, GPU_RELEASE_TIMEOUT_SECONDS } from "../charts";
import { ResolvedConfig } from "../config";
import { Values } from "../merge";

/**
 * Values for NVIDIA's device plugin: it runs only on nodes labelled `nvidia.com/gpu.present=true`
 * (its default affinity; every GPU pool this package makes carries that label) and tolerates
 * the GPU taint.
 */
export function devicePluginValues(cfg: ResolvedConfig): Values {
    return {
        tolerations: cfg.gpuTolerations,
        gfd: { enabled: false },
    };
}

/** Installs the NVIDIA device plugin, which makes `nvidia.com/gpu` a schedulable resource. */
export function createDevicePlugin(
    cfg: ResolvedConfig,
    opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
    const release = `${cfg.name}-nvidia-device-plugin`;
    return new k8s.helm.v3.Release(
        release,
        {
            name: release,
            namespace: "kube-system",
            chart: CHARTS.nvidiaDevicePlugin.chart,
            version: CHARTS.nvidiaDevicePlugin.version,
            repositoryOpts: { repo: CHARTS.nvidiaDevicePlugin.repo },
            values: devicePluginValues(cfg),
            timeout: GPU_RELEASE_TIMEOUT_SECONDS,
        },
        opts,
    );
}
