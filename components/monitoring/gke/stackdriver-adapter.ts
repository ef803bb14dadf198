import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { grantMonitoringViewer } from "../../clouds/gke/workload-identity";
import type { ResolvedPlatform } from "../../settings/platform";
import { withDependsOn } from "../../options";
import { componentLabels } from "../../vocabulary/names";
import { createStackdriverAdapterRbac } from "./stackdriver-adapter-rbac";
import { STACKDRIVER_ADAPTER } from "./stackdriver-names";

/**
 * The Custom Metrics Stackdriver Adapter: serves Managed Service for Prometheus series as
 * `custom.metrics.k8s.io` (from v0.13.1). Authored as objects after Google's
 * `adapter_new_resource_model.yaml` (v0.16.9-gke.0; tests/cloud.test.ts compares ours with it field
 * by field), with two replicas spread over nodes and a disruption budget, so the HPA keeps its
 * metrics through a node drain.
 * https://cloud.google.com/stackdriver/docs/managed-prometheus/hpa
 */
export { STACKDRIVER_ADAPTER };

const selector = (name: string) => ({ "k8s-app": name });

/** Namespace, service account, RBAC, Deployment, Service, the custom.metrics APIServices and the Monitoring Viewer grant. */
export function createStackdriverAdapter(
    cfg: ResolvedPlatform,
    project: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
    gcpOpts: pulumi.CustomResourceOptions,
): k8s.apps.v1.Deployment {
    // Its own namespace (`<name>-custom-metrics` unless told): Google's `custom-metrics`, which many
    // GKE clusters already run the adapter in, would collide.
    const { namespace: nsName, name: objectName, serviceAccount } = cfg.stackdriverAdapter;
    const labels = componentLabels(cfg.name, "custom-metrics-stackdriver-adapter");
    const SELECTOR = selector(objectName);

    const ns = new k8s.core.v1.Namespace(
        `${cfg.name}-custom-metrics`,
        { metadata: { name: nsName, labels } },
        opts,
    );
    // Named for this cluster unless told (platform/resolve.ts): the grant below is then its own.
    const ksa = new k8s.core.v1.ServiceAccount(
        `${cfg.name}-${objectName}`,
        { metadata: { name: serviceAccount, namespace: ns.metadata.name, labels } },
        opts,
    );
    grantMonitoringViewer(
        `${cfg.name}-adapter-monitoring-viewer`,
        project,
        nsName,
        serviceAccount,
        gcpOpts,
    );
    createStackdriverAdapterRbac(cfg.name, ksa, labels, opts);

    const deployment = new k8s.apps.v1.Deployment(
        `${cfg.name}-${objectName}`,
        {
            metadata: { name: objectName, namespace: ns.metadata.name, labels },
            spec: {
                replicas: 2,
                selector: { matchLabels: SELECTOR },
                template: {
                    metadata: { labels: { ...labels, ...SELECTOR } },
                    spec: {
                        serviceAccountName: ksa.metadata.name,
                        // As upstream: the adapter may run on clusters whose nodes all have GPUs or TPUs.
                        tolerations: [
                            {
                                key: "nvidia.com/gpu",
                                operator: "Equal",
                                value: "present",
                                effect: "NoSchedule",
                            },
                            {
                                key: "cloud.google.com/gke-tpu",
                                operator: "Equal",
                                value: "present",
                                effect: "NoSchedule",
                            },
                        ],
                        topologySpreadConstraints: [
                            {
                                maxSkew: 1,
                                topologyKey: "kubernetes.io/hostname",
                                whenUnsatisfiable: "ScheduleAnyway",
                                labelSelector: { matchLabels: SELECTOR },
                            },
                        ],
                        containers: [
                            {
                                name: "adapter",
                                image: STACKDRIVER_ADAPTER.image,
                                command: [
                                    "/adapter",
                                    "--use-new-resource-model=true",
                                    "--fallback-for-container-metrics=true",
                                ],
                                ports: [{ name: "https", containerPort: 443 }],
                                readinessProbe: {
                                    httpGet: { path: "/healthz", port: 443, scheme: "HTTPS" },
                                    initialDelaySeconds: 40,
                                    periodSeconds: 10,
                                    timeoutSeconds: 5,
                                },
                                resources: {
                                    requests: { cpu: "250m", memory: "200Mi" },
                                    limits: { cpu: "250m", memory: "200Mi" },
                                },
                                // Not read-only: the adapter writes its self-signed serving certificate.
                                securityContext: { allowPrivilegeEscalation: false },
                            },
                        ],
                    },
                },
            },
        },
        opts,
    );
    new k8s.policy.v1.PodDisruptionBudget(
        `${cfg.name}-${objectName}`,
        {
            metadata: { name: objectName, namespace: ns.metadata.name, labels },
            spec: { maxUnavailable: 1, selector: { matchLabels: SELECTOR } },
        },
        opts,
    );
    const service = new k8s.core.v1.Service(
        `${cfg.name}-${objectName}`,
        {
            metadata: { name: objectName, namespace: ns.metadata.name, labels },
            spec: {
                type: "ClusterIP",
                selector: SELECTOR,
                ports: [{ name: "https", port: 443, targetPort: 443, protocol: "TCP" }],
            },
        },
        opts,
    );
    // Only the API the HPA reads. Google's manifest also registers `v1beta1.external.metrics.k8s.io`;
    // leaving it free lets KEDA (backend: keda, or the user's own) register it, and lets a switch to
    // KEDA install KEDA's chart before this adapter is removed.
    const apiServices: [string, string, number][] = [
        ["custom.metrics.k8s.io", "v1beta1", 100],
        ["custom.metrics.k8s.io", "v1beta2", 200],
    ];
    for (const [group, version, versionPriority] of apiServices) {
        new k8s.apiregistration.v1.APIService(
            `${cfg.name}-${version}.${group}`,
            {
                metadata: { name: `${version}.${group}`, labels },
                spec: {
                    group,
                    version,
                    groupPriorityMinimum: 100,
                    versionPriority,
                    insecureSkipTLSVerify: true,
                    service: { name: service.metadata.name, namespace: nsName },
                },
            },
            // Registered once the adapter is up, and on destroy removed before it: never an API without its server.
            withDependsOn(opts, [deployment]),
        );
    }
    return deployment;
}
