import { MetricDefinition, readSeries, toQuantity } from "../../vocabulary/metrics";
import { perPodExpr } from "../../vocabulary/per-pod-query";

/** One KEDA Prometheus trigger (`spec.triggers[]` of a ScaledObject). */
export interface PrometheusTrigger {
    type: "prometheus";
    name: string;
    metricType: "AverageValue" | "Value";
    metadata: {
        serverAddress: string;
        query: string;
        threshold: string;
        activationThreshold?: string;
        /** KEDA reads an empty result, NaN or Inf as 0 unless this is "false" (its default is true). */
        ignoreNullValues?: "false";
    };
    authenticationRef?: { name: string };
}

/**
 * The PromQL a KEDA trigger evaluates for one catalog metric over the server's pods. KEDA gets one
 * number per trigger, so the per-pod semantics the adapter gives the HPA are rebuilt here:
 * - summed metrics (requests, a queue's growth) are totalled and compared as an `AverageValue`
 *   (total ÷ replicas);
 * - per-pod levels (KV-cache, GPU utilisation, latency percentiles) are computed per pod as the
 *   catalog says, averaged over pods, and compared as a `Value`.
 * `series` lists the names to read (fallbacks joined with `or`), `selector` the label matchers.
 */
export function kedaQuery(
    metric: MetricDefinition,
    series: readonly string[],
    selector: string,
): { query: string; metricType: PrometheusTrigger["metricType"] } {
    if (metric.aggregation !== "sum") {
        return {
            query: `avg(${perPodExpr(metric, series, selector, "pod")})`,
            metricType: "Value",
        };
    }
    // A summed gauge needs no per-pod step; anything computed per pod is summed after it.
    const total =
        metric.read.kind === "gauge"
            ? readSeries(series, selector)
            : perPodExpr(metric, series, selector, "pod");
    return { query: `sum(${total})`, metricType: "AverageValue" };
}

/**
 * The query for a trigger that feeds a scaling-modifiers formula: the metric's average per pod,
 * whatever its kind, so a formula compares like with like (requests per pod beside a KV-cache
 * fraction) and its result is a per-pod level, compared as a `Value`.
 */
export function perPodAverageQuery(
    metric: MetricDefinition,
    series: readonly string[],
    selector: string,
): { query: string; metricType: PrometheusTrigger["metricType"] } {
    return { query: `avg(${perPodExpr(metric, series, selector, "pod")})`, metricType: "Value" };
}

/**
 * A trigger for one metric with its target; `inFormula` when a scaling-modifiers formula reads it.
 * `absentIsFailure` (a model that always has pods running) makes a query that finds no series an
 * error, as a server that does not answer is: KEDA's default reads it as 0 (prometheus_scaler.go,
 * `ignoreNullValues` default true), so a broken scrape would scale the model down under load and
 * the fallback, which engages only on errors, would never apply. With minReplicas 0 no pod means
 * no series, and 0 is the truth.
 */
export function metricTrigger(
    metric: MetricDefinition,
    series: readonly string[],
    selector: string,
    target: number,
    serverAddress: string,
    options: { authenticationRef?: string; inFormula?: boolean; absentIsFailure?: boolean } = {},
): PrometheusTrigger {
    const { authenticationRef, inFormula = false, absentIsFailure = false } = options;
    const { query, metricType } = inFormula
        ? perPodAverageQuery(metric, series, selector)
        : kedaQuery(metric, series, selector);
    return {
        type: "prometheus",
        name: metric.name,
        metricType,
        metadata: {
            serverAddress,
            query,
            threshold: toQuantity(target),
            ...(absentIsFailure ? { ignoreNullValues: "false" as const } : {}),
        },
        ...(authenticationRef ? { authenticationRef: { name: authenticationRef } } : {}),
    };
}

/**
 * The trigger that wakes the server from zero: the user's activation query, active above
 * `activationThreshold`. Its threshold is set so high that, once pods run, it never asks for more
 * than one replica: the metric triggers decide from there.
 */
export const ACTIVATION_ONLY_THRESHOLD = "1000000000";

export function activationTrigger(
    query: string,
    activationThreshold: number,
    serverAddress: string,
    authenticationRef?: string,
): PrometheusTrigger {
    return {
        type: "prometheus",
        name: "activation",
        metricType: "Value",
        metadata: {
            serverAddress,
            query,
            threshold: ACTIVATION_ONLY_THRESHOLD,
            activationThreshold: toQuantity(activationThreshold),
        },
        ...(authenticationRef ? { authenticationRef: { name: authenticationRef } } : {}),
    };
}
