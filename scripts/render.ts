/**
 * Offline render: `npm run render -- --stack <name> [--out DIR] [--set namespace:key=value ...]`.
 * Runs the program under the mock engine (no cloud, no credentials), then helm on every release it
 * makes, and writes what a reviewer reads:
 *   DIR/plan.json            every Pulumi resource: type, name, parent, dependsOn, inputs
 *   DIR/manifests/           the component's own Kubernetes objects, one YAML file each
 *   DIR/helm/                each Helm release's values
 *   DIR/cluster/<release>/   every object each release installs (CRDs included), one YAML file each
 *   DIR/cluster/objects.json the index of all of them: source (component or release), kind, namespace, name, file
 * DIR defaults to out/<stack>. Only a finished render replaces the previous one, and only files
 * it wrote itself (see output-dir.ts).
 * `--plan-only` skips helm (the first three only).
 */
import * as yaml from "js-yaml";
import * as path from "path";
import { fillChartCache } from "./chart-cache";
import {
    KUBERNETES_OBJECT_TYPE,
    kindNamespaceName,
    objectFileName,
    releasesOf,
    renderCluster,
} from "./cluster-render";
import { PlannedResource } from "../harness/mock-engine";
import { OutputDir } from "./output-dir";
import { buildPlan, REPO_ROOT, UNKNOWN_PLACEHOLDER } from "../harness/plan";
import { parseRenderArgs, RENDER_USAGE } from "./render-args";

function dump(value: unknown): string {
    return yaml.dump(value, { sortKeys: true, noRefs: true, lineWidth: -1 });
}

/** A component object's file: named after the Kubernetes object (the Pulumi name where the name is not known offline). */
function manifestFile(r: PlannedResource): string {
    const kind = r.type.slice(r.type.lastIndexOf(":") + 1);
    const meta = (r.inputs as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
    const known = (v: unknown) =>
        typeof v === "string" && v !== UNKNOWN_PLACEHOLDER ? v : undefined;
    return path.join(
        "manifests",
        kindNamespaceName(kind, known(meta?.namespace), known(meta?.name) ?? r.name),
    );
}

/** Writes the plan, the component's manifests and each release's values. */
export function writePlan(plan: PlannedResource[], out: OutputDir): void {
    out.write("plan.json", JSON.stringify(plan, null, 2) + "\n");
    for (const r of plan) {
        if (KUBERNETES_OBJECT_TYPE.test(r.type)) {
            out.write(manifestFile(r), dump(r.inputs));
        }
    }
    for (const release of releasesOf(plan)) {
        const { chart, version, repo, values } = release;
        out.write(
            path.join("helm", `${release.resource}.values.yaml`),
            `# ${chart} ${version} from ${repo}\n` + dump(values),
        );
    }
}

/** Renders every release with helm and writes each object, plus the index; returns lines for the console. */
export async function writeCluster(plan: PlannedResource[], out: OutputDir): Promise<string[]> {
    const { releases, objects } = await renderCluster(plan);
    const componentFiles = plan
        .filter((r) => KUBERNETES_OBJECT_TYPE.test(r.type))
        .map(manifestFile);
    let componentIndex = 0;
    const index = objects.map((o) => {
        const file =
            o.source === "component"
                ? componentFiles[componentIndex++]
                : path.join("cluster", o.source, objectFileName(o));
        return {
            source: o.source,
            apiVersion: o.object.apiVersion,
            kind: o.object.kind,
            namespace: o.namespace,
            name: o.object.metadata.name,
            file,
        };
    });
    const lines = [`  component: ${componentFiles.length} objects in manifests/`];
    for (const release of releases) {
        const own = objects.filter((o) => o.source === release.name);
        for (const o of own) {
            const header = `# Helm release ${release.name} (chart ${release.chart} ${release.version}) in namespace ${release.namespace}\n`;
            out.write(
                path.join("cluster", release.name, objectFileName(o)),
                header + dump(o.object),
            );
        }
        lines.push(
            `  ${release.name}: ${release.chart} ${release.version} → ${own.length} objects in cluster/${release.name}/`,
        );
    }
    out.write(path.join("cluster", "objects.json"), JSON.stringify(index, null, 2) + "\n");
    return lines;
}

async function main(): Promise<void> {
    const args = parseRenderArgs(process.argv.slice(2));
    if (args.help) {
        console.log(RENDER_USAGE);
        return;
    }
    const outDir = path.resolve(args.out ?? path.join(REPO_ROOT, "out", args.stack));
    // Everything that can refuse comes before the first file: the config, the chart cache.
    const plan = await buildPlan(args.stack, args.overrides);
    if (!args.planOnly && releasesOf(plan).length > 0) {
        await fillChartCache();
    }
    const out = new OutputDir(outDir);
    let lines: string[];
    let files: number;
    try {
        writePlan(plan, out);
        lines = args.planOnly ? [] : await writeCluster(plan, out);
        files = out.commit();
    } catch (err) {
        out.discard();
        throw err;
    }
    console.log(
        `${args.stack}: ${plan.length} resources, ${files} files in ${path.relative(process.cwd(), outDir) || "."}`,
    );
    console.log(lines.join("\n"));
}

if (require.main === module) {
    main().catch((err: unknown) => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
    });
}
