/**
 * The rendered plan of a stack, produced exactly as a reviewer produces it: `npm run render` in a
 * child process (buildPlan loads the program once per process, so every render needs its own).
 * Each stack (and `--set` variant) is rendered once per test process and shared by the test files
 * that read it; the output directories are removed when the process exits.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { KubeObject } from "../scripts/cluster-render";
import { PlannedResource } from "./mock-engine";
import { REPO_ROOT } from "./plan";

export { KubeObject };

/** One Helm release of the plan: which chart, which pinned version, which values. */
export interface HelmReleasePlan {
    name: string;
    chart: string;
    version: string;
    values: Record<string, unknown>;
}

/** One object of the whole cluster, as listed in cluster/objects.json, with its content. */
export interface ClusterEntry {
    /** "component" or the Helm release that installs it. */
    source: string;
    kind: string;
    namespace?: string;
    name: string;
    /** Path relative to the render's directory. */
    file: string;
    object: KubeObject;
}

export interface RenderedStack {
    readonly stack: string;
    /** The `--set` overrides it was rendered with. */
    readonly overrides: readonly string[];
    readonly dir: string;
    readonly plan: PlannedResource[];
    /** The component's own Kubernetes objects, keyed by manifest file name. */
    readonly objects: ReadonlyMap<string, KubeObject>;
    readonly releases: readonly HelmReleasePlan[];
    /** Every object that will exist: the component's and each release's (helm template on the pinned chart). */
    readonly cluster: readonly ClusterEntry[];
}

const HELM_TYPES = new Set(["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"]);
const cache = new Map<string, RenderedStack>();
const dirs: string[] = [];
process.on("exit", () => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function render(stack: string, overrides: readonly string[]): RenderedStack {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `plan-${stack}-`));
    dirs.push(dir);
    try {
        execFileSync(
            "npm",
            [
                "run",
                "--silent",
                "render",
                "--",
                "--stack",
                stack,
                "--out",
                dir,
                ...overrides.flatMap((o) => ["--set", o]),
            ],
            {
                cwd: REPO_ROOT,
                stdio: "pipe",
                timeout: 180_000,
            },
        );
    } catch (err) {
        throw new Error(
            `npm run render -- --stack ${stack} ${overrides.join(" ")} failed:\n${String((err as { stderr?: Buffer }).stderr ?? err)}`,
            { cause: err },
        );
    }
    const read = (rel: string) => fs.readFileSync(path.join(dir, rel), "utf8");
    const plan = JSON.parse(read("plan.json")) as PlannedResource[];
    const objects = new Map<string, KubeObject>();
    for (const file of fs.readdirSync(path.join(dir, "manifests")).sort()) {
        objects.set(file, yaml.load(read(path.join("manifests", file))) as KubeObject);
    }
    const releases = plan
        .filter((r) => HELM_TYPES.has(r.type))
        .map((r) => ({
            name: String(r.inputs.name ?? r.name),
            chart: String(r.inputs.chart),
            version: String(r.inputs.version),
            values: (r.inputs.values ?? {}) as Record<string, unknown>,
        }));
    const index = JSON.parse(read(path.join("cluster", "objects.json"))) as Omit<
        ClusterEntry,
        "object"
    >[];
    const cluster = index.map((e) => ({ ...e, object: yaml.load(read(e.file)) as KubeObject }));
    return { stack, overrides, dir, plan, objects, releases, cluster };
}

/** The stack's rendered plan (rendered on first use, then cached for this process). */
export function renderedStack(stack: string, overrides: readonly string[] = []): RenderedStack {
    const key = [stack, ...overrides].join(" ");
    let rendered = cache.get(key);
    if (!rendered) {
        rendered = render(stack, overrides);
        cache.set(key, rendered);
    }
    return rendered;
}

/** `--set` overrides that switch a stack to the KEDA backend. */
export const KEDA_BACKEND = ["inference-autoscaling:backend=keda"] as const;

/** The objects of one kind (and apiVersion group, when given) among the component's own objects. */
export function objectsOfKind(rendered: RenderedStack, kind: string, group?: string): KubeObject[] {
    return [...rendered.objects.values()].filter(
        (o) => o.kind === kind && (group === undefined || o.apiVersion.startsWith(`${group}/`)),
    );
}

/** The release installing `chart`, or undefined when the stack does not install it. */
export function releaseOfChart(
    rendered: RenderedStack,
    chart: string,
): HelmReleasePlan | undefined {
    return rendered.releases.find((r) => r.chart === chart);
}
