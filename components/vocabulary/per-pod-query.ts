/**
 * The PromQL giving one catalog metric's value per pod: the one definition the adapter rules, the
 * GKE recording rules, KEDA's triggers and the dashboard all use, with their own series names,
 * label matchers and grouping labels.
 */
import { MetricDefinition, readSeries } from "./metrics";

/**
 * `series`: the names to read (the catalog's, or the managed name on GKE), fallbacks or-joined;
 * `matchers`: the label matchers; `by`: the labels that name a pod ("namespace, pod", "pod", or
 * prometheus-adapter's `<<.GroupBy>>`).
 */
export function perPodExpr(
    metric: MetricDefinition,
    series: readonly string[],
    matchers: string,
    by: string,
): string {
    const read = metric.read;
    switch (read.kind) {
        case "gauge":
            return `${metric.aggregation} by (${by}) (${readSeries(series, matchers)})`;
        case "quantile": {
            const rates = series
                .map((s) => `rate(${s}_bucket{${matchers}}[${read.window}])`)
                .join(" or ");
            const quantile = `histogram_quantile(${read.quantile}, sum by (${by}, le) (${rates}))`;
            // A pod with no observation in the window has a NaN percentile, which the metrics servers
            // cannot serve (the HPA would go blind on an idle model): it reports 0, no latency.
            return `(${quantile} >= 0) or (0 * sum by (${by}) (${rates}))`;
        }
        case "growth": {
            const slopes = series
                .map((s) => `deriv(${s}{${matchers}}[${read.window}])`)
                .join(" or ");
            // A draining queue is no reason to scale down faster than the other metrics say.
            return `clamp_min(sum by (${by}) (${slopes}), 0)`;
        }
    }
}
