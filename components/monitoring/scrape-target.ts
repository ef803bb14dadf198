import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** Port name shared by a metrics Service and the ServiceMonitor that scrapes it. */
export const METRICS_PORT_NAME = "metrics";

export interface ScrapeTargetArgs {
    /** Logical and Kubernetes name of both the Service and the ServiceMonitor. */
    name: string;
    namespace: string;
    /** Labels on the Service; the ServiceMonitor selects exactly these. */
    serviceLabels: Record<string, string>;
    /** Labels on the monitor itself (for a Prometheus that selects monitors by label). */
    monitorLabels: Record<string, string>;
    /** Labels of the pods that serve metrics. */
    podLabels: Record<string, string>;
    port: number;
    path: string;
    /** The scrapes of the same port and path, each its own target in Prometheus. */
    endpoints: ScrapeEndpointArgs[];
}

export interface ScrapeEndpointArgs {
    interval: string;
    /** Labels set on every series of this scrape (target relabeling). */
    setLabels?: Record<string, string>;
    /** Series names (an anchored regex) this scrape keeps or drops; all when absent. */
    series?: { action: "keep" | "drop"; regex: string };
}

export interface ScrapeTarget {
    readonly service: k8s.core.v1.Service;
    readonly serviceMonitor: k8s.apiextensions.CustomResource;
}

/**
 * A headless Service over the metric-serving pods and the ServiceMonitor that scrapes it.
 * The component owns both, so the monitor's selector and port name come from the same values as
 * the Service's labels and port: they cannot disagree, as they did in the seeds.
 * `honorLabels: false` keeps target labels authoritative: labels the exporter sets itself
 * (DCGM's `pod`/`namespace`) arrive as `exported_pod`/`exported_namespace`.
 */
export function createScrapeTarget(
    args: ScrapeTargetArgs,
    opts: pulumi.CustomResourceOptions,
    monitorOpts: pulumi.CustomResourceOptions,
): ScrapeTarget {
    const service = new k8s.core.v1.Service(
        args.name,
        {
            metadata: { name: args.name, namespace: args.namespace, labels: args.serviceLabels },
            spec: {
                clusterIP: "None",
                selector: args.podLabels,
                ports: [
                    {
                        name: METRICS_PORT_NAME,
                        port: args.port,
                        targetPort: args.port,
                        protocol: "TCP",
                    },
                ],
            },
        },
        opts,
    );
    const serviceMonitor = new k8s.apiextensions.CustomResource(
        args.name,
        {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "ServiceMonitor",
            metadata: {
                name: args.name,
                namespace: args.namespace,
                labels: { ...args.serviceLabels, ...args.monitorLabels },
            },
            spec: {
                selector: { matchLabels: args.serviceLabels },
                namespaceSelector: { matchNames: [args.namespace] },
                endpoints: args.endpoints.map((e) => ({
                    port: METRICS_PORT_NAME,
                    path: args.path,
                    interval: e.interval,
                    honorLabels: false,
                    ...(e.setLabels
                        ? {
                              relabelings: Object.entries(e.setLabels).map(
                                  ([targetLabel, replacement]) => ({
                                      action: "replace",
                                      targetLabel,
                                      replacement,
                                  }),
                              ),
                          }
                        : {}),
                    ...(e.series
                        ? {
                              metricRelabelings: [
                                  {
                                      sourceLabels: ["__name__"],
                                      regex: e.series.regex,
                                      action: e.series.action,
                                  },
                              ],
                          }
                        : {}),
                })),
            },
        },
        monitorOpts,
    );
    return { service, serviceMonitor };
}
