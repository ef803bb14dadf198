/** One unbroken stretch of a line: non-finite samples (NaN) split a series into several. */
export interface Segment {
    t: number[];
    y: number[];
}

/**
 * Splits (t, y) at non-finite y and keeps at most two samples per bucket, the bucket's lowest and
 * highest in time order; the buckets are `buckets` equal slices of [t0, t1] (one per pixel column).
 * Keeping both extremes is what keeps a one-second spike visible in a 24-hour picture, and cutting
 * at NaN keeps a gap a gap instead of a drop to 0. `t` must be ascending.
 */
export function downsample(
    t: readonly number[],
    y: readonly number[],
    t0: number,
    t1: number,
    buckets: number,
): Segment[] {
    const span = t1 - t0;
    const segments: Segment[] = [];
    let current: Segment | undefined;
    let bucket = -1;
    let iMin = -1;
    let iMax = -1;

    const flush = () => {
        if (current === undefined || iMin < 0) {
            return;
        }
        for (const i of iMin === iMax ? [iMin] : [Math.min(iMin, iMax), Math.max(iMin, iMax)]) {
            current.t.push(t[i]);
            current.y.push(y[i]);
        }
        iMin = iMax = -1;
    };
    const close = () => {
        flush();
        if (current !== undefined && current.t.length > 0) {
            segments.push(current);
        }
        current = undefined;
        bucket = -1;
    };

    for (let i = 0; i < y.length; i++) {
        if (!Number.isFinite(y[i]) || !Number.isFinite(t[i])) {
            close();
            continue;
        }
        const b =
            span > 0
                ? Math.min(buckets - 1, Math.max(0, Math.floor(((t[i] - t0) / span) * buckets)))
                : 0;
        if (current === undefined) {
            current = { t: [], y: [] };
        }
        if (b !== bucket) {
            flush();
            bucket = b;
        }
        if (iMin < 0 || y[i] < y[iMin]) {
            iMin = i;
        }
        if (iMax < 0 || y[i] > y[iMax]) {
            iMax = i;
        }
    }
    close();
    return segments;
}
