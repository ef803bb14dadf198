/**
 * Prometheus's Kubernetes service discovery (role `endpointslice`) done here: Debian's Prometheus
 * is built without it. The e2e reads the EndpointSlices the real EndpointSlice controller made,
 * with their Services and pods, and writes one file_sd file per namespace carrying the same
 * `__meta_kubernetes_*` labels Prometheus would set, so the operator's relabelings select and
 * label targets exactly as in a cluster. Rewritten every few seconds as pods come and go.
 */
import * as fs from "fs";
import * as path from "path";
import { Kube, KubeObject } from "../lib/kube";

const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, "_");

function labelMeta(prefix: string, labels: Record<string, string> = {}): Record<string, string> {
    const meta: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels)) {
        meta[`${prefix}_label_${sanitize(k)}`] = v;
        meta[`${prefix}_labelpresent_${sanitize(k)}`] = "true";
    }
    return meta;
}

/** The targets of one namespace, as file_sd groups. */
export function discover(
    namespace: string,
    slices: KubeObject[],
    services: KubeObject[],
    pods: KubeObject[],
): object[] {
    const groups: object[] = [];
    for (const slice of slices.filter((s) => s.metadata.namespace === namespace)) {
        const serviceName = slice.metadata.labels?.["kubernetes.io/service-name"];
        const service = services.find(
            (s) => s.metadata.namespace === namespace && s.metadata.name === serviceName,
        );
        for (const endpoint of (slice as any).endpoints ?? []) {
            const pod =
                endpoint.targetRef?.kind === "Pod"
                    ? pods.find(
                          (p) =>
                              p.metadata.namespace === namespace &&
                              p.metadata.name === endpoint.targetRef.name,
                      )
                    : undefined;
            for (const port of (slice as any).ports ?? []) {
                const container = pod?.spec.containers.find((c: any) =>
                    (c.ports ?? []).some((cp: any) => cp.containerPort === port.port),
                );
                const containerPort = container?.ports.find(
                    (cp: any) => cp.containerPort === port.port,
                );
                const labels: Record<string, string> = {
                    __meta_kubernetes_namespace: namespace,
                    __meta_kubernetes_endpointslice_name: slice.metadata.name,
                    __meta_kubernetes_endpointslice_address_type: String(
                        (slice as any).addressType,
                    ),
                    __meta_kubernetes_endpointslice_port: String(port.port),
                    __meta_kubernetes_endpointslice_port_protocol: port.protocol ?? "TCP",
                    __meta_kubernetes_endpointslice_endpoint_conditions_ready: String(
                        endpoint.conditions?.ready ?? false,
                    ),
                    ...(port.name ? { __meta_kubernetes_endpointslice_port_name: port.name } : {}),
                    ...(endpoint.targetRef
                        ? {
                              __meta_kubernetes_endpointslice_address_target_kind:
                                  endpoint.targetRef.kind,
                              __meta_kubernetes_endpointslice_address_target_name:
                                  endpoint.targetRef.name,
                          }
                        : {}),
                    ...(endpoint.nodeName
                        ? { __meta_kubernetes_endpointslice_endpoint_node_name: endpoint.nodeName }
                        : {}),
                    ...(service
                        ? {
                              __meta_kubernetes_service_name: service.metadata.name,
                              ...labelMeta("__meta_kubernetes_service", service.metadata.labels),
                          }
                        : {}),
                    ...(pod
                        ? {
                              __meta_kubernetes_pod_name: pod.metadata.name,
                              __meta_kubernetes_pod_ip: pod.status?.podIP ?? "",
                              __meta_kubernetes_pod_node_name: pod.spec.nodeName ?? "",
                              __meta_kubernetes_pod_phase: pod.status?.phase ?? "",
                              __meta_kubernetes_pod_ready: String(
                                  pod.status?.conditions?.some(
                                      (c: any) => c.type === "Ready" && c.status === "True",
                                  ) ?? false,
                              ),
                              ...labelMeta("__meta_kubernetes_pod", pod.metadata.labels),
                              ...(container
                                  ? {
                                        __meta_kubernetes_pod_container_name: container.name,
                                        __meta_kubernetes_pod_container_image: container.image,
                                    }
                                  : {}),
                              ...(containerPort
                                  ? {
                                        __meta_kubernetes_pod_container_port_number: String(
                                            containerPort.containerPort,
                                        ),
                                        __meta_kubernetes_pod_container_port_protocol:
                                            containerPort.protocol ?? "TCP",
                                        ...(containerPort.name
                                            ? {
                                                  __meta_kubernetes_pod_container_port_name:
                                                      containerPort.name,
                                              }
                                            : {}),
                                    }
                                  : {}),
                          }
                        : {}),
                };
                for (const address of endpoint.addresses ?? []) {
                    groups.push({ targets: [`${address}:${port.port}`], labels });
                }
            }
        }
    }
    return groups;
}

/** Keeps `<dir>/<namespace>.json` current for every namespace until stopped. */
export class EndpointSliceDiscovery {
    private timer?: NodeJS.Timeout;

    constructor(
        private readonly kube: Kube,
        readonly dir: string,
    ) {
        fs.mkdirSync(dir, { recursive: true });
    }

    /** The file a job discovering `namespace` reads. */
    file(namespace: string): string {
        return path.join(this.dir, `${namespace}.json`);
    }

    refresh(): void {
        const slices = this.kube.list("endpointslices.discovery.k8s.io");
        const services = this.kube.list("services");
        const pods = this.kube.list("pods");
        for (const ns of this.kube.list("namespaces").map((n) => n.metadata.name)) {
            const body = JSON.stringify(discover(ns, slices, services, pods));
            const file = this.file(ns);
            if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== body) {
                fs.writeFileSync(`${file}.tmp`, body);
                fs.renameSync(`${file}.tmp`, file); // Prometheus must never read half a file
            }
        }
    }

    start(): void {
        this.refresh();
        this.timer = setInterval(() => {
            try {
                this.refresh();
            } catch {
                // the next tick tries again
            }
        }, 3000);
    }

    stop(): void {
        clearInterval(this.timer);
    }
}
