/**
 * promtool input series for a vLLM histogram as a scrape stores them: one cumulative `_bucket`
 * counter per bound of vLLM's (`le` written as Python's prometheus_client writes floats: "1.0",
 * "0.25", "+Inf"), plus `_sum` and `_count`, growing by the same observations every step.
 */

/** prometheus_client's `floatToGoString`: whole numbers keep a ".0". */
export function leLabel(bound: number): string {
    return Number.isInteger(bound) ? bound.toFixed(1) : String(bound);
}

/**
 * Series for `name` with `labels` (the text inside `{}`), receiving `perStep` observations every
 * step for `steps` steps after a zero start.
 */
export function histogramSeries(
    name: string,
    labels: string,
    bounds: readonly number[],
    perStep: readonly number[],
    steps: number,
): { series: string; values: string }[] {
    const grows = (n: number) => `0+${n}x${steps}`;
    const sum = perStep.reduce((a, b) => a + b, 0);
    return [
        ...bounds.map((b) => ({
            series: `${name}_bucket{${labels},le="${leLabel(b)}"}`,
            values: grows(perStep.filter((v) => v <= b).length),
        })),
        { series: `${name}_bucket{${labels},le="+Inf"}`, values: grows(perStep.length) },
        { series: `${name}_sum{${labels}}`, values: grows(sum) },
        { series: `${name}_count{${labels}}`, values: grows(perStep.length) },
    ];
}

/** `count` observations of `value`. */
export const times = (count: number, value: number): number[] =>
    Array.from({ length: count }, () => value);
