/**
 * The rendered plan of a stack, produced exactly as a reviewer produces it: `npm run render` in a
 * child process (buildPlan loads the program once per process, so every stack needs its own).
 * Each stack is rendered once per test process and shared by the test files that read it; the
 * output directories are removed when the process exits.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { PlannedResource } from "../../scripts/mock-engine";
import { REPO_ROOT } from "../../scripts/plan";

/** A Kubernetes object as written under manifests/. */
export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
    [key: string]: any;
}

/** One Helm release of the plan: which chart, which pinned version, which values. */
export interface HelmReleasePlan {
    name: string;
    chart: string;
    version: string;
    values: Record<string, unknown>;
}

export interface RenderedStack {
    readonly stack: string;
    readonly dir: string;
    readonly plan: PlannedResource[];
    /** Every Kubernetes object, keyed by its manifest file name. */
    readonly objects: ReadonlyMap<string, KubeObject>;
    readonly releases: readonly HelmReleasePlan[];
}

const HELM_TYPES = new Set(["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"]);
const cache = new Map<string, RenderedStack>();
const dirs: string[] = [];
process.on("exit", () => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function render(stack: string): RenderedStack {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `plan-${stack}-`));
    dirs.push(dir);
    execFileSync("npm", ["run", "--silent", "render", "--", "--stack", stack, "--out", dir], {
        cwd: REPO_ROOT,
        stdio: "pipe",
        timeout: 120_000,
    });
    const plan = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8")) as PlannedResource[];
    const objects = new Map<string, KubeObject>();
    for (const file of fs.readdirSync(path.join(dir, "manifests")).sort()) {
        objects.set(file, yaml.load(fs.readFileSync(path.join(dir, "manifests", file), "utf8")) as KubeObject);
    }
    const releases = plan
        .filter((r) => HELM_TYPES.has(r.type))
        .map((r) => ({
            name: r.name,
            chart: String(r.inputs.chart),
            version: String(r.inputs.version),
            values: (r.inputs.values ?? {}) as Record<string, unknown>,
        }));
    return { stack, dir, plan, objects, releases };
}

/** The stack's rendered plan (rendered on first use, then cached for this process). */
export function renderedStack(stack: string): RenderedStack {
    let rendered = cache.get(stack);
    if (!rendered) {
        rendered = render(stack);
        cache.set(stack, rendered);
    }
    return rendered;
}

/** The objects of one kind (and apiVersion group, when given) in a rendered stack. */
export function objectsOfKind(rendered: RenderedStack, kind: string, group?: string): KubeObject[] {
    return [...rendered.objects.values()].filter(
        (o) => o.kind === kind && (group === undefined || o.apiVersion.startsWith(`${group}/`)),
    );
}

/** The release installing `chart`, or undefined when the stack does not install it. */
export function releaseOfChart(rendered: RenderedStack, chart: string): HelmReleasePlan | undefined {
    return rendered.releases.find((r) => r.chart === chart);
}
