/**
 * The argument reference (docs/reference.md), generated from schema.json, which the analyzer infers
 * from the arguments' TypeScript types and JSDoc (components/args.ts): the one place each argument's
 * meaning and default are written. `npm run docs-reference` rewrites the page;
 * tests/docs/reference.test.ts fails when it is stale.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../harness/repo-root";

interface Property {
    type?: string;
    $ref?: string;
    items?: Property;
    additionalProperties?: Property;
    optional?: boolean;
    description?: string;
}

interface SchemaType {
    type?: string;
    properties?: Record<string, Property>;
    required?: string[];
    enum?: { value: unknown }[];
}

interface Schema {
    resources: Record<
        string,
        {
            description?: string;
            inputProperties: Record<string, Property>;
            requiredInputs?: string[];
        }
    >;
    types: Record<string, SchemaType>;
}

/** Types passed whole, not expanded: Kubernetes' own, and the platform's connection (an output). */
const OPAQUE = new Set(["Toleration", "HorizontalPodAutoscalerBehavior", "PlatformConnection"]);

const typeName = (ref: string) => ref.replace(/^#\/types\/[^:]+:index:/, "");

function describeType(schema: Schema, p: Property): string {
    if (p.$ref) {
        const name = typeName(p.$ref);
        const t = schema.types[`inference-autoscaling:index:${name}`];
        return t?.enum ? t.enum.map((e) => `\`${String(e.value)}\``).join(", ") : name;
    }
    if (p.type === "array" && p.items) {
        return `list of ${describeType(schema, p.items)}`;
    }
    if (p.type === "object" && p.additionalProperties) {
        return `map of ${describeType(schema, p.additionalProperties)}`;
    }
    return p.type ?? "any";
}

/** One line for a table cell: the JSDoc's paragraphs joined, pipes escaped. */
const cell = (text = "") => text.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();

function rows(
    schema: Schema,
    properties: Record<string, Property>,
    required: readonly string[],
    prefix: string,
): string[] {
    return Object.entries(properties).flatMap(([name, p]) => {
        const at = `${prefix}${name}`;
        const row = `| \`${at}\` | ${cell(describeType(schema, p))} | ${required.includes(name) ? "yes" : ""} | ${cell(p.description)} |`;
        const ref = p.$ref ?? p.items?.$ref;
        const nested =
            ref && !OPAQUE.has(typeName(ref)) && schema.types[ref.slice("#/types/".length)];
        return nested && nested.properties
            ? [
                  row,
                  ...rows(
                      schema,
                      nested.properties,
                      nested.required ?? [],
                      `${at}${p.items ? "[]" : ""}.`,
                  ),
              ]
            : [row];
    });
}

export function renderReference(schema: Schema): string {
    const sections = Object.entries(schema.resources).map(([token, r]) => {
        const name = token.split(":").pop();
        return [
            `## ${name}`,
            "",
            cell(r.description),
            "",
            "| argument | type | required | meaning and default |",
            "|---|---|---|---|",
            ...rows(schema, r.inputProperties, r.requiredInputs ?? [], ""),
            "",
        ].join("\n");
    });
    return [
        "# Argument reference",
        "",
        "Generated from [schema.json](../schema.json) by `npm run docs-reference`; the text is each",
        "argument's JSDoc in [components/args.ts](../components/args.ts), where every default is written",
        "once (tests/components/args-defaults.test.ts checks each against the code, on every cloud and backend).",
        "The stack configuration takes the same keys: [usage.md](usage.md#stack-configuration).",
        "",
        ...sections,
    ].join("\n");
}

export const REFERENCE_PATH = path.join(REPO_ROOT, "docs", "reference.md");

export function readSchema(): Schema {
    return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8")) as Schema;
}

if (require.main === module) {
    fs.writeFileSync(REFERENCE_PATH, renderReference(readSchema()));
    console.log(`wrote ${path.relative(REPO_ROOT, REFERENCE_PATH)}`);
}
