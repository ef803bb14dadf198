/**
 * Offline render: `npm run render -- --stack <name> [--out DIR] [--set namespace:key=value ...]`.
 * Runs the program under the mock engine (no cloud, no credentials) and writes DIR/plan.json plus
 * every Kubernetes object as YAML under DIR/manifests/ and each Helm release's values under
 * DIR/helm/. DIR defaults to out/<stack>.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { parseArgs } from "util";
import { PlannedResource } from "./mock-engine";
import { buildPlan, REPO_ROOT } from "./plan";

const KUBERNETES_OBJECT = /^kubernetes:(?!helm\.sh\/)[^:]+:[^:]+$/;
const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

function fileName(r: PlannedResource): string {
    const kind = r.type.slice(r.type.lastIndexOf(":") + 1);
    return `${kind}-${r.name}.yaml`.replace(/[^A-Za-z0-9._-]/g, "_");
}

function dump(value: unknown): string {
    return yaml.dump(value, { sortKeys: true, noRefs: true, lineWidth: -1 });
}

/** Writes the plan and its manifests; returns the files written. */
export function writePlan(plan: PlannedResource[], outDir: string): string[] {
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(path.join(outDir, "manifests"), { recursive: true });
    fs.mkdirSync(path.join(outDir, "helm"), { recursive: true });
    const written = [path.join(outDir, "plan.json")];
    fs.writeFileSync(written[0], JSON.stringify(plan, null, 2) + "\n");
    for (const r of plan) {
        let file: string | undefined;
        if (KUBERNETES_OBJECT.test(r.type)) {
            file = path.join(outDir, "manifests", fileName(r));
            fs.writeFileSync(file, dump(r.inputs));
        } else if (r.type === HELM_RELEASE) {
            file = path.join(outDir, "helm", `${r.name}.values.yaml`);
            const { chart, version, repositoryOpts, values } = r.inputs;
            fs.writeFileSync(file, `# ${String(chart)} ${String(version)} from ${JSON.stringify(repositoryOpts)}\n` + dump(values ?? {}));
        }
        if (file) {
            written.push(file);
        }
    }
    return written;
}

/** `--set key=value` pairs: stack config overrides, e.g. `inference-autoscaling:backend=keda`. */
function parseOverrides(pairs: string[]): Record<string, string> {
    return Object.fromEntries(
        pairs.map((pair) => {
            const at = pair.indexOf("=");
            if (at <= 0 || !pair.slice(0, at).includes(":")) {
                throw new Error(`--set ${pair}: expected namespace:key=value, e.g. inference-autoscaling:backend=keda`);
            }
            return [pair.slice(0, at), pair.slice(at + 1)];
        }),
    );
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            stack: { type: "string" },
            out: { type: "string" },
            set: { type: "string", multiple: true },
        },
    });
    if (!values.stack) {
        throw new Error("usage: npm run render -- --stack <name> [--out DIR] [--set namespace:key=value ...]");
    }
    const outDir = path.resolve(values.out ?? path.join(REPO_ROOT, "out", values.stack));
    const plan = await buildPlan(values.stack, parseOverrides(values.set ?? []));
    const files = writePlan(plan, outDir);
    console.log(`${values.stack}: ${plan.length} resources, ${files.length} files in ${path.relative(process.cwd(), outDir) || "."}`);
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
