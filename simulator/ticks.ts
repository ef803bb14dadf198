/** Round-number axis ticks: 1, 2 or 5 times a power of ten, or whole clock units for time. */

/** The smallest 1/2/5 x 10^k step that is at least `rough`. */
export function niceStep(rough: number): number {
    if (!(rough > 0) || !Number.isFinite(rough)) {
        return 1;
    }
    const power = Math.pow(10, Math.floor(Math.log10(rough)));
    for (const m of [1, 2, 5]) {
        if (m * power >= rough * (1 - 1e-9)) {
            return m * power;
        }
    }
    return 10 * power;
}

export interface Axis {
    lo: number;
    hi: number;
    ticks: number[];
    step: number;
}

/**
 * A value axis that starts at 0 (or below, for negative data) and ends on a tick at or above
 * `max`, with about `count` intervals; `integer` keeps the step whole (replica counts).
 */
export function valueAxis(min: number, max: number, count: number, integer = false): Axis {
    let lo = Math.min(0, Number.isFinite(min) ? min : 0);
    let hi = Number.isFinite(max) ? max : 1;
    if (hi <= lo) {
        hi = lo + 1;
    }
    let step = niceStep((hi - lo) / count);
    if (integer) {
        step = Math.max(1, Math.round(step));
    }
    lo = Math.floor(lo / step + 1e-9) * step;
    hi = Math.ceil(hi / step - 1e-9) * step;
    return { lo, hi, ticks: ticksBetween(lo, hi, step), step };
}

/** Minutes between time ticks: whole clock units (15 min, 1 h, 2 h...) once the trace is long. */
const MINUTE_STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440];

/** A time axis from `lo` to `hi` minutes (the data's own ends), at most `maxTicks` intervals. */
export function timeAxis(lo: number, hi: number, maxTicks: number): Axis {
    if (!(hi > lo)) {
        hi = lo + 1;
    }
    const span = hi - lo;
    const step = MINUTE_STEPS.find((s) => span / s <= maxTicks) ?? niceStep(span / maxTicks);
    return { lo, hi, ticks: ticksBetween(lo, hi, step), step };
}

function ticksBetween(lo: number, hi: number, step: number): number[] {
    const ticks: number[] = [];
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
        // toPrecision drops float noise (0.30000000000000004); "+ 0" turns -0 into 0.
        ticks.push(Number((k * step).toPrecision(12)) + 0);
    }
    return ticks;
}

/** A tick label with as many decimals as the step needs (no 0.30000000000000004). */
export function tickLabel(value: number, step: number): string {
    const decimals = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
    const text = value.toFixed(decimals);
    return Number(text) === 0 ? (0).toFixed(decimals) : text;
}
