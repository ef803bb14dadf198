/** Percentiles as vLLM's and Prometheus' users read them: the value below which p% of samples fall. */
export function percentile(sorted: readonly number[], p: number): number {
    if (sorted.length === 0) {
        return NaN;
    }
    return sorted[
        Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
    ];
}

export const sortedNumbers = (values: Iterable<number>): number[] =>
    [...values].sort((a, b) => a - b);
