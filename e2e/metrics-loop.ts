/**
 * The scaling loop, for real: Debian's Prometheus scraping the fake exporters at the pods' IPs with
 * the configuration the cluster's ServiceMonitors and PrometheusRules imply, the real
 * prometheus-adapter serving custom.metrics.k8s.io through the chart's APIService, and the real
 * HPA controller scaling the Deployment.
 */
import * as fs from "fs";
import * as path from "path";
import { requireBinary } from "../harness/binaries";
import { ControlPlane } from "./cluster/control-plane";
import { Kube } from "./lib/kube";
import { start, Started, stop, tail } from "./lib/processes";
import { waitFor } from "../harness/wait";
import { FakeExporters } from "./metrics/fake-exporters";
import { startAdapter } from "./metrics/adapter";
import { prometheusFromCluster } from "./metrics/prometheus-config";
import { EndpointSliceDiscovery } from "./metrics/endpointslice-discovery";
import { Step } from "./steps";
import { ServerSettings } from "./workload";
import { HostsFile } from "./cluster/network";

export interface LoopContext {
    cluster: ControlPlane;
    bin: string;
    dir: string;
    server: ServerSettings;
    hosts: HostsFile;
}

const PROMETHEUS_PORT = 9090;

/** The HPA on the Deployment, with what it last said (for failure messages). */
function hpaStatus(
    kube: Kube,
    server: ServerSettings,
): { name: string; replicas: number; said: string } {
    const hpa = kube
        .list("hpa", server.namespace)
        .find((h) => h.spec.scaleTargetRef.name === server.deploymentName);
    if (!hpa) {
        throw new Error(`no HPA targets Deployment ${server.namespace}/${server.deploymentName}`);
    }
    const metrics = (hpa.status?.currentMetrics ?? [])
        .filter((m: any) => m.pods)
        .map((m: any) => `${m.pods?.metric.name}=${m.pods?.current.averageValue}`)
        .join(", ");
    const conditions = (hpa.status?.conditions ?? [])
        .filter((c: any) => c.status !== "True" || c.type === "ScalingLimited")
        .map((c: any) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);
    return {
        name: `${server.namespace}/${hpa.metadata.name}`,
        replicas: hpa.status?.currentReplicas ?? 0,
        said: `current metrics [${metrics}]${conditions.length ? `; ${conditions.join("; ")}` : ""}`,
    };
}

function replicas(kube: Kube, server: ServerSettings): number {
    return kube.get("deployment", server.deploymentName, server.namespace)?.spec.replicas ?? 0;
}

/** Waits for the Deployment's replica count to satisfy `ok`, naming the HPA's view on timeout. */
async function waitForReplicas(
    ctx: LoopContext,
    what: string,
    ok: (n: number) => boolean,
    timeoutMs: number,
): Promise<string> {
    const { kube } = ctx.cluster;
    try {
        const n = await waitFor(
            what,
            () => (ok(replicas(kube, ctx.server)) ? replicas(kube, ctx.server) : undefined),
            timeoutMs,
            2000,
        );
        const hpa = hpaStatus(kube, ctx.server);
        return `Deployment ${ctx.server.namespace}/${ctx.server.deploymentName} at ${n} replicas; HPA ${hpa.name}: ${hpa.said}`;
    } catch (e) {
        const hpa = hpaStatus(kube, ctx.server);
        throw new Error(
            `${(e as Error).message}: Deployment ${ctx.server.namespace}/${ctx.server.deploymentName} has ${replicas(kube, ctx.server)} replicas; HPA ${hpa.name}: ${hpa.said}`,
            { cause: e },
        );
    }
}

/**
 * The loop's steps, and the one that stops its programs: run that last, as the adapter must keep
 * serving its APIService while the stack changes (an aggregated API that does not answer stops
 * the namespace controller from deleting any namespace).
 */
export function metricsLoopSteps(context: () => LoopContext): { steps: Step[]; stop: Step } {
    let exporters: FakeExporters | undefined;
    let prometheus: Started | undefined;
    let adapter: Started | undefined;
    let discovery: EndpointSliceDiscovery | undefined;
    const loop = {
        name: "metrics-loop",
        needs: ["up"],
        run: async () => {
            const ctx = context();
            const { kube, kubeconfig } = ctx.cluster;
            exporters = new FakeExporters(kube, ctx.server);
            await exporters.start();
            discovery = new EndpointSliceDiscovery(kube, path.join(ctx.dir, "prometheus", "sd"));
            discovery.start();
            const promObjects = kube.list("prometheuses.monitoring.coreos.com");
            if (promObjects.length !== 1) {
                throw new Error(`expected one Prometheus object, found ${promObjects.length}`);
            }
            const prom = prometheusFromCluster(
                promObjects[0],
                kube.list("servicemonitors.monitoring.coreos.com"),
                kube.list("prometheusrules.monitoring.coreos.com"),
                kube.list("namespaces"),
                (ns) => discovery!.file(ns),
            );
            const promDir = path.join(ctx.dir, "prometheus");
            fs.mkdirSync(promDir, { recursive: true });
            fs.writeFileSync(path.join(promDir, "prometheus.yml"), prom.config);
            for (const [file, body] of Object.entries(prom.ruleFiles)) {
                fs.writeFileSync(path.join(promDir, file), body);
            }
            prometheus = start(
                "prometheus",
                requireBinary("prometheus"),
                [
                    `--config.file=${path.join(promDir, "prometheus.yml")}`,
                    `--storage.tsdb.path=${path.join(promDir, "data")}`,
                    `--web.listen-address=0.0.0.0:${PROMETHEUS_PORT}`,
                ],
                path.join(ctx.dir, "logs"),
            );
            await waitFor(
                "Prometheus to scrape every vLLM and DCGM exporter pod",
                async () => {
                    if (prometheus!.child.exitCode !== null) {
                        throw new Error(`prometheus exited:\n${tail(prometheus!)}`);
                    }
                    const res = await fetch(
                        `http://127.0.0.1:${PROMETHEUS_PORT}/api/v1/targets?state=active`,
                    );
                    const targets = (
                        (await res.json()) as {
                            data: { activeTargets: { scrapeUrl: string; health: string }[] };
                        }
                    ).data.activeTargets;
                    const up = new Set(
                        targets
                            .filter((t) => t.health === "up")
                            .map((t) => new URL(t.scrapeUrl).host),
                    );
                    const missing = exporters!.servedTargets().filter((t) => !up.has(t));
                    if (missing.length > 0) {
                        throw new Error(`not scraped yet: ${missing.join(", ")}`);
                    }
                    return true;
                },
                120_000,
                2000,
            );
            const run = startAdapter(kube, ctx.bin, ctx.dir, kubeconfig);
            adapter = run.process;
            if (Number(run.prometheusUrl.port || 80) !== PROMETHEUS_PORT) {
                throw new Error(
                    `the adapter's --prometheus-url ${run.prometheusUrl} is not on Prometheus's port ${PROMETHEUS_PORT}`,
                );
            }
            ctx.hosts.add("127.0.0.1", [run.prometheusUrl.hostname]);
            await waitFor(
                "the APIService v1beta1.custom.metrics.k8s.io to be Available",
                () => {
                    const api = kube.get("apiservice", "v1beta1.custom.metrics.k8s.io");
                    return (
                        api?.status?.conditions?.some(
                            (c: any) => c.type === "Available" && c.status === "True",
                        ) || undefined
                    );
                },
                120_000,
                2000,
            );
            return `${prom.monitors.length} ServiceMonitors (${prom.monitors.join(", ")}), ${prom.rules.length} PrometheusRules; adapter for ${run.deployment} reading ${run.prometheusUrl}`;
        },
    };
    const steps: Step[] = [
        loop,
        {
            name: "hpa-scale-up",
            needs: ["metrics-loop"],
            run: async () => {
                exporters!.load.running = 12;
                exporters!.load.gpuUtilisation = 0;
                return waitForReplicas(
                    context(),
                    "the HPA to scale the Deployment to 3 or more replicas on running requests (12 in all, target 4 per pod)",
                    (n) => n >= 3,
                    240_000,
                );
            },
        },
        {
            name: "hpa-scale-down",
            needs: ["hpa-scale-up"],
            run: async () => {
                exporters!.load.running = 0;
                return waitForReplicas(
                    context(),
                    "the HPA to scale the Deployment back to 1 replica once the load stops",
                    (n) => n === 1,
                    300_000,
                );
            },
        },
        {
            name: "gpu-metric-scale",
            needs: ["metrics-loop"],
            run: async () => {
                exporters!.load.running = 0;
                exporters!.load.gpuUtilisation = 80;
                const up = await waitForReplicas(
                    context(),
                    "the HPA to scale the Deployment to 3 or more replicas on GPU utilisation (80 % per GPU, target 20)",
                    (n) => n >= 3,
                    300_000,
                );
                // Back to idle and one replica, so the steps after this start from a settled loop.
                exporters!.load.gpuUtilisation = 0;
                await waitForReplicas(
                    context(),
                    "the HPA to scale back to 1 replica once the GPUs idle",
                    (n) => n === 1,
                    300_000,
                );
                return up;
            },
        },
    ];
    return {
        steps,
        stop: {
            name: "metrics-loop-stop",
            always: true,
            run: async () => {
                await exporters?.stop();
                discovery?.stop();
                for (const p of [adapter, prometheus]) {
                    if (p) await stop(p);
                }
            },
        },
    };
}
