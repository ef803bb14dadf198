/**
 * examples/plugin-yaml/Pulumi.yaml (a Pulumi YAML program using the package as a plugin) checked
 * against the committed schema.json, as far as this machine allows without a Pulumi CLI: each
 * component's properties are known inputs of the right types (enums by value, nested objects by
 * their schema types), required inputs are given, and every `${resource.output}` it passes names
 * an output of the type the input expects.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { REPO_ROOT } from "../harness/repo-root";
import { SCHEMA_FILE } from "../scripts/plugin-schema";

interface Spec {
    type?: string;
    $ref?: string;
    items?: Spec;
    additionalProperties?: Spec;
    properties?: Record<string, Spec>;
    required?: string[];
    enum?: { value: unknown }[];
}
interface Schema {
    name: string;
    resources: Record<string, { inputProperties: Record<string, Spec>; requiredInputs?: string[]; properties: Record<string, Spec> }>;
    types: Record<string, Spec>;
}
interface Program {
    packages?: Record<string, string>;
    config?: Record<string, Spec>;
    resources: Record<string, { type: string; properties?: Record<string, unknown> }>;
    outputs?: Record<string, string>;
}

const PROGRAM = path.join(REPO_ROOT, "examples", "plugin-yaml", "Pulumi.yaml");

/** `pkg:Type` or `pkg:index:Type`, as Pulumi YAML accepts both, in the schema's form. */
function schemaToken(type: string): string {
    const parts = type.split(":");
    return parts.length === 2 ? `${parts[0]}:index:${parts[1]}` : type;
}

/** Problems with `value` as `spec`, each naming its property path. */
function check(schema: Schema, program: Program, where: string, value: unknown, spec: Spec): string[] {
    const whole = typeof value === "string" ? value.match(/^\$\{([^}]+)\}$/) : null;
    if (whole) {
        return checkReference(schema, program, where, whole[1], spec);
    }
    if (spec.$ref === "pulumi.json#/Any") {
        return [];
    }
    if (spec.$ref?.startsWith("#/types/")) {
        return check(schema, program, where, value, schema.types[spec.$ref.slice("#/types/".length)]);
    }
    if (spec.$ref) {
        return [`${where}: a reference to ${spec.$ref} cannot be written as a literal`];
    }
    if (spec.enum) {
        const allowed = spec.enum.map((e) => e.value);
        return allowed.includes(value) ? [] : [`${where}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`];
    }
    switch (spec.type) {
        case "string":
        case "number":
        case "boolean":
            return typeof value === spec.type ? [] : [`${where}: expected a ${spec.type}, got ${JSON.stringify(value)}`];
        case "integer":
            return Number.isInteger(value) ? [] : [`${where}: expected an integer, got ${JSON.stringify(value)}`];
        case "array":
            return Array.isArray(value)
                ? value.flatMap((v, i) => check(schema, program, `${where}[${i}]`, v, spec.items!))
                : [`${where}: expected an array`];
        case "object": {
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                return [`${where}: expected an object`];
            }
            const entries = Object.entries(value);
            if (spec.properties) {
                const missing = (spec.required ?? []).filter((r) => !(r in value)).map((r) => `${where}.${r}: required`);
                return [
                    ...missing,
                    ...entries.flatMap(([k, v]) =>
                        spec.properties![k] ? check(schema, program, `${where}.${k}`, v, spec.properties![k]) : [`${where}.${k}: not a known property`],
                    ),
                ];
            }
            return entries.flatMap(([k, v]) => check(schema, program, `${where}.${k}`, v, spec.additionalProperties ?? { $ref: "pulumi.json#/Any" }));
        }
        default:
            return [`${where}: the schema gives no type (${JSON.stringify(spec)})`];
    }
}

/** A whole-value `${name}` or `${resource.output}`: it must exist and have the type expected. */
function checkReference(schema: Schema, program: Program, where: string, expr: string, expected: Spec): string[] {
    const [head, ...rest] = expr.split(".");
    let actual: Spec | undefined;
    if (rest.length === 0 && program.config?.[head]) {
        actual = program.config[head];
    } else if (rest.length === 1 && program.resources[head]) {
        const token = schemaToken(program.resources[head].type);
        if (!schema.resources[token]) {
            return []; // another package's resource: its schema is not here
        }
        actual = schema.resources[token].properties[rest[0]];
        if (!actual) {
            return [`${where}: ${head} (${token}) has no output ${rest[0]}`];
        }
    } else {
        return [`${where}: \${${expr}} names no config value or resource output`];
    }
    const shape = (s: Spec): string => JSON.stringify({ type: s.type, $ref: s.$ref, items: s.items && shape(s.items) });
    return expected.$ref === "pulumi.json#/Any" || shape(actual) === shape(expected)
        ? []
        : [`${where}: \${${expr}} is ${shape(actual)}, the input is ${shape(expected)}`];
}

describe("examples/plugin-yaml (Pulumi YAML, against schema.json)", () => {
    const schema: Schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));
    const program = yaml.load(fs.readFileSync(PROGRAM, "utf8")) as Program;
    const ours = Object.entries(program.resources).filter(([, r]) => r.type.startsWith(`${schema.name}:`));

    it("takes the package from this repository through `packages:`", () => {
        expect(program.packages).to.deep.equal({ [schema.name]: "../.." });
        expect(fs.existsSync(path.resolve(path.dirname(PROGRAM), "../..", "PulumiPlugin.yaml"))).to.equal(true);
    });

    it("uses both components, and each resource type is one the schema has", () => {
        const types = ours.map(([, r]) => schemaToken(r.type));
        expect(types).to.include.members(["inference-autoscaling:index:InferencePlatform", "inference-autoscaling:index:ModelAutoscaler"]);
        expect(types.filter((t) => !schema.resources[t])).to.deep.equal([]);
    });

    it("gives each component known inputs of the schema's types, and its required inputs", () => {
        const problems = ours.flatMap(([name, r]) => {
            const resource = schema.resources[schemaToken(r.type)];
            const spec: Spec = { type: "object", properties: resource.inputProperties, required: resource.requiredInputs ?? [] };
            return check(schema, program, name, r.properties ?? {}, spec);
        });
        expect(problems).to.deep.equal([]);
    });

    it("exports outputs the components have", () => {
        const problems = Object.entries(program.outputs ?? {}).flatMap(([key, expr]) =>
            check(schema, program, `outputs.${key}`, expr, { $ref: "pulumi.json#/Any" }),
        );
        expect(problems).to.deep.equal([]);
    });

    it("would catch a wrong enum value, a missing required input and an unknown property", () => {
        const platform = schema.resources["inference-autoscaling:index:ModelAutoscaler"];
        const spec: Spec = { type: "object", properties: platform.inputProperties, required: platform.requiredInputs };
        const bad = { platform: "${platform.connection}", server: { namespace: "n", podLabels: {}, engine: "triton" }, replicas: 2 };
        expect(check(schema, program, "m", bad, spec)).to.deep.equal([
            "m.server.deploymentName: required",
            'm.server.engine: "triton" is not one of vllm, sglang, tgi',
            "m.replicas: not a known property",
        ]);
    });
});
