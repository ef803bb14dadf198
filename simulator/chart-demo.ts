/**
 * Renders a synthetic comparison of three runs to /tmp/chart-demo.{svg,png} (and a 24-hour one to
 * /tmp/chart-demo-24h.*), to look at the picture without running the simulator:
 *   npx ts-node --transpile-only simulator/chart-demo.ts
 */
import * as fs from "fs";
import { renderChartSvg } from "./chart";
import { ChartInput, ChartSeries } from "./chart-input";
import { svgToPng } from "./png";

/** A tiny seeded noise source, so the demo picture is the same every time. */
function noise(seed: number): () => number {
    let s = seed >>> 0;
    return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5;
}

function run(
    label: string,
    seconds: number,
    lag: number,
    perReplica: number,
    seed: number,
): ChartSeries {
    const rnd = noise(seed);
    const s: ChartSeries = {
        label,
        t: [],
        arrivals: [],
        desired: [],
        ready: [],
        metrics: [{ name: "vllm:num_requests_waiting", target: 8, values: [] }],
        ttftP95: [],
    };
    const queue: number[] = [];
    let ready = 1;
    for (let t = 0; t < seconds; t++) {
        const phase = t / seconds;
        const load =
            4 +
            10 * Math.max(0, Math.sin(phase * Math.PI * 2)) +
            (phase > 0.3 && phase < 0.32 ? 25 : 0) +
            rnd() * 3;
        const desired = Math.max(1, Math.min(12, Math.ceil(load / perReplica)));
        queue.push(desired);
        const due = queue.length > lag ? (queue.shift() as number) : ready;
        ready = Math.max(1, Math.min(due, ready + 1));
        const waiting = Math.max(0, (load / ready) * 2 + rnd() * 2);
        s.t.push(t);
        s.arrivals.push(Math.max(0, load));
        s.desired.push(desired);
        s.ready.push(ready);
        s.metrics[0].values.push(waiting);
        // Quiet stretches: no request finished, so no p95 to show.
        s.ttftP95.push(load < 4.2 ? NaN : 0.3 + waiting * 0.12 + Math.abs(rnd()) * 0.2);
    }
    return s;
}

function write(name: string, input: ChartInput): void {
    const svg = renderChartSvg(input);
    fs.writeFileSync(`/tmp/${name}.svg`, svg);
    fs.writeFileSync(`/tmp/${name}.png`, svgToPng(svg));
    console.log(`/tmp/${name}.svg (${svg.length} bytes), /tmp/${name}.png`);
}

write("chart-demo", {
    title: "Spike trace, 30 minutes: three setups compared",
    series: [
        run("component defaults", 1800, 90, 2, 1),
        run("seeds' setup", 1800, 40, 2.5, 2),
        run("your stack", 1800, 20, 3, 3),
    ],
    slo: { ttftSeconds: 1.5 },
});
write("chart-demo-24h", {
    title: "Diurnal trace, 24 hours",
    series: [run("component defaults", 86400, 300, 2, 4), run("your stack", 86400, 120, 3, 5)],
    slo: { ttftSeconds: 1.5 },
});
