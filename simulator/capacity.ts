/**
 * GPU capacity: nodes that the node autoscaler adds and removes, server pods that wait for a GPU,
 * pull the image, load the model and serve, and placeholder pods that hold warm GPUs which a
 * server pod takes at once (preemption). Lifecycle steps are checked once a second.
 */
import type { SimConfig } from "./scenario";

export interface SimNode {
    readonly id: number;
    /** When it was requested (billing starts) and when it can run pods. */
    readonly requestedAt: number;
    readonly readyAt: number;
    /** When the vLLM image is present (undefined: nobody is pulling it). */
    imageAt?: number;
    /** When the model's weights are in the node's cache (undefined: nobody is fetching them). */
    modelAt?: number;
    servers: number;
    placeholders: number;
    emptySince?: number;
}

export type PodState = "pending" | "starting" | "ready" | "draining";

export interface ServerPod {
    readonly name: string;
    readonly createdAt: number;
    state: PodState;
    node?: SimNode;
    readyAt?: number;
    /** Draining pods leave at this time at the latest. */
    leaveAt?: number;
}

export class Capacity {
    readonly nodes: SimNode[] = [];
    private nextNode = 0;
    /** Placeholders waiting for a GPU (they were preempted, or their node is still coming). */
    private pendingPlaceholders = 0;
    private removedGpuSeconds = 0;

    constructor(
        private readonly cfg: SimConfig,
        initialServers: number,
    ) {
        const gpus = initialServers * cfg.gpusPerPod + cfg.warmGpus;
        const count = Math.min(
            cfg.maxNodes,
            Math.max(cfg.minNodes, Math.ceil(gpus / cfg.gpusPerNode)),
        );
        for (let i = 0; i < count; i++) {
            this.nodes.push({
                id: this.nextNode++,
                requestedAt: 0,
                readyAt: 0,
                imageAt: 0,
                modelAt: cfg.modelCache ? 0 : undefined,
                servers: 0,
                placeholders: 0,
            });
        }
        this.pendingPlaceholders = Math.floor(cfg.warmGpus / cfg.gpusPerPod);
        this.placePlaceholders(0);
    }

    private free(n: SimNode): number {
        return this.cfg.gpusPerNode - (n.servers + n.placeholders) * this.cfg.gpusPerPod;
    }

    /** Puts a server pod on a GPU: a free one, else one a placeholder holds (preempted at once). */
    bind(pod: ServerPod, now: number): boolean {
        const ready = this.nodes.filter((n) => n.readyAt <= now);
        // Prefer nodes with the image, as the scheduler's ImageLocality score does.
        const byImage = (a: SimNode, b: SimNode) =>
            Number(b.imageAt !== undefined && b.imageAt <= now) -
            Number(a.imageAt !== undefined && a.imageAt <= now);
        let node = ready.filter((n) => this.free(n) >= this.cfg.gpusPerPod).sort(byImage)[0];
        if (!node) {
            node = ready.filter((n) => n.placeholders > 0).sort(byImage)[0];
            if (!node) {
                return false;
            }
            node.placeholders--;
            this.pendingPlaceholders++;
        }
        node.servers++;
        node.emptySince = undefined;
        const { imagePullSeconds, modelLoadSeconds, cachedModelLoadSeconds } = this.cfg.delays;
        node.imageAt ??= now + imagePullSeconds;
        const start = Math.max(now, node.imageAt);
        pod.node = node;
        pod.state = "starting";
        if (this.cfg.modelCache) {
            // The pod's init container fetches the weights unless the node has them (or is fetching them).
            node.modelAt ??= start + modelLoadSeconds - cachedModelLoadSeconds;
            pod.readyAt = Math.max(start, node.modelAt) + cachedModelLoadSeconds;
        } else {
            pod.readyAt = start + modelLoadSeconds;
        }
        return true;
    }

    release(pod: ServerPod, now: number): void {
        if (pod.node) {
            pod.node.servers--;
            if (pod.node.servers === 0 && pod.node.placeholders === 0) {
                pod.node.emptySince = now;
            }
            pod.node = undefined;
        }
    }

    private placePlaceholders(now: number): void {
        for (const n of this.nodes) {
            while (
                this.pendingPlaceholders > 0 &&
                n.readyAt <= now &&
                this.free(n) >= this.cfg.gpusPerPod
            ) {
                n.placeholders++;
                n.emptySince = undefined;
                this.pendingPlaceholders--;
                // The pre-pull DaemonSet (or a server before) brought the image: placeholders do not pull it.
            }
        }
    }

    /**
     * The node autoscaler's loop: pods that fit no node (counting nodes still coming up) get new
     * nodes, up to the pool's maximum; nodes empty for the unneeded time go, down to its minimum.
     */
    autoscale(pending: number, now: number): void {
        this.placePlaceholders(now);
        const podsPerNode = Math.floor(this.cfg.gpusPerNode / this.cfg.gpusPerPod);
        const coming = this.nodes
            .filter((n) => n.readyAt > now)
            .reduce((sum, n) => sum + Math.floor(this.free(n) / this.cfg.gpusPerPod), 0);
        const unplaced = pending + this.pendingPlaceholders - coming;
        const wanted = Math.min(
            this.cfg.maxNodes - this.nodes.length,
            Math.ceil(Math.max(0, unplaced) / podsPerNode),
        );
        for (let i = 0; i < wanted; i++) {
            const {
                nodeProvisionSeconds,
                imagePullSeconds,
                modelLoadSeconds,
                cachedModelLoadSeconds,
            } = this.cfg.delays;
            const readyAt = now + nodeProvisionSeconds;
            // The pre-pull DaemonSet starts on the node at once: the image, then (with the cache) the weights.
            const imageAt = this.cfg.imagePrePulled ? readyAt + imagePullSeconds : undefined;
            const modelAt =
                imageAt !== undefined && this.cfg.modelCache
                    ? imageAt + modelLoadSeconds - cachedModelLoadSeconds
                    : undefined;
            this.nodes.push({
                id: this.nextNode++,
                requestedAt: now,
                readyAt,
                imageAt,
                modelAt,
                servers: 0,
                placeholders: 0,
                emptySince: undefined,
            });
        }
        for (const n of [...this.nodes]) {
            const idle =
                n.readyAt <= now &&
                n.servers === 0 &&
                n.placeholders === 0 &&
                n.emptySince !== undefined;
            if (
                idle &&
                now - (n.emptySince as number) >= this.cfg.delays.scaleDownUnneededSeconds &&
                this.nodes.length > this.cfg.minNodes
            ) {
                this.removedGpuSeconds += (now - n.requestedAt) * this.cfg.gpusPerNode;
                this.nodes.splice(this.nodes.indexOf(n), 1);
            }
        }
    }

    /** A node that became ready with nothing on it starts its unneeded-time clock. */
    markEmpty(now: number): void {
        for (const n of this.nodes) {
            if (
                n.readyAt <= now &&
                n.servers === 0 &&
                n.placeholders === 0 &&
                n.emptySince === undefined
            ) {
                n.emptySince = now;
            }
        }
    }

    /** GPUs billed now (every node from its request on). */
    gpusBilled(): number {
        return this.nodes.length * this.cfg.gpusPerNode;
    }

    /** GPU-seconds billed up to `now`. */
    gpuSeconds(now: number): number {
        return (
            this.removedGpuSeconds +
            this.nodes.reduce((sum, n) => sum + (now - n.requestedAt) * this.cfg.gpusPerNode, 0)
        );
    }
}
