/**
 * The simulator's per-second timeline as one SVG picture: panels sharing the time axis (load,
 * replicas, one per scaling metric, latency), one colour per run, so several runs over the same
 * trace can be compared at a glance. Plain string building: the picture is a few hundred elements.
 */
import { ChartInput, ChartSeries } from "./chart-input";
import { downsample } from "./downsample";
import { Axis, tickLabel, timeAxis, valueAxis } from "./ticks";

export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 900;

/** Okabe-Ito, reordered so the first runs get the most distinct colours; yellow last (faint on white). */
export const RUN_COLOURS = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#F0E442",
];

/** The font the PNG renderer ships (simulator/png.ts); the others are for browsers without it. */
export const FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif";

const MARGIN = { left: 78, right: 28, bottom: 50 };
const PANEL_HEADER = 24;
const PANEL_GAP = 12;
const DASH = "7 4";
const REF_COLOUR = "#333333";

/** One line in a panel: a run's values, solid or dashed. */
interface PanelLine {
    run: number;
    kind: string;
    values: readonly number[];
    dashed: boolean;
}

/** A horizontal reference (target, SLO) with its label. */
interface RefLine {
    y: number;
    colour: string;
    label: string;
}

interface PanelSpec {
    id: string;
    title: string;
    /** What solid and dashed mean in this panel. */
    key: { solid?: string; dashed?: string };
    yLabel: string;
    integer: boolean;
    lines: PanelLine[];
    refs: RefLine[];
}

interface Box {
    x: number;
    y: number;
    w: number;
    h: number;
}

export function renderChartSvg(input: ChartInput): string {
    input.series.forEach(checkLengths);
    const out: string[] = [];
    out.push(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" ` +
            `viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${FONT_FAMILY}" font-size="12">`,
        `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
        `<text x="${MARGIN.left}" y="30" font-size="20" font-weight="bold" fill="#111111">${esc(input.title)}</text>`,
    );
    const legend = renderLegend(input.series, 52);
    out.push(legend.svg);

    const top = legend.bottom + 10;
    const plotW = CHART_WIDTH - MARGIN.left - MARGIN.right;
    const specs = panelSpecs(input);
    const plotH =
        (CHART_HEIGHT -
            top -
            MARGIN.bottom -
            specs.length * (PANEL_HEADER + PANEL_GAP) +
            PANEL_GAP) /
        specs.length;
    const time = timeRange(input.series);
    specs.forEach((spec, i) => {
        const y = top + i * (PANEL_HEADER + plotH + PANEL_GAP) + PANEL_HEADER;
        const box = { x: MARGIN.left, y, w: plotW, h: plotH };
        out.push(renderPanel(spec, box, input.series, time, i === specs.length - 1));
    });
    out.push(`</svg>`);
    return out.join("\n") + "\n";
}

function checkLengths(s: ChartSeries): void {
    const columns = [
        ...(["arrivals", "desired", "ready", "ttftP95"] as const).map((k) => ({ k, v: s[k] })),
        ...s.metrics.map((m) => ({ k: m.name, v: m.values })),
    ];
    for (const { k, v } of columns) {
        if (v.length !== s.t.length) {
            throw new Error(
                `chart series "${s.label}": ${k} has ${v.length} samples, t has ${s.t.length}`,
            );
        }
    }
}

function panelSpecs(input: ChartInput): PanelSpec[] {
    const runs = input.series;
    const each = (
        kind: string,
        pick: (s: ChartSeries) => readonly number[],
        dashed = false,
    ): PanelLine[] => runs.map((s, run) => ({ run, kind, values: pick(s), dashed }));
    // One panel per metric any run's autoscaler reads, each against its target(s): the metric that
    // holds the replicas up may be any of them.
    const names = unique(runs.flatMap((s) => s.metrics.map((m) => m.name)));
    const metricPanels: PanelSpec[] = names.map((name, i) => ({
        id: `metric-${i}`,
        title: `Scaling metric: ${name}`,
        key: { solid: "average per pod, as the HPA saw it", dashed: "target" },
        yLabel: "per pod",
        integer: false,
        lines: runs.flatMap((s, run) =>
            s.metrics
                .filter((m) => m.name === name)
                .map((m) => ({ run, kind: "metric", values: m.values, dashed: false })),
        ),
        refs: targetLines(runs, name),
    }));
    return [
        {
            id: "load",
            title: "Load",
            key: {},
            yLabel: "arrivals / s",
            integer: false,
            lines: each("arrivals", (s) => s.arrivals),
            refs: [],
        },
        {
            id: "replicas",
            title: "Replicas",
            key: { solid: "ready", dashed: "desired (HPA)" },
            yLabel: "replicas",
            integer: true,
            // Desired first so the ready line is drawn on top of it.
            lines: runs.flatMap((s, run) => [
                { run, kind: "desired", values: s.desired, dashed: true },
                { run, kind: "ready", values: s.ready, dashed: false },
            ]),
            refs: [],
        },
        ...metricPanels,
        {
            id: "latency",
            title: "Latency: time to first token, p95 over the last minute",
            key: input.slo ? { dashed: "SLO" } : {},
            yLabel: "TTFT p95 (s)",
            integer: false,
            lines: each("ttftP95", (s) => s.ttftP95),
            refs: input.slo
                ? [
                      {
                          y: input.slo.ttftSeconds,
                          colour: REF_COLOUR,
                          label: `SLO ${fmt(input.slo.ttftSeconds)} s`,
                      },
                  ]
                : [],
        },
    ];
}

/** One dashed line per distinct target of `name`: in the run's colour when it is that run's alone. */
function targetLines(runs: ChartSeries[], name: string): RefLine[] {
    const byTarget = new Map<number, number[]>();
    runs.forEach((s, run) => {
        for (const m of s.metrics.filter((x) => x.name === name && Number.isFinite(x.target))) {
            byTarget.set(m.target, [...(byTarget.get(m.target) ?? []), run]);
        }
    });
    return [...byTarget].map(([target, members]) => ({
        y: target,
        colour: members.length === 1 && runs.length > 1 ? colourOf(members[0]) : REF_COLOUR,
        label: `target ${fmt(target)}`,
    }));
}

function renderLegend(series: ChartSeries[], y: number): { svg: string; bottom: number } {
    const parts: string[] = [`<g class="legend">`];
    const rowHeight = 20;
    let x = MARGIN.left;
    let row = 0;
    series.forEach((s, run) => {
        const width = 30 + textWidth(s.label, 13) + 24;
        if (x + width > CHART_WIDTH - MARGIN.right && x > MARGIN.left) {
            row++;
            x = MARGIN.left;
        }
        const cy = y + row * rowHeight;
        parts.push(
            `<line x1="${x}" y1="${cy - 4}" x2="${x + 24}" y2="${cy - 4}" stroke="${colourOf(run)}" stroke-width="3"/>`,
            `<text class="legend-label" x="${x + 30}" y="${cy}" font-size="13" fill="#111111">${esc(s.label)}</text>`,
        );
        x += width;
    });
    parts.push(`</g>`);
    return { svg: parts.join("\n"), bottom: y + row * rowHeight + (series.length > 0 ? 6 : -14) };
}

function renderPanel(
    spec: PanelSpec,
    box: Box,
    series: ChartSeries[],
    time: Axis,
    last: boolean,
): string {
    const finite = spec.lines.flatMap((l) => extent(l.values)).concat(spec.refs.map((r) => r.y));
    const yAxis = valueAxis(
        Math.min(...finite, 0),
        Math.max(...finite, 0),
        box.h > 150 ? 5 : 4,
        spec.integer,
    );
    const sx = (tSec: number) => box.x + ((tSec / 60 - time.lo) / (time.hi - time.lo)) * box.w;
    const sy = (v: number) => box.y + box.h - ((v - yAxis.lo) / (yAxis.hi - yAxis.lo)) * box.h;
    const out: string[] = [`<g class="panel" id="panel-${spec.id}">`];

    out.push(
        `<text x="${box.x}" y="${n(box.y - 8)}" font-size="13" font-weight="bold" fill="#111111">${esc(spec.title)}</text>`,
    );
    out.push(renderKey(spec.key, box.x + box.w, box.y - 8));

    // Grid first, so the data is drawn over it.
    for (const v of yAxis.ticks) {
        const y = n(sy(v));
        out.push(
            `<line x1="${box.x}" y1="${y}" x2="${box.x + box.w}" y2="${y}" stroke="#e4e4e4"/>`,
        );
        out.push(
            `<text x="${box.x - 6}" y="${y}" dy="4" text-anchor="end" fill="#444444">${tickLabel(v, yAxis.step)}</text>`,
        );
    }
    for (const m of time.ticks) {
        const x = n(box.x + ((m - time.lo) / (time.hi - time.lo)) * box.w);
        out.push(
            `<line x1="${x}" y1="${n(box.y)}" x2="${x}" y2="${n(box.y + box.h)}" stroke="#e4e4e4"/>`,
        );
        if (last) {
            out.push(
                `<text x="${x}" y="${n(box.y + box.h + 16)}" text-anchor="middle" fill="#444444">${tickLabel(m, time.step)}</text>`,
            );
        }
    }
    out.push(
        `<rect x="${box.x}" y="${n(box.y)}" width="${box.w}" height="${n(box.h)}" fill="none" stroke="#9a9a9a"/>`,
    );
    out.push(
        `<text transform="translate(${box.x - 52},${n(box.y + box.h / 2)}) rotate(-90)" text-anchor="middle" fill="#222222">${esc(spec.yLabel)}</text>`,
    );
    if (last) {
        out.push(
            `<text x="${n(box.x + box.w / 2)}" y="${n(box.y + box.h + 36)}" text-anchor="middle" fill="#222222">minutes since the start of the trace</text>`,
        );
    }

    for (const line of spec.lines) {
        const s = series[line.run];
        const d = pathData(
            downsample(s.t, line.values, time.lo * 60, time.hi * 60, Math.round(box.w)),
            sx,
            sy,
        );
        out.push(
            `<path class="series" data-run="${line.run}" data-kind="${line.kind}" d="${d}" fill="none" stroke="${colourOf(line.run)}" ` +
                `stroke-width="${line.dashed ? 1.4 : 1.6}"${line.dashed ? ` stroke-dasharray="${DASH}"` : ""} stroke-linejoin="round" stroke-linecap="round"/>`,
        );
    }
    for (const ref of spec.refs) {
        const y = n(sy(ref.y));
        out.push(
            `<line class="ref" x1="${box.x}" y1="${y}" x2="${box.x + box.w}" y2="${y}" stroke="${ref.colour}" stroke-width="1.3" stroke-dasharray="${DASH}"/>`,
            `<text x="${box.x + box.w - 6}" y="${n(sy(ref.y) - 5)}" text-anchor="end" fill="${ref.colour}" stroke="#ffffff" ` +
                `stroke-width="3" paint-order="stroke">${esc(ref.label)}</text>`,
        );
    }
    out.push(`</g>`);
    return out.join("\n");
}

/** "solid: … / dashed: …" swatches at the right end of a panel's header line. */
function renderKey(key: PanelSpec["key"], right: number, baseline: number): string {
    const items = [
        ...(key.solid ? [{ text: key.solid, dashed: false }] : []),
        ...(key.dashed ? [{ text: key.dashed, dashed: true }] : []),
    ];
    const parts: string[] = [];
    let x = right;
    for (const item of [...items].reverse()) {
        x -= textWidth(item.text, 12);
        parts.unshift(
            `<line x1="${n(x - 30)}" y1="${baseline - 4}" x2="${n(x - 6)}" y2="${baseline - 4}" stroke="#555555" stroke-width="1.6"${item.dashed ? ` stroke-dasharray="${DASH}"` : ""}/>`,
            `<text x="${n(x)}" y="${baseline}" fill="#444444">${esc(item.text)}</text>`,
        );
        x -= 30 + 18;
    }
    return parts.join("\n");
}

/**
 * One path per line: a NaN gap starts a new subpath, a lone sample becomes a 2 px dash. After
 * each subpath's first point the steps are relative, in whole tenths of a pixel (no drift), which
 * keeps a 24-hour chart's file about a third smaller.
 */
function pathData(
    segments: ReturnType<typeof downsample>,
    sx: (t: number) => number,
    sy: (v: number) => number,
): string {
    let d = "";
    for (const seg of segments) {
        const xs = seg.t.map((t) => Math.round(sx(t) * 10));
        const ys = seg.y.map((v) => Math.round(sy(v) * 10));
        if (xs.length === 1) {
            d += `M${tenths(xs[0] - 10)} ${tenths(ys[0])}h2`;
            continue;
        }
        d += `M${tenths(xs[0])} ${tenths(ys[0])}l`;
        for (let i = 1; i < xs.length; i++) {
            const dx = tenths(xs[i] - xs[i - 1]);
            const dy = tenths(ys[i] - ys[i - 1]);
            d += `${i > 1 && !dx.startsWith("-") ? " " : ""}${dx}${dy.startsWith("-") ? "" : " "}${dy}`;
        }
    }
    return d;
}

/** A whole number of tenths as the shortest SVG number: 5 -> ".5", -12 -> "-1.2". */
function tenths(k: number): string {
    const text = String(k / 10);
    return text.replace(/^(-?)0\./, "$1.");
}

function timeRange(series: ChartSeries[]): Axis {
    const starts = series.filter((s) => s.t.length > 0).map((s) => s.t[0]);
    const ends = series.filter((s) => s.t.length > 0).map((s) => s.t[s.t.length - 1]);
    const lo = starts.length ? Math.min(...starts) : 0;
    const hi = ends.length ? Math.max(...ends) : 60;
    return timeAxis(lo / 60, hi / 60, 12);
}

/** [min, max] of the finite values (none when there are none), without spreading 86400 arguments. */
function extent(values: readonly number[]): number[] {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
        if (Number.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
    }
    return lo <= hi ? [lo, hi] : [];
}

function colourOf(run: number): string {
    return RUN_COLOURS[run % RUN_COLOURS.length];
}

function unique(values: string[]): string[] {
    return [...new Set(values)];
}

/** Roughly how wide DejaVu Sans sets `text` (about 0.6 em a character): enough to lay out a legend. */
function textWidth(text: string, size: number): number {
    return Math.ceil(text.length * size * 0.6);
}

/** Coordinates to 0.1 px: smaller files, and the same text for the same input. */
function n(v: number): string {
    return String(Math.round(v * 10) / 10);
}

function fmt(v: number): string {
    return String(Math.round(v * 1000) / 1000);
}

function esc(text: string): string {
    return text.replace(
        /[&<>"']/g,
        (c) =>
            ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
    );
}
