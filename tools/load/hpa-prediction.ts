/**
 * What the package's HPA algorithm (hpa-model/controller.ts) proposes from what the
 * HPA itself reports: status.currentMetrics against spec.metrics' targets, for status.currentReplicas.
 * Set next to the HPA's own desiredReplicas, a difference shows the HPA holding or limiting its
 * count (stabilization, rate policies) or pods the status cannot show (missing or not yet running).
 */
import {
    desiredReplicas,
    resolveBehavior,
    Tolerances,
    DEFAULT_TOLERANCE,
} from "../../hpa-model/controller";
import { HpaStatus } from "./hpa";

/**
 * The metrics' proposal clamped to the HPA's bounds, before behavior. Undefined unless every
 * spec.metrics entry is a Pods metric with an AverageValue target, and the HPA has a status.
 * The status' averages are over the pods that reported, so every pod is taken to have reported.
 */
export function predictReplicas(status: HpaStatus): number | undefined {
    const current = status.currentReplicas;
    if (!current || status.maxReplicas === undefined || status.specMetrics.length === 0) {
        return undefined;
    }
    if (status.specMetrics.some((m) => m.type !== "Pods" || m.averageValue === undefined)) {
        return undefined;
    }
    const pods = Array.from({ length: current }, (_, i) => `pod-${i}`);
    const metrics = status.specMetrics.map((spec) => {
        const reported = status.metrics.find(
            (m) => m.type === "Pods" && m.name === spec.name,
        )?.currentValue;
        // A metric without a current value is one the HPA could not read: an invalid metric.
        const values =
            reported === undefined
                ? new Map<string, number>()
                : new Map(pods.map((p) => [p, reported]));
        return { target: spec.averageValue as number, values };
    });
    const tolerances = tolerancesOf(status.behavior);
    if (!tolerances) {
        return undefined;
    }
    return desiredReplicas({
        pods,
        currentReplicas: current,
        minReplicas: status.minReplicas ?? 1,
        maxReplicas: status.maxReplicas,
        metrics,
        tolerances,
    });
}

/** Behavior's per-direction tolerances over the cluster default; undefined when behavior does not parse. */
function tolerancesOf(behavior: HpaStatus["behavior"]): Tolerances | undefined {
    try {
        const b = behavior ? resolveBehavior(behavior) : undefined;
        return {
            scaleUp: b?.scaleUp.tolerance ?? DEFAULT_TOLERANCE,
            scaleDown: b?.scaleDown.tolerance ?? DEFAULT_TOLERANCE,
        };
    } catch {
        return undefined;
    }
}
