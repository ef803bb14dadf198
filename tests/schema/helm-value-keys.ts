/**
 * Checks Helm values against the keys of the pinned chart's own values.yaml (read from the chart
 * cache), subcharts included under their name or alias.
 *
 * The rule: every key path we set must exist in values.yaml, except below a default that is
 * free-form: an empty map (`resources: {}`, `nodeSelector: {}`), a list (`tolerations`,
 * `rules.custom`), null, or a map the chart's templates range over (listed in FREE_FORM, each
 * checked in the chart's templates). The shape must match too: a list where the chart has a list,
 * a map where it has a map. Keys commented out in values.yaml do not count: a value we set must be
 * one the chart documents.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { unpackedChart } from "../../scripts/chart-cache";
import { ChartPin } from "../../components/vocabulary/charts";

type Tree = Record<string, unknown>;

/**
 * Non-empty maps in values.yaml whose templates take any key (`range $key, $value := .Values.X`),
 * per chart. A key is only listed here after reading the template that ranges over it.
 */
export const FREE_FORM: Readonly<Record<string, readonly string[]>> = {
    // templates/deployment.yaml: `range $key, $value := .Values.extraArgs` → `--<key>=<value>`
    "cluster-autoscaler": ["extraArgs"],
};

const isMap = (v: unknown): v is Tree => typeof v === "object" && v !== null && !Array.isArray(v);

function loadYaml(file: string): Tree {
    return (fs.existsSync(file) ? (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) : {}) as Tree;
}

function deepMerge(base: Tree, over: Tree): Tree {
    const out: Tree = { ...base };
    for (const [k, v] of Object.entries(over)) {
        out[k] = isMap(out[k]) && isMap(v) ? deepMerge(out[k] as Tree, v) : v;
    }
    return out;
}

/** A chart directory's values with each subchart's own values.yaml merged in under its name or alias. */
function valuesWithSubcharts(chartDir: string): Tree {
    let values = loadYaml(path.join(chartDir, "values.yaml"));
    const chartYaml = loadYaml(path.join(chartDir, "Chart.yaml")) as {
        dependencies?: { name: string; alias?: string; condition?: string }[];
    };
    for (const dep of chartYaml.dependencies ?? []) {
        const dir = path.join(chartDir, "charts", dep.name);
        if (!fs.existsSync(dir)) {
            continue;
        }
        const key = dep.alias ?? dep.name;
        const own = valuesWithSubcharts(dir);
        // `<key>.enabled`-style conditions are values of the parent even when no values.yaml sets them.
        const condition = dep.condition?.split(",")[0];
        const conditionKey = condition?.startsWith(`${key}.`)
            ? { [condition.slice(key.length + 1)]: true }
            : {};
        values = {
            ...values,
            [key]: deepMerge(
                deepMerge(own, conditionKey),
                isMap(values[key]) ? (values[key] as Tree) : {},
            ),
        };
    }
    return values;
}

export interface ChartKeys {
    readonly chart: string;
    readonly version: string;
    readonly values: Tree;
    readonly freeForm: readonly string[];
}

/** The key tree of a pinned chart, read from its archive in the chart cache. */
export function chartKeys(pin: Pick<ChartPin, "chart" | "version">): ChartKeys {
    const dir = unpackedChart(pin);
    return {
        chart: pin.chart,
        version: pin.version,
        values: valuesWithSubcharts(dir),
        freeForm: FREE_FORM[pin.chart] ?? [],
    };
}

function describe(v: unknown): string {
    return Array.isArray(v)
        ? "a list"
        : isMap(v)
          ? "a map"
          : `a plain value (${JSON.stringify(v)})`;
}

function check(
    value: unknown,
    known: unknown,
    at: string,
    keys: ChartKeys,
    problems: string[],
): void {
    if (value === null || known === null || known === undefined || keys.freeForm.includes(at)) {
        return;
    }
    if (Array.isArray(known)) {
        if (!Array.isArray(value)) {
            problems.push(`${at}: the chart takes a list here, not ${describe(value)}`);
        }
        return;
    }
    if (!isMap(known)) {
        if (typeof value === "object") {
            problems.push(`${at}: the chart takes a plain value here, not ${describe(value)}`);
        }
        return;
    }
    if (!isMap(value)) {
        problems.push(`${at}: the chart takes a map here, not ${describe(value)}`);
        return;
    }
    if (Object.keys(known).length === 0) {
        return; // an empty map: free-form (resources, nodeSelector, annotations, ...)
    }
    for (const [key, child] of Object.entries(value)) {
        const where = at ? `${at}.${key}` : key;
        if (!(key in known) && !(at === "" && key === "global")) {
            problems.push(
                `${where}: unknown key; ${keys.chart} ${keys.version}'s values.yaml has no such value`,
            );
        } else {
            check(child, known[key], where, keys, problems);
        }
    }
}

/** Every key path of `values` the chart does not know, as "path: reason" lines (empty when all known). */
export function unknownValueKeys(values: Record<string, unknown>, keys: ChartKeys): string[] {
    const problems: string[] = [];
    check(values, keys.values, "", keys, problems);
    return problems;
}
