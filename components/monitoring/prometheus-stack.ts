import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHARTS, CRD_RELEASE_TIMEOUT_SECONDS } from "../vocabulary/charts";
import type { ResolvedPlatform } from "../settings/platform";
import { createRelease } from "../helm-release";
import { mergeValues, Values } from "../merge";

/**
 * Values for kube-prometheus-stack. Prometheus selects every ServiceMonitor, PodMonitor and
 * PrometheusRule in every namespace (the chart's default selects only objects labelled with its own
 * release, which is why the seeds' monitors were silently ignored), keeps its data on a volume,
 * and is reachable only inside the cluster. The global scrape and evaluation intervals stay at the
 * chart's 30 s: the component's fast intervals are set on its own monitors and rule group only,
 * so the chart's many targets and rules cost what they did. On a managed control plane (GKE, EKS,
 * AKS) the chart's controller-manager, scheduler, etcd and kube-proxy monitors, Services and rules
 * are off: those components cannot be reached (kube-proxy serves metrics on 127.0.0.1 only), and
 * their targets would be down for good. Prometheus deletes its oldest data before the volume is
 * full (`retentionSize`, 90 % of it); `pulumi destroy` deletes the volume with the StatefulSet;
 * and a chart upgrade upgrades the Prometheus Operator's CRDs (the chart's upgrade job: Helm
 * itself never upgrades CRDs).
 */
export function prometheusStackValues(
    cfg: ResolvedPlatform,
    grafanaAdminSecret?: pulumi.Input<string>,
): Values {
    const p = cfg.prometheus;
    const maxBytes = retentionSize(p.storageSize);
    const storageSpec = p.storageSize
        ? {
              volumeClaimTemplate: {
                  spec: {
                      ...(p.storageClassName ? { storageClassName: p.storageClassName } : {}),
                      accessModes: ["ReadWriteOnce"],
                      resources: { requests: { storage: p.storageSize } },
                  },
              },
          }
        : {};
    const ours: Values = {
        fullnameOverride: cfg.names.prometheusFullname,
        alertmanager: { enabled: false },
        ...(cfg.managedControlPlane
            ? {
                  kubeControllerManager: { enabled: false },
                  kubeScheduler: { enabled: false },
                  kubeEtcd: { enabled: false },
                  kubeProxy: { enabled: false },
              }
            : {}),
        grafana: grafanaAdminSecret ? grafanaValues(grafanaAdminSecret) : { enabled: false },
        // The job's busybox defaults to `latest`: pinned to a release.
        crds: { upgradeJob: { enabled: true, image: { busybox: { tag: "1.37.0" } } } },
        prometheus: {
            service: { type: "ClusterIP" },
            prometheusSpec: {
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                serviceMonitorNamespaceSelector: {},
                podMonitorNamespaceSelector: {},
                ruleNamespaceSelector: {},
                retention: p.retention,
                ...(maxBytes ? { retentionSize: maxBytes } : {}),
                storageSpec,
                persistentVolumeClaimRetentionPolicy: {
                    whenDeleted: "Delete",
                    whenScaled: "Retain",
                },
                resources: {
                    requests: { cpu: "500m", memory: "2Gi" },
                    limits: { memory: "4Gi" },
                },
            },
        },
    };
    return mergeValues(p.values, ours);
}

/**
 * The most data Prometheus keeps on a volume of `storageSize`: 90 % of it, leaving room for the
 * write-ahead log and compaction. Undefined when the size is not in Mi, Gi or Ti.
 */
export function retentionSize(storageSize: string | undefined): string | undefined {
    const m = /^(\d+)(Mi|Gi|Ti)$/.exec(storageSize ?? "");
    return m ? `${Math.floor(Number(m[1]) * 0.9)}${m[2]}B` : undefined;
}

/**
 * Grafana, reachable only inside the cluster, with its admin credentials from our Secret and its
 * sidecar loading dashboards (ConfigMaps labelled `grafana_dashboard: "1"`) from every namespace.
 */
function grafanaValues(adminSecret: pulumi.Input<string>): Values {
    return {
        enabled: true,
        service: { type: "ClusterIP" },
        admin: {
            existingSecret: adminSecret,
            userKey: "admin-user",
            passwordKey: "admin-password",
        },
        sidecar: {
            dashboards: {
                enabled: true,
                label: "grafana_dashboard",
                labelValue: "1",
                searchNamespace: "ALL",
            },
        },
    };
}

/** Secret with Grafana's admin credentials; its name feeds the chart, so the release waits for it. */
function createGrafanaAdminSecret(
    cfg: ResolvedPlatform,
    adminPassword: pulumi.Input<string>,
    namespace: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
    const name = `${cfg.name}-grafana-admin`;
    const secret = new k8s.core.v1.Secret(
        name,
        {
            metadata: { name, namespace },
            type: "Opaque",
            stringData: {
                "admin-user": "admin",
                "admin-password": pulumi.secret(adminPassword),
            },
        },
        opts,
    );
    return secret.metadata.name;
}

/** Installs kube-prometheus-stack, which also installs the Prometheus Operator's CRDs. */
export function createPrometheusStack(
    cfg: ResolvedPlatform,
    namespace: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
    const names = cfg.names;
    // Validation requires the password whenever Grafana is on.
    const adminPassword = cfg.prometheus.grafana ? cfg.prometheus.grafanaAdminPassword : undefined;
    const grafanaAdminSecret =
        adminPassword === undefined
            ? undefined
            : createGrafanaAdminSecret(cfg, adminPassword, namespace, opts);
    // CRDs are large; the release is slow to settle on a fresh cluster.
    return createRelease(
        names.prometheusRelease,
        CHARTS.kubePrometheusStack,
        namespace,
        prometheusStackValues(cfg, grafanaAdminSecret),
        opts,
        CRD_RELEASE_TIMEOUT_SECONDS,
    );
}

/**
 * URL prometheus-adapter queries: the installed Prometheus's Service, or the one the user gave.
 * Returned as the chart's three separate keys, because the chart joins them as `url:port/path`.
 */
export function prometheusEndpoint(cfg: ResolvedPlatform): {
    url: string;
    port: number;
    path: string;
} {
    if (cfg.prometheus.url !== undefined) {
        const u = new URL(cfg.prometheus.url);
        const port = u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80;
        return { url: `${u.protocol}//${u.hostname}`, port, path: u.pathname.replace(/\/+$/, "") };
    }
    const names = cfg.names;
    return {
        url: `http://${names.prometheusService}.${cfg.monitoringNamespace}.svc`,
        port: 9090,
        path: "",
    };
}

/** The same endpoint as one URL, for outputs and docs. */
export function prometheusUrl(cfg: ResolvedPlatform): string {
    const e = prometheusEndpoint(cfg);
    return `${e.url}:${e.port}${e.path}`;
}
