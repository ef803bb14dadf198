/**
 * The package's Pulumi schema, inferred offline as `pulumi package add` infers it: the SDK's own
 * component provider (@pulumi/pulumi/provider/experimental, whose analyzer reads the TypeScript
 * types) on the components the package exports, named from package.json as Pulumi's plugin host
 * (cmd/run-plugin) names them. `npm run plugin-schema` writes schema.json; when the analyzer
 * refuses a type, it writes nothing, lists every refusal (the analyzer itself stops at the first)
 * and exits 1.
 */
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../harness/repo-root";
import { listRefusals, Refusal } from "./plugin-schema-refusals";

export const SCHEMA_FILE = path.join(REPO_ROOT, "schema.json");

/** Provider name and namespace from the npm name, by cmd/run-plugin's own rule. */
export function pluginName(npmName: string): { name: string; namespace?: string } {
    const match = /(@.*?\/)?(.+)/.exec(npmName);
    if (!match) {
        throw new Error(`package.json's name "${npmName}" is not an npm package name`);
    }
    const [, scope, rest] = match;
    return { name: rest.replace(/[^-a-zA-Z0-9_]/g, "-"), namespace: scope?.slice(1, -1) };
}

/** The component classes the plugin host would find in the package's exports. */
export function exportedComponents(): ReturnType<typeof getPulumiComponents> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a schema is inferred: the plugin tests import this module for SCHEMA_FILE alone, and a top-level import would load every component with it
    return getPulumiComponents(require("../components"));
}

export type SchemaResult = { schema: string } | { refusals: Refusal[]; first: string };

/** The schema text as schema.json holds it, or what the analyzer refuses. */
export async function inferSchema(root = REPO_ROOT): Promise<SchemaResult> {
    const packageJSON = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const { name, namespace } = pluginName(packageJSON.name);
    const components = exportedComponents();
    try {
        const text = await new ComponentProvider({
            dirname: root,
            name,
            namespace,
            components,
        }).getSchema();
        return { schema: JSON.stringify(JSON.parse(text), null, 2) + "\n" };
    } catch (err) {
        const names = components.map((c) => c.name);
        return {
            refusals: listRefusals(root, name, packageJSON, names),
            first: (err as Error).message,
        };
    }
}

async function main(): Promise<void> {
    const result = await inferSchema();
    if ("schema" in result) {
        fs.writeFileSync(SCHEMA_FILE, result.schema);
        console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
        return;
    }
    console.error(
        `The analyzer refuses the package's types (first: ${result.first}). Every refusal:`,
    );
    for (const r of result.refusals) {
        console.error(
            `  ${r.where}  ${r.directions.join("+")} ${r.property} [${r.components.join(", ")}]\n      ${r.reason}`,
        );
    }
    console.error(
        `${result.refusals.length} refusals; schema.json not written (docs/plugin-schema-gaps.md says what each needs).`,
    );
    process.exitCode = 1;
}

if (require.main === module) {
    main().catch((err: unknown) => {
        console.error(err);
        process.exitCode = 1;
    });
}
