/**
 * The HorizontalPodAutoscaler's replica calculation for `Pods` metrics with `AverageValue` targets,
 * as Kubernetes documents it ("Algorithm details", horizontal-pod-autoscale) and implements it
 * (pkg/controller/podautoscaler/replica_calculator.go):
 *
 *   desiredReplicas = ceil(currentReplicas * currentMetricValue / desiredMetricValue)
 *
 * where currentMetricValue is the average over the pods that reported the metric. No change is
 * proposed while |ratio - 1| <= tolerance (the controller's default tolerance is 0.1). Pods without a
 * value count as 0 when scaling up and as exactly at target when scaling down; if that flips the
 * direction, or brings the ratio within tolerance, the current count is kept. With several metrics
 * the largest proposal wins; the result is clamped to [minReplicas, maxReplicas].
 *
 * Not modelled: `behavior` (stabilization windows and rate policies), which only delay or limit the
 * step towards this target, and the readiness rules that apply to CPU metrics only.
 */

/** Default of kube-controller-manager's --horizontal-pod-autoscaler-tolerance. */
export const DEFAULT_TOLERANCE = 0.1;

export interface PodsMetricInput {
    /** Target average per pod (the HPA's `target.averageValue`). */
    readonly target: number;
    /** Value per pod, as the custom metrics API returns it; pods without a value are missing. */
    readonly values: ReadonlyMap<string, number>;
}

/** Replica count one Pods metric proposes, for the pods the HPA's selector currently matches. */
export function proposeReplicas(
    pods: readonly string[],
    metric: PodsMetricInput,
    tolerance = DEFAULT_TOLERANCE,
): number {
    const current = pods.length;
    const reported = pods.filter((p) => metric.values.has(p));
    if (reported.length === 0) {
        throw new Error("no pod reported the metric: the HPA cannot compute a replica count");
    }
    let sum = reported.reduce((acc, p) => acc + (metric.values.get(p) as number), 0);
    const ratio = sum / reported.length / metric.target;
    const missing = current - reported.length;
    if (missing === 0) {
        return Math.abs(1 - ratio) <= tolerance ? current : Math.ceil(ratio * reported.length);
    }
    if (ratio < 1) {
        sum += metric.target * missing; // scaling down: missing pods assumed at target
    }
    const newRatio = sum / current / metric.target;
    if (Math.abs(1 - newRatio) <= tolerance || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) {
        return current;
    }
    const proposed = Math.ceil(newRatio * current);
    if ((newRatio < 1 && proposed > current) || (newRatio > 1 && proposed < current)) {
        return current;
    }
    return proposed;
}

export interface HpaDecisionInput {
    /** Pods the scale target currently runs (currentReplicas is their number). */
    readonly pods: readonly string[];
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly metrics: readonly PodsMetricInput[];
    readonly tolerance?: number;
}

/**
 * Desired replicas over every metric: the largest proposal, clamped to the HPA's bounds.
 * A metric no pod reports (the adapter serves nothing for it) is invalid. As the controller does
 * (computeReplicasForMetrics): when every metric is invalid, or some are and the valid ones would
 * not scale up, the count stays as it is; a valid metric asking for more still scales up.
 */
export function desiredReplicas(input: HpaDecisionInput): number {
    if (input.metrics.length === 0) {
        throw new Error("an HPA needs at least one metric");
    }
    const current = input.pods.length;
    const valid = input.metrics.filter((m) => input.pods.some((p) => m.values.has(p)));
    if (valid.length === 0) {
        return current;
    }
    const proposed = Math.max(...valid.map((m) => proposeReplicas(input.pods, m, input.tolerance)));
    if (valid.length < input.metrics.length && proposed <= current) {
        return current;
    }
    return Math.min(input.maxReplicas, Math.max(input.minReplicas, proposed));
}
