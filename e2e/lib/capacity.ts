/**
 * Watches the served Deployment while an operation runs: the fewest ready replicas seen, and
 * whether the Deployment was ever replaced (its uid changed). "Without taking serving capacity
 * down" means neither happens.
 */
import { Kube } from "./kube";
import { ServerSettings } from "../workload";

export class CapacityWatch {
    private minReady = Number.POSITIVE_INFINITY;
    private readonly uids = new Set<string>();
    private timer?: NodeJS.Timeout;
    private startReady = 0;

    constructor(
        private readonly kube: Kube,
        private readonly server: ServerSettings,
    ) {}

    private sample(): void {
        try {
            const d = this.kube.get(
                "deployment",
                this.server.deploymentName,
                this.server.namespace,
            );
            this.minReady = Math.min(this.minReady, d?.status?.readyReplicas ?? 0);
            this.uids.add(d?.metadata.uid ?? "missing");
        } catch {
            // an API server hiccup is not a capacity drop; the next sample decides
        }
    }

    start(): void {
        this.sample();
        this.startReady = this.minReady;
        this.timer = setInterval(() => this.sample(), 1000);
    }

    /** Stops watching; throws when capacity went down. */
    check(): string {
        clearInterval(this.timer);
        this.sample();
        const name = `${this.server.namespace}/${this.server.deploymentName}`;
        if (this.uids.size !== 1 || this.uids.has("missing")) {
            throw new Error(
                `Deployment ${name} was deleted or replaced during the update (uids seen: ${[...this.uids].join(", ")})`,
            );
        }
        if (this.minReady < this.startReady) {
            throw new Error(
                `Deployment ${name} fell to ${this.minReady} ready replicas during the update (it had ${this.startReady})`,
            );
        }
        return `${name} kept ${this.startReady} ready replicas throughout`;
    }
}
