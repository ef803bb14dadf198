/**
 * The windowed PromQL functions the catalog's latency and growth metrics use, as Prometheus
 * computes them, for the simulated metrics path: `histogram_quantile` over a histogram's buckets
 * (linear interpolation inside the bucket holding the rank; the highest finite bound when the rank
 * falls in +Inf; promql/quantile.go `bucketQuantile`) and `deriv` (least-squares slope of the
 * samples, promql/functions.go `funcDeriv`).
 */

/** One observation of a histogram: when it was made and its value. */
export interface Observation {
    readonly at: number;
    readonly value: number;
}

/** The `q` quantile of `values` as Prometheus estimates it from `bounds` (upper bounds, ascending); NaN with no value. */
export function histogramQuantile(
    q: number,
    bounds: readonly number[],
    values: readonly number[],
): number {
    if (values.length === 0) {
        return NaN;
    }
    const cumulative = bounds.map((b) => values.filter((v) => v <= b).length);
    const rank = q * values.length;
    const i = cumulative.findIndex((c) => c >= rank);
    if (i === -1) {
        // In the +Inf bucket: Prometheus answers the highest finite bound.
        return bounds[bounds.length - 1];
    }
    if (i === 0 && bounds[0] <= 0) {
        // A first bucket at or below 0 (SGLang's queue time has one) is answered as its bound.
        return bounds[0];
    }
    const lower = i === 0 ? 0 : bounds[i - 1];
    const below = i === 0 ? 0 : cumulative[i - 1];
    const inBucket = cumulative[i] - below;
    return lower + (bounds[i] - lower) * ((rank - below) / inBucket);
}

/** The per-second slope of `samples` by least squares; undefined with fewer than two (Prometheus returns nothing). */
export function deriv(samples: readonly { at: number; value: number }[]): number | undefined {
    if (samples.length < 2) {
        return undefined;
    }
    const n = samples.length;
    const meanT = samples.reduce((s, x) => s + x.at, 0) / n;
    const meanV = samples.reduce((s, x) => s + x.value, 0) / n;
    let cov = 0;
    let varT = 0;
    for (const x of samples) {
        cov += (x.at - meanT) * (x.value - meanV);
        varT += (x.at - meanT) ** 2;
    }
    return varT === 0 ? 0 : cov / varT;
}
