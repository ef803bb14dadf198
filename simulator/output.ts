/** Files a run leaves: the per-second timeline (CSV), the summary (JSON) and the picture (SVG, PNG). */
import * as fs from "fs";
import * as path from "path";
import { renderChartSvg } from "./chart";
import type { ChartInput } from "./chart-input";
import { svgToPng } from "./png";
import type { SimResult, TimelineRow } from "./simulate";
import type { Slo, Summary } from "./summary";

const COLUMNS = [
    "t",
    "arrivals",
    "running",
    "waiting",
    "kvCacheUsage",
    "gpuBusy",
    "desired",
    "ready",
    "pods",
    "pending",
    "nodes",
    "gpusBilled",
] as const;

/**
 * One row per second: the columns above, then each scaling metric (average per pod as the HPA saw
 * it) and its target, as `<name>` and `<name>_target`, then ttftP95.
 */
export function timelineCsv(
    rows: readonly TimelineRow[],
    metrics: readonly { name: string; target: number }[],
): string {
    const cell = (v: number) => (Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : "");
    const header = [...COLUMNS, ...metrics.flatMap((m) => [m.name, `${m.name}_target`]), "ttftP95"];
    const line = (r: TimelineRow) =>
        [
            ...COLUMNS.map((c) => r[c]),
            ...metrics.flatMap((m, i) => [r.metrics[i], m.target]),
            r.ttftP95,
        ]
            .map(cell)
            .join(",");
    return [header.join(","), ...rows.map(line)].join("\n") + "\n";
}

/** Arrivals per second averaged over the last 10 s: raw per-second counts are mostly noise. */
function smoothed(values: readonly number[], window = 10): number[] {
    let sum = 0;
    return values.map((v, i) => {
        sum += v - (i >= window ? values[i - window] : 0);
        return sum / Math.min(window, i + 1);
    });
}

export function chartInput(title: string, results: readonly SimResult[], slo: Slo): ChartInput {
    return {
        title,
        slo: { ttftSeconds: slo.ttftSeconds },
        series: results.map((r) => ({
            label: r.config.label,
            t: r.timeline.map((x) => x.t),
            arrivals: smoothed(r.timeline.map((x) => x.arrivals)),
            desired: r.timeline.map((x) => x.desired),
            ready: r.timeline.map((x) => x.ready),
            metrics: r.config.metrics.map((m, i) => ({
                name: m.name,
                target: m.target,
                values: r.timeline.map((x) => x.metrics[i]),
            })),
            ttftP95: r.timeline.map((x) => x.ttftP95),
        })),
    };
}

const slug = (label: string) =>
    label
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");

/** Writes every file under `dir`; returns their paths. */
export function writeRun(
    dir: string,
    title: string,
    results: readonly SimResult[],
    summaries: readonly Summary[],
    slo: Slo,
): string[] {
    fs.mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    const write = (name: string, content: string | Buffer) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, content);
        written.push(file);
    };
    const timelines = results.map((r) => ({
        file: results.length === 1 ? "timeline.csv" : `timeline-${slug(r.config.label)}.csv`,
        r,
    }));
    // An earlier run's timelines (other labels, or one run where there were several) would read as this run's.
    for (const stale of fs.readdirSync(dir).filter((f) => /^timeline(-.+)?\.csv$/.test(f))) {
        if (!timelines.some((t) => t.file === stale)) {
            fs.rmSync(path.join(dir, stale));
        }
    }
    for (const { file, r } of timelines) {
        write(file, timelineCsv(r.timeline, r.config.metrics));
    }
    write("summary.json", JSON.stringify(summaries, null, 2) + "\n");
    const svg = renderChartSvg(chartInput(title, results, slo));
    write("chart.svg", svg);
    write("chart.png", svgToPng(svg));
    return written;
}
