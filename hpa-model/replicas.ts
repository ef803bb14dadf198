/**
 * The HorizontalPodAutoscaler's replica proposal for `Pods` metrics with `AverageValue` targets, as
 * kube-controller-manager computes it (kubernetes/kubernetes pkg/controller/podautoscaler):
 * replica_calculator.go groupPods + calcPlainMetricReplicas for each metric, horizontal.go
 * computeReplicasForMetrics over all of them. Stateless: what the controller does with the
 * proposal afterwards (stabilization, rate limits) is HpaController's job (controller.ts).
 */

/** Default of kube-controller-manager's --horizontal-pod-autoscaler-tolerance. */
export const DEFAULT_TOLERANCE = 0.1;

/** Usage ratios within [1 - scaleDown, 1 + scaleUp] propose no change (Tolerances.isWithin). */
export interface Tolerances {
    readonly scaleUp: number;
    readonly scaleDown: number;
}

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";

/** A pod the HPA's selector matches. */
export interface PodState {
    readonly name: string;
    /**
     * The pod's Ready condition. groupPods consults it for the `cpu` resource only, so for Pods
     * metrics it changes nothing: an unready Running pod that reports a value counts like a ready
     * one, and one that reports none is missing, like any other pod without a value.
     */
    readonly ready: boolean;
    /** Default Running. Pending pods are "unready" to groupPods; Failed ones are ignored. */
    readonly phase?: PodPhase;
    /** Has a deletionTimestamp: ignored, like a Failed pod. */
    readonly terminating?: boolean;
}

export interface PodsMetricInput {
    /** Target average per pod (the HPA's `target.averageValue`). */
    readonly target: number;
    /**
     * What the custom metrics API returned, per pod name. Every entry counts except those of pods
     * groupPods sets aside; no entry at all makes the metric invalid (the API's "no metrics returned").
     */
    readonly values: ReadonlyMap<string, number>;
}

export type MetricProposal =
    | {
          readonly valid: true;
          readonly replicas: number;
          /** The average the HPA reports in status.currentMetrics. */ readonly usage: number;
      }
    | { readonly valid: false; readonly error: string };

/** Tolerances.isWithin. */
export function withinTolerance(ratio: number, t: Tolerances): boolean {
    return 1.0 - t.scaleDown <= ratio && ratio <= 1.0 + t.scaleUp;
}

/**
 * The controller reads quantities as integer milli-units (Quantity.MilliValue, rounding up).
 * Float noise such as 4.36 * 1000 = 4360.000000000001 is taken as the exact value it stands for.
 */
export function milli(value: number): number {
    const m = value * 1000;
    const r = Math.round(m);
    return Math.abs(m - r) <= 1e-6 * Math.max(1, Math.abs(m)) ? r : Math.ceil(m);
}

/** GetMetricUsageRatio: the integer (truncated) milli average over `values`, and its ratio to the target. */
function usageRatio(
    values: Iterable<number>,
    count: number,
    targetMilli: number,
): { ratio: number; usage: number } {
    let total = 0;
    for (const v of values) {
        total += v;
    }
    const usage = Math.trunc(total / count);
    return { ratio: usage / targetMilli, usage };
}

/**
 * One Pods metric's proposal for `currentReplicas` (the scale's spec.replicas): groupPods, then
 * calcPlainMetricReplicas. Missing pods (no value) count as 0 on a scale-up and as exactly at
 * target on a scale-down; unready (Pending) pods are left out, or count as 0 on a scale-up; a fill-in
 * that flips the direction or lands within tolerance keeps the current count.
 */
export function podsMetricReplicas(
    currentReplicas: number,
    pods: readonly PodState[],
    metric: PodsMetricInput,
    tolerances: Tolerances = { scaleUp: DEFAULT_TOLERANCE, scaleDown: DEFAULT_TOLERANCE },
): MetricProposal {
    // GetRawMetric fails when the custom metrics API returns no item at all.
    if (metric.values.size === 0) {
        return {
            valid: false,
            error: "no pod reported the metric (the custom metrics API returned nothing)",
        };
    }
    if (pods.length === 0) {
        return {
            valid: false,
            error: "no pods returned by selector while calculating replica count",
        };
    }
    const targetMilli = milli(metric.target);
    const metrics = new Map<string, number>();
    for (const [name, value] of metric.values) {
        metrics.set(name, milli(value));
    }
    // groupPods (resource "" for Pods metrics: readiness is not consulted).
    let readyPodCount = 0;
    const unready: string[] = [];
    const missing: string[] = [];
    for (const pod of pods) {
        const phase = pod.phase ?? "Running";
        if (pod.terminating || phase === "Failed") {
            metrics.delete(pod.name); // ignoredPods, removeMetricsForPods
        } else if (phase === "Pending") {
            unready.push(pod.name);
            metrics.delete(pod.name); // unreadyPods, removeMetricsForPods
        } else if (!metrics.has(pod.name)) {
            missing.push(pod.name);
        } else {
            readyPodCount++;
        }
    }
    if (metrics.size === 0) {
        return {
            valid: false,
            error: "did not receive metrics for targeted pods (pods might be unready)",
        };
    }
    const { ratio, usage } = usageRatio(metrics.values(), metrics.size, targetMilli);
    const result = (replicas: number): MetricProposal => ({
        valid: true,
        replicas,
        usage: usage / 1000,
    });

    const scaleUpWithUnready = unready.length > 0 && ratio > 1.0;
    if (!scaleUpWithUnready && missing.length === 0) {
        return result(
            withinTolerance(ratio, tolerances) ? currentReplicas : Math.ceil(ratio * readyPodCount),
        );
    }
    if (missing.length > 0) {
        if (ratio < 1.0) {
            missing.forEach((p) => metrics.set(p, targetMilli));
        } else if (ratio > 1.0) {
            missing.forEach((p) => metrics.set(p, 0));
        }
    }
    if (scaleUpWithUnready) {
        unready.forEach((p) => metrics.set(p, 0));
    }
    const next = usageRatio(metrics.values(), metrics.size, targetMilli).ratio;
    if (
        withinTolerance(next, tolerances) ||
        (ratio < 1.0 && next > 1.0) ||
        (ratio > 1.0 && next < 1.0)
    ) {
        return result(currentReplicas);
    }
    const replicas = Math.ceil(next * metrics.size);
    if ((next < 1.0 && replicas > currentReplicas) || (next > 1.0 && replicas < currentReplicas)) {
        return result(currentReplicas);
    }
    return result(replicas);
}

export type MetricsProposal =
    | {
          readonly valid: true;
          readonly replicas: number;
          /** Set when some metrics were invalid. */ readonly error?: string;
      }
    | { readonly valid: false; readonly error: string };

/**
 * computeReplicasForMetrics: the largest valid proposal. It fails (the controller changes nothing
 * and records nothing) when every metric is invalid, or when some are and the valid ones would
 * scale below `currentReplicas`.
 */
export function metricsReplicas(
    currentReplicas: number,
    pods: readonly PodState[],
    metrics: readonly PodsMetricInput[],
    tolerances?: Tolerances,
): MetricsProposal {
    let replicas = 0;
    let invalid = 0;
    let firstError = "";
    for (const metric of metrics) {
        const proposal = podsMetricReplicas(currentReplicas, pods, metric, tolerances);
        if (!proposal.valid) {
            firstError ||= proposal.error;
            invalid++;
        } else if (replicas === 0 || proposal.replicas > replicas) {
            replicas = proposal.replicas;
        }
    }
    const error =
        invalid > 0 || metrics.length === 0
            ? `invalid metrics (${invalid} invalid out of ${metrics.length}), first error is: ${firstError || "no metrics"}`
            : undefined;
    // error is set exactly when a metric is invalid or there is none.
    if (error !== undefined && (invalid >= metrics.length || replicas < currentReplicas)) {
        return { valid: false, error };
    }
    return { valid: true, replicas, error };
}

const running = (names: readonly string[]): PodState[] =>
    names.map((name) => ({ name, ready: true }));

/** One metric's proposal for Running pods (currentReplicas = their number); throws when it is invalid. */
export function proposeReplicas(
    pods: readonly string[],
    metric: PodsMetricInput,
    tolerance = DEFAULT_TOLERANCE,
): number {
    const proposal = podsMetricReplicas(pods.length, running(pods), metric, {
        scaleUp: tolerance,
        scaleDown: tolerance,
    });
    if (!proposal.valid) {
        throw new Error(proposal.error);
    }
    return proposal.replicas;
}

export interface HpaDecisionInput {
    /** Pods the selector matches: names (Running) or full states. */
    readonly pods: readonly string[] | readonly PodState[];
    /** The scale's spec.replicas; default the number of pods. */
    readonly currentReplicas?: number;
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly metrics: readonly PodsMetricInput[];
    readonly tolerances?: Tolerances;
}

/**
 * The metric proposal clamped to [minReplicas, maxReplicas], before any stabilization or rate
 * limit: where the HPA is heading. A failed computation (see metricsReplicas) keeps the current count.
 */
export function desiredReplicas(input: HpaDecisionInput): number {
    if (input.metrics.length === 0) {
        throw new Error("an HPA needs at least one metric");
    }
    const pods = input.pods.map((p) => (typeof p === "string" ? { name: p, ready: true } : p));
    const current = input.currentReplicas ?? pods.length;
    const proposal = metricsReplicas(current, pods, input.metrics, input.tolerances);
    if (!proposal.valid) {
        return current;
    }
    return Math.min(input.maxReplicas, Math.max(input.minReplicas, proposal.replicas));
}
