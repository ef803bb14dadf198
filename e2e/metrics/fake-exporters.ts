/**
 * The metric pages of the pods KWOK runs: one server per port answers every pod IP (all pod IPs are
 * local in the run's network) and tells the pods apart by the address it was reached on. vLLM pods
 * serve vLLM's page with their share of the load; DCGM exporter pods serve their node's GPUs, each
 * GPU held by a vLLM pod on that node carrying the pod's labels (as the exporter's pod mapping does).
 */
import * as http from "http";
import { dcgmMetrics, formatExposition, Gpu, vllmMetrics } from "../../harness/pipeline/exposition";
import { DEFAULT_MODEL } from "../../components/settings/model";
import { GPUS_PER_NODE } from "../cluster/nodes";
import { Kube, KubeObject } from "../lib/kube";
import { ServerSettings } from "../workload";

/** What the fake fleet is doing: requests running across all vLLM pods, and the utilisation of every GPU they hold. */
export interface FleetLoad {
    running: number;
    gpuUtilisation: number;
}

const DCGM_POD_LABEL = "app.kubernetes.io/name=dcgm-exporter";

export class FakeExporters {
    readonly load: FleetLoad = { running: 0, gpuUtilisation: 0 };
    private pods: KubeObject[] = [];
    private readonly servers: http.Server[] = [];
    private timer?: NodeJS.Timeout;

    constructor(
        private readonly kube: Kube,
        private readonly server: ServerSettings,
    ) {}

    /** Starts one listener on vLLM's metrics port and one on the DCGM exporter pods' port. */
    async start(): Promise<void> {
        this.refresh();
        this.timer = setInterval(() => this.refresh(), 2000);
        const dcgm = this.kube.list("pods", undefined).find((p) => this.isDcgm(p));
        if (!dcgm) {
            throw new Error(`no DCGM exporter pod (${DCGM_POD_LABEL}) is running`);
        }
        const dcgmPort = dcgm.spec.containers[0].ports[0].containerPort as number;
        for (const port of [this.server.metricsPort, dcgmPort]) {
            const s = http.createServer((req, res) => this.answer(req, res));
            await new Promise<void>((resolve, reject) =>
                s.listen(port, "0.0.0.0", resolve).on("error", reject),
            );
            this.servers.push(s);
        }
    }

    async stop(): Promise<void> {
        clearInterval(this.timer);
        await Promise.all(this.servers.map((s) => new Promise((r) => s.close(r))));
    }

    /** `pod address:port` of every pod this serves a page for. */
    servedTargets(): string[] {
        const dcgmPods = this.pods.filter((p) => this.isDcgm(p));
        return [
            ...this.vllmPods().map((p) => `${p.status.podIP}:${this.server.metricsPort}`),
            ...dcgmPods.map(
                (p) => `${p.status.podIP}:${p.spec.containers[0].ports[0].containerPort}`,
            ),
        ];
    }

    private refresh(): void {
        try {
            this.pods = this.kube
                .list("pods")
                .filter((p) => p.status?.phase === "Running" && p.status?.podIP);
        } catch {
            // keep the last list: the API server answers again on the next tick
        }
    }

    private isDcgm(p: KubeObject): boolean {
        const [k, v] = DCGM_POD_LABEL.split("=");
        return p.metadata.labels?.[k] === v;
    }

    private isVllm(p: KubeObject): boolean {
        return (
            p.metadata.namespace === this.server.namespace &&
            Object.entries(this.server.podLabels).every(([k, v]) => p.metadata.labels?.[k] === v)
        );
    }

    private vllmPods(): KubeObject[] {
        return this.pods
            .filter((p) => this.isVllm(p) && !p.metadata.deletionTimestamp)
            .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    }

    private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
        const ip = (req.socket.localAddress ?? "").replace(/^::ffff:/, "");
        const pod = this.pods.find((p) => p.status.podIP === ip);
        let page: string | undefined;
        if (pod && this.isVllm(pod)) {
            const fleet = this.vllmPods();
            const i = fleet.findIndex((p) => p.metadata.name === pod.metadata.name);
            // The load spread over the ready pods in whole requests, the remainder on the first ones.
            const share =
                Math.floor(this.load.running / fleet.length) +
                (i >= 0 && i < this.load.running % fleet.length ? 1 : 0);
            page = formatExposition(
                vllmMetrics(DEFAULT_MODEL, { running: share, waiting: 0, kvCache: share / 100 }),
            );
        } else if (pod && this.isDcgm(pod)) {
            const holders = this.vllmPods().filter((p) => p.spec.nodeName === pod.spec.nodeName);
            const gpus: Gpu[] = Array.from({ length: GPUS_PER_NODE }, (_, index) => {
                const holder = holders[index];
                return {
                    index,
                    utilisation: holder ? this.load.gpuUtilisation : 0,
                    holder: holder && {
                        namespace: holder.metadata.namespace!,
                        pod: holder.metadata.name,
                        container: holder.spec.containers[0].name,
                    },
                };
            });
            page = formatExposition(dcgmMetrics(pod.spec.nodeName, gpus));
        }
        res.writeHead(page ? 200 : 404, { "content-type": "text/plain; version=0.0.4" });
        res.end(page ?? `no pod with IP ${ip} serves metrics here\n`);
    }
}
