/**
 * Checks Helm values against the value keys a pinned chart version knows, recorded as a key tree in
 * tests/fixtures/helm-values/<chart>-<version>.json (from the chart's values.yaml; see the fixture's
 * `source` and `note`).
 *
 * The rule: every key path in the values must exist in the tree, except below a leaf whose default
 * is free-form — "map" (resources, nodeSelector, podLabels, prometheusSpec.storageSpec, ...),
 * "list" (tolerations, rules.custom, ...) or "any" — where the chart passes the value through
 * unread. A "value" leaf takes a plain value, a "map" leaf an object, a "list" leaf an array; null is
 * accepted anywhere (Helm's way to drop a default). A section recorded as "unrecorded", or a key
 * missing from a section recorded in part ("*"), fails with a message asking to record it.
 */
import * as fs from "fs";
import * as path from "path";

export type KeyNode = "value" | "map" | "list" | "any" | "unrecorded" | { [key: string]: KeyNode | string };

export interface ValuesKeyFixture {
    chart: string;
    version: string;
    source: { repo: string; path: string; commit: string; sourceChartVersion: string };
    keys: { [key: string]: KeyNode };
}

export const HELM_FIXTURES = path.join(__dirname, "..", "fixtures", "helm-values");

/** The recorded key tree of `chart` at `version`; throws when none is recorded. */
export function valuesKeyFixture(chart: string, version: string): ValuesKeyFixture {
    const file = path.join(HELM_FIXTURES, `${chart}-${version}.json`);
    if (!fs.existsSync(file)) {
        throw new Error(`no value keys recorded for ${chart} ${version}: add ${path.relative(process.cwd(), file)} from the chart's values.yaml`);
    }
    const fixture = JSON.parse(fs.readFileSync(file, "utf8")) as ValuesKeyFixture;
    if (fixture.chart !== chart || fixture.version !== version) {
        throw new Error(`${file} is for ${fixture.chart} ${fixture.version}`);
    }
    return fixture;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function check(value: unknown, node: KeyNode, at: string, problems: string[]): void {
    if (value === null || node === "any") {
        return;
    }
    switch (node) {
        case "value":
            if (typeof value === "object") {
                problems.push(`${at}: the chart takes a plain value here, not ${Array.isArray(value) ? "a list" : "a map"}`);
            }
            return;
        case "map":
            if (!isObject(value)) {
                problems.push(`${at}: the chart takes a map here`);
            }
            return;
        case "list":
            if (!Array.isArray(value)) {
                problems.push(`${at}: the chart takes a list here`);
            }
            return;
        case "unrecorded":
            problems.push(`${at}: section recorded by name only; record its keys from the chart's values.yaml to set it`);
            return;
    }
    if (!isObject(value)) {
        problems.push(`${at}: the chart takes a map with known keys here`);
        return;
    }
    const partial = typeof node["*"] === "string";
    for (const [key, child] of Object.entries(value)) {
        const where = at ? `${at}.${key}` : key;
        const known = key === "*" ? undefined : node[key];
        if (known === undefined) {
            problems.push(
                partial
                    ? `${where}: not among the recorded keys of ${at} (${String(node["*"])})`
                    : `${where}: unknown key; the chart has no such value`,
            );
        } else {
            check(child, known as KeyNode, where, problems);
        }
    }
}

/** Every key path of `values` the chart does not know, as "path: reason" lines (empty when all known). */
export function unknownValueKeys(values: Record<string, unknown>, fixture: ValuesKeyFixture): string[] {
    const problems: string[] = [];
    check(values, fixture.keys, "", problems);
    return problems;
}
