/**
 * The local chart cache (`.charts/`, git-ignored): one archive per pinned release, which the render
 * and the tests run helm on. `npm run charts` fills it:
 * - from the directory in `$CHARTS_DIR` when set (CI sets it to ../shared/charts: no network);
 * - otherwise with `helm pull --repo <pinned repo> --version <pin>` (a user's machine).
 * Every archive is checked: its Chart.yaml must name the pinned chart and version, so a pin that
 * was never released cannot pass.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ChartPin, CHARTS } from "../components/vocabulary/charts";
import { runHelm } from "./helm";
import { REPO_ROOT } from "../harness/repo-root";

export const CHART_CACHE = path.join(REPO_ROOT, ".charts");

/** Where the archive of `pin` lives in a chart directory (helm pull's own file name). */
export function archiveName(pin: ChartPin): string {
    return `${pin.chart}-${pin.version}.tgz`;
}

export function cachedArchive(pin: ChartPin, cache = CHART_CACHE): string {
    return path.join(cache, archiveName(pin));
}

/** What is wrong with the archive at `file` for `pin`, or undefined when it is that release. */
async function archiveProblem(file: string, pin: ChartPin): Promise<string | undefined> {
    if (!fs.existsSync(file)) {
        return `${file} does not exist`;
    }
    let chart: { name?: unknown; version?: unknown };
    try {
        chart = yaml.load(await runHelm(["show", "chart", file])) as typeof chart;
    } catch (err) {
        return `${file} is not a chart archive (${(err as Error).message})`;
    }
    if (chart.name !== pin.chart || String(chart.version) !== pin.version) {
        return `${file} holds ${String(chart.name)} ${String(chart.version)}, not ${pin.chart} ${pin.version}`;
    }
    return undefined;
}

/** Puts the archive of `pin` into the cache from `source` or the pinned repository; returns how. */
async function fetchInto(
    cache: string,
    pin: ChartPin,
    source: string | undefined,
): Promise<string> {
    const target = cachedArchive(pin, cache);
    if (source !== undefined) {
        const from = path.join(source, archiveName(pin));
        if (!fs.existsSync(from)) {
            const held = fs.existsSync(source)
                ? fs.readdirSync(source).filter((f) => f.startsWith(`${pin.chart}-`))
                : [];
            throw new Error(
                `${pin.chart} ${pin.version} is not in CHARTS_DIR (${source}): ${archiveName(pin)} is missing` +
                    (held.length ? `; it holds ${held.join(", ")}` : "") +
                    ". Pin only a released version whose archive you have.",
            );
        }
        fs.copyFileSync(from, target);
        return `copied from ${from}`;
    }
    try {
        await runHelm(
            [
                "pull",
                pin.chart,
                "--repo",
                pin.repo,
                "--version",
                pin.version,
                "--destination",
                cache,
            ],
            { timeoutMs: 300_000 },
        );
    } catch (err) {
        throw new Error(
            `${pin.chart} ${pin.version} could not be pulled from ${pin.repo}: ${(err as Error).message}. ` +
                "Without network, set CHARTS_DIR to a directory holding the archives.",
            { cause: err },
        );
    }
    return `pulled from ${pin.repo}`;
}

/**
 * Makes sure the cache holds a verified archive of every pinned release; returns one line per
 * release. Throws, naming every release that is missing or wrong, when any cannot be provided.
 */
export async function fillChartCache(
    source: string | undefined = process.env.CHARTS_DIR || undefined,
    cache = CHART_CACHE,
    pins: readonly ChartPin[] = Object.values(CHARTS),
): Promise<string[]> {
    fs.mkdirSync(cache, { recursive: true });
    const report: string[] = [];
    const failures: string[] = [];
    for (const pin of pins) {
        const label = `${pin.chart} ${pin.version}`;
        try {
            let how = "cached";
            if ((await archiveProblem(cachedArchive(pin, cache), pin)) !== undefined) {
                fs.rmSync(cachedArchive(pin, cache), { force: true });
                how = await fetchInto(cache, pin, source ? path.resolve(source) : undefined);
            }
            const problem = await archiveProblem(cachedArchive(pin, cache), pin);
            if (problem) {
                fs.rmSync(cachedArchive(pin, cache), { force: true }); // never leave a wrong archive under a pinned name
                throw new Error(problem);
            }
            report.push(`${label}: ${how}`);
        } catch (err) {
            failures.push(`${label}: ${(err as Error).message}`);
        }
    }
    if (failures.length) {
        throw new Error(`the chart cache ${cache} is incomplete:\n  ${failures.join("\n  ")}`);
    }
    return report;
}

/**
 * The verified archive of `pin`; throws, naming the release and the fix, when the cache lacks it.
 * Reads only: the render and the tests never fetch.
 */
export async function requireCachedArchive(pin: ChartPin, cache = CHART_CACHE): Promise<string> {
    const file = cachedArchive(pin, cache);
    const problem = await archiveProblem(file, pin);
    if (problem) {
        throw new Error(
            `chart ${pin.chart} ${pin.version} is not in the chart cache (${problem}): run \`npm run charts\` first`,
        );
    }
    return file;
}

/**
 * The cached archive of `pin` unpacked (once) under `.charts/unpacked/`: the chart's directory, for
 * reading its values.yaml, templates and CRDs. Throws like `requireCachedArchive` when it is missing.
 */
export function unpackedChart(
    pin: Pick<ChartPin, "chart" | "version">,
    cache = CHART_CACHE,
): string {
    const dir = path.join(cache, "unpacked", `${pin.chart}-${pin.version}`);
    if (!fs.existsSync(dir)) {
        const archive = path.join(cache, `${pin.chart}-${pin.version}.tgz`);
        if (!fs.existsSync(archive)) {
            throw new Error(
                `chart ${pin.chart} ${pin.version} is not in the chart cache (${archive}): run \`npm run charts\` first`,
            );
        }
        const partial = `${dir}.${process.pid}.partial`;
        fs.mkdirSync(partial, { recursive: true });
        execFileSync("tar", ["-xzf", archive, "-C", partial]);
        fs.renameSync(partial, dir);
    }
    return path.join(dir, pin.chart);
}

if (require.main === module) {
    fillChartCache()
        .then((lines) => console.log(lines.map((l) => `charts: ${l}`).join("\n")))
        .catch((err: unknown) => {
            console.error(err instanceof Error ? err.message : err);
            process.exit(1);
        });
}
