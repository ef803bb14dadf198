/**
 * The HPA of the simulated model, deciding with the package's own controller
 * (hpa-model/controller.ts, shared with the load generator and the tests).
 *
 * Adapter backends serve Pods metrics: a value per pod that reports one. KEDA serves External
 * metrics: one number for the whole Deployment, divided by spec.replicas for `AverageValue`
 * (summed series such as running requests) or compared as it is for `Value` (averaged series such
 * as GPU utilisation), as GetExternalMetricReplicas does. Both reduce to the same controller: an
 * External value is handed to it as that value on every one of the Deployment's replicas.
 */
import { HpaController, HpaSyncInput, PodState } from "../hpa-model/controller";
import type { MetricName } from "../components/vocabulary/metrics";
import type { ServerPod } from "./capacity";
import type { SimConfig } from "./scenario";

/** One sync of the HPA, as the controller saw and decided it. */
export interface HpaDecision {
    readonly at: number;
    readonly input: HpaSyncInput;
    readonly desiredReplicas: number;
}

export class Autoscaler {
    readonly decisions: HpaDecision[] = [];
    private readonly controller: HpaController;
    /** Each metric as the HPA last saw it, averaged per pod (for the timeline). */
    lastMetrics: number[] = [];

    constructor(private readonly cfg: SimConfig) {
        this.controller = new HpaController({
            minReplicas: cfg.minReplicas,
            maxReplicas: cfg.maxReplicas,
            behavior: cfg.behavior,
        });
    }

    sync(
        now: number,
        current: number,
        pods: readonly ServerPod[],
        view: Map<MetricName, Map<string, number>>,
    ): number {
        const states: PodState[] = pods.map((p) => ({
            name: p.name,
            ready: p.state === "ready",
            phase: p.state === "pending" ? "Pending" : "Running",
        }));
        const keda = this.cfg.backend === "keda";
        const metrics = this.cfg.metrics.map((m) => {
            const values = view.get(m.name) as Map<string, number>;
            if (!keda || values.size === 0) {
                return { target: m.target, values };
            }
            const all = [...values.values()];
            const total = all.reduce((a, b) => a + b, 0);
            const external =
                m.aggregation === "sum" ? total / Math.max(1, current) : total / all.length;
            const spread = Array.from(
                { length: current },
                (_, i) => [`replica-${i}`, external] as const,
            );
            return { target: m.target, values: new Map(spread) };
        });
        this.lastMetrics = metrics.map(({ values }) =>
            values.size > 0 ? [...values.values()].reduce((a, b) => a + b, 0) / values.size : NaN,
        );
        const podsSeen = keda
            ? Array.from({ length: current }, (_, i) => ({ name: `replica-${i}`, ready: true }))
            : states;
        const input: HpaSyncInput = { currentReplicas: current, pods: podsSeen, metrics };
        const { desiredReplicas } = this.controller.sync(now, input);
        this.decisions.push({ at: now, input, desiredReplicas });
        return desiredReplicas;
    }
}
