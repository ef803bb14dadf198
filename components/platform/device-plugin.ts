import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS, GPU_RELEASE_TIMEOUT_SECONDS } from "../vocabulary/charts";
import type { ResolvedPlatform } from "../settings/platform";
import { createRelease } from "../helm-release";
import { Values } from "../merge";

/**
 * Values for NVIDIA's device plugin: it runs only on nodes labelled `nvidia.com/gpu.present=true`
 * (its default affinity; every GPU pool this package makes carries that label) and tolerates
 * the GPU taint.
 */
export function devicePluginValues(cfg: ResolvedPlatform): Values {
    return {
        tolerations: cfg.gpuTolerations,
        gfd: { enabled: false },
    };
}

/** Installs the NVIDIA device plugin, which makes `nvidia.com/gpu` a schedulable resource. */
export function createDevicePlugin(
    cfg: ResolvedPlatform,
    opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
    return createRelease(
        cfg.names.devicePluginRelease,
        CHARTS.nvidiaDevicePlugin,
        "kube-system",
        devicePluginValues(cfg),
        opts,
        GPU_RELEASE_TIMEOUT_SECONDS,
    );
}
