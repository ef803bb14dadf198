/**
 * The simulator's timeline picture (simulator/chart.ts, simulator/png.ts): well-formed SVG with
 * one line per run in each panel, long runs thinned without losing spikes, NaN drawn as a gap,
 * and the same bytes for the same input.
 */
import { DOMParser, Element } from "@xmldom/xmldom";
import { expect } from "chai";
import { renderChartSvg } from "../../simulator/chart";
import { ChartInput, ChartSeries } from "../../simulator/chart-input";
import { downsample } from "../../simulator/downsample";
import { svgToPng } from "../../simulator/png";
import { tickLabel, timeAxis, valueAxis } from "../../simulator/ticks";

function series(label: string, seconds: number, at: (t: number) => number = () => 1): ChartSeries {
    const t = Array.from({ length: seconds }, (_, i) => i);
    return {
        label,
        t,
        arrivals: t.map(at),
        desired: t.map(() => 3),
        ready: t.map(() => 2),
        metrics: [{ name: "vllm:num_requests_waiting", target: 5, values: t.map(() => 4) }],
        ttftP95: t.map(() => 0.8),
    };
}

function parse(svg: string): Element {
    const doc = new DOMParser({
        onError: (level, message) => {
            if (level !== "warning") {
                throw new Error(`SVG is not well-formed XML: ${message}`);
            }
        },
    }).parseFromString(svg, "image/svg+xml");
    return doc.documentElement as Element;
}

function panel(root: Element, id: string): Element {
    const found = Array.from(root.getElementsByTagName("g")).find(
        (g) => g.getAttribute("id") === `panel-${id}`,
    );
    expect(found, `panel ${id}`).to.not.equal(undefined);
    return found as Element;
}

function seriesPaths(g: Element, kind?: string): Element[] {
    return Array.from(g.getElementsByTagName("path")).filter(
        (p) =>
            p.getAttribute("class") === "series" &&
            (kind === undefined || p.getAttribute("data-kind") === kind),
    );
}

/** The absolute points of each subpath of a `d` written with M, l and h (as chart.ts writes it). */
function subpaths(d: string): Array<Array<[number, number]>> {
    const out: Array<Array<[number, number]>> = [];
    let x = 0;
    let y = 0;
    for (const [, cmd, args] of d.matchAll(/([MLlh])([^MLlh]*)/g)) {
        const nums = (args.match(/-?(?:\d+\.?\d*|\.\d+)/g) ?? []).map(Number);
        if (cmd === "M") {
            [x, y] = nums;
            out.push([[x, y]]);
        } else if (cmd === "h") {
            x += nums[0];
            out[out.length - 1].push([x, y]);
        } else {
            for (let i = 0; i < nums.length; i += 2) {
                [x, y] = cmd === "L" ? [nums[i], nums[i + 1]] : [x + nums[i], y + nums[i + 1]];
                out[out.length - 1].push([x, y]);
            }
        }
    }
    return out;
}

function plotFrame(g: Element): { top: number; bottom: number; width: number } {
    const rect = Array.from(g.getElementsByTagName("rect"))[0];
    const top = Number(rect.getAttribute("y"));
    return {
        top,
        bottom: top + Number(rect.getAttribute("height")),
        width: Number(rect.getAttribute("width")),
    };
}

function pngSize(png: Buffer): { width: number; height: number } {
    expect(
        png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    ).to.equal(true);
    expect(png.subarray(12, 16).toString("latin1")).to.equal("IHDR");
    return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("simulator timeline chart", () => {
    const input: ChartInput = {
        title: "Spike trace <compared> & more",
        series: [
            series("component defaults", 600),
            series("seeds' setup", 600),
            series("your stack", 600),
        ],
        slo: { ttftSeconds: 1.5 },
    };

    it("is well-formed SVG with one line per run in each panel and every run in the legend", () => {
        const root = parse(renderChartSvg(input));
        expect(root.nodeName).to.equal("svg");
        expect(root.getAttribute("width")).to.equal("1200");
        expect(root.getAttribute("height")).to.equal("900");
        for (const id of ["load", "metric-0", "latency"]) {
            expect(
                seriesPaths(panel(root, id)).map((p) => p.getAttribute("data-run")),
                id,
            ).to.deep.equal(["0", "1", "2"]);
        }
        const replicas = panel(root, "replicas");
        expect(
            seriesPaths(replicas, "desired").map(
                (p) => p.getAttribute("stroke-dasharray") !== null,
            ),
        ).to.deep.equal([true, true, true]);
        expect(
            seriesPaths(replicas, "ready").map((p) => p.getAttribute("stroke-dasharray")),
        ).to.deep.equal([null, null, null]);

        const legend = Array.from(root.getElementsByTagName("text"))
            .filter((t) => t.getAttribute("class") === "legend-label")
            .map((t) => t.textContent);
        expect(legend).to.deep.equal(["component defaults", "seeds' setup", "your stack"]);
        const texts = Array.from(root.getElementsByTagName("text")).map((t) => t.textContent);
        expect(texts).to.include("Spike trace <compared> & more");
        expect(texts).to.include("SLO 1.5 s");
        expect(texts).to.include("target 5");
    });

    it("plots every metric the autoscaler reads in a panel of its own, each against its target", () => {
        const two = (label: string, gpuTarget: number): ChartSeries => ({
            ...series(label, 600),
            metrics: [
                { name: "vllm_num_requests_running", target: 4, values: Array(600).fill(3) },
                { name: "gpu_utilization_percent", target: gpuTarget, values: Array(600).fill(70) },
            ],
        });
        const root = parse(
            renderChartSvg({ title: "two metrics", series: [two("a", 60), two("b", 80)] }),
        );
        const titles = Array.from(root.getElementsByTagName("text")).map((t) => t.textContent);
        expect(titles).to.include.members([
            "Scaling metric: vllm_num_requests_running",
            "Scaling metric: gpu_utilization_percent",
        ]);
        expect(
            seriesPaths(panel(root, "metric-1")).map((p) => p.getAttribute("data-run")),
        ).to.deep.equal(["0", "1"]);
        const gpuPanelTexts = Array.from(panel(root, "metric-1").getElementsByTagName("text")).map(
            (t) => t.textContent,
        );
        expect(gpuPanelTexts).to.include.members(["target 60", "target 80"]);
        expect(gpuPanelTexts).to.not.include("target 4");
    });

    it("labels the axes with round numbers", () => {
        expect(valueAxis(0, 37, 5).ticks).to.deep.equal([0, 10, 20, 30, 40]);
        expect(valueAxis(0, 2.3, 5).ticks.map((v) => tickLabel(v, 0.5))).to.deep.equal([
            "0.0",
            "0.5",
            "1.0",
            "1.5",
            "2.0",
            "2.5",
        ]);
        expect(valueAxis(0, 3, 5, true).step).to.equal(1);
        expect(timeAxis(0, 1440, 12).step).to.equal(120);
        expect(timeAxis(0, 30, 12).ticks).to.deep.equal([0, 5, 10, 15, 20, 25, 30]);
    });

    it("thins a 24-hour run to about two points per pixel column and keeps a one-second spike", () => {
        const day = series("24 h", 86_400, (t) => (t === 43_210 ? 50 : 1 + (t % 7) / 10));
        const segments = downsample(day.t, day.arrivals, 0, 86_399, 1000);
        expect(segments).to.have.length(1);
        expect(segments[0].t.length).to.be.at.most(2000);
        expect(segments[0].y).to.include(50);
        expect(segments[0].t).to.include(43_210);

        const svg = renderChartSvg({ title: "day", series: [day] });
        expect(svg.length).to.be.below(300_000);
        const load = panel(parse(svg), "load");
        const frame = plotFrame(load);
        const points = subpaths(seriesPaths(load)[0].getAttribute("d") as string).flat();
        expect(points.length).to.be.at.most(2 * frame.width + 2);
        // The axis ends at 50, so the spike's point is the top of the plot.
        expect(Math.min(...points.map(([, y]) => y))).to.be.closeTo(frame.top, 0.11);
    });

    it("breaks the latency line at NaN instead of drawing it to 0", () => {
        const run = series("gappy", 600);
        run.ttftP95 = run.t.map((t) => (t >= 200 && t < 300 ? NaN : 0.8));
        run.ttftP95[450] = NaN;
        run.ttftP95[452] = NaN; // leaves one sample alone between two gaps
        const latency = panel(parse(renderChartSvg({ title: "gaps", series: [run] })), "latency");
        const d = seriesPaths(latency)[0].getAttribute("d") as string;
        expect(d).to.not.match(/NaN|Infinity/);
        const parts = subpaths(d);
        expect(parts).to.have.length(4);
        const frame = plotFrame(latency);
        const ys = parts.flat().map(([, y]) => y);
        expect(Math.max(...ys)).to.be.below(frame.bottom - 1);
        // No subpath crosses the gap: the first ends before t=200 s, the second starts after it.
        const xAt = (t: number) => frame.width * (t / 599);
        const left = Number(Array.from(latency.getElementsByTagName("rect"))[0].getAttribute("x"));
        expect(Math.max(...parts[0].map(([x]) => x)) - left).to.be.below(xAt(200));
        expect(Math.min(...parts[1].map(([x]) => x)) - left).to.be.above(xAt(299));
    });

    it("refuses a series whose arrays differ in length", () => {
        const bad = series("short", 10);
        bad.ready = bad.ready.slice(1);
        expect(() => renderChartSvg({ title: "bad", series: [bad] })).to.throw(
            /ready has 9 samples, t has 10/,
        );
    });

    it("rasterizes to a PNG of the requested width, with text", () => {
        const svg = renderChartSvg(input);
        expect(pngSize(svgToPng(svg, 600))).to.deep.equal({ width: 600, height: 450 });
        expect(pngSize(svgToPng(svg))).to.deep.equal({ width: 1200, height: 900 });
        // Without a font the title would not be drawn: the picture would match one without it.
        const untitled = svg.replace("Spike trace &lt;compared&gt; &amp; more", "");
        expect(svgToPng(untitled, 600).equals(svgToPng(svg, 600))).to.equal(false);
    });

    it("gives the same SVG and PNG for the same input", () => {
        const copy: ChartInput = JSON.parse(JSON.stringify(input));
        const svg = renderChartSvg(input);
        expect(renderChartSvg(copy)).to.equal(svg);
        expect(svgToPng(renderChartSvg(copy), 800).equals(svgToPng(svg, 800))).to.equal(true);
    });
});
