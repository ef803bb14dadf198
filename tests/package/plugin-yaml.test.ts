/**
 * examples/plugin-yaml/Pulumi.yaml (a Pulumi YAML program using the package as a plugin) checked
 * against the committed schema.json, as far as this machine allows without a Pulumi CLI: each
 * component's properties are known inputs of the right types (enums by value, nested objects by
 * their schema types), required inputs are given, and every `${resource.output}` it passes names
 * an output of the type the input expects. The checker is shared with tests/package/plugin-python.test.ts
 * (tests/support/schema-check.ts).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { REPO_ROOT } from "../../harness/repo-root";
import { SCHEMA_FILE } from "../../scripts/plugin-schema";
import { check, Checker, inputsSpec, Schema, schemaToken, Spec } from "../support/schema-check";

interface Program {
    packages?: Record<string, string>;
    config?: Record<string, Spec>;
    resources: Record<string, { type: string; properties?: Record<string, unknown> }>;
    outputs?: Record<string, string>;
}

const PROGRAM = path.join(REPO_ROOT, "examples", "plugin-yaml", "Pulumi.yaml");

describe("examples/plugin-yaml (Pulumi YAML, against schema.json)", () => {
    const schema: Schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));
    const program = yaml.load(fs.readFileSync(PROGRAM, "utf8")) as Program;
    const ours = Object.entries(program.resources).filter(([, r]) =>
        r.type.startsWith(`${schema.name}:`),
    );
    // Pulumi YAML names properties as the schema does.
    const checker: Checker = { schema, program, name: (n) => n };

    it("takes the package from this repository through `packages:`", () => {
        expect(program.packages).to.deep.equal({ [schema.name]: "../.." });
        expect(
            fs.existsSync(path.resolve(path.dirname(PROGRAM), "../..", "PulumiPlugin.yaml")),
        ).to.equal(true);
    });

    it("uses both components, one platform, and each resource type is one the schema has", () => {
        const types = ours.map(([, r]) => schemaToken(r.type));
        expect(types).to.include.members([
            "inference-autoscaling:index:InferencePlatform",
            "inference-autoscaling:index:ModelAutoscaler",
        ]);
        expect(types.filter((t) => !schema.resources[t])).to.deep.equal([]);
        // One platform per cluster: an InferenceAutoscaling brings its own, so beside an
        // InferencePlatform on the same provider it would be a second metrics server.
        expect(
            types.filter((t) => /:(InferencePlatform|InferenceAutoscaling)$/.test(t)),
            "platforms in the program",
        ).to.deep.equal(["inference-autoscaling:index:InferencePlatform"]);
    });

    it("gives each component known inputs of the schema's types, and its required inputs", () => {
        const problems = ours.flatMap(([name, r]) =>
            check(checker, name, r.properties ?? {}, inputsSpec(schema, schemaToken(r.type))),
        );
        expect(problems).to.deep.equal([]);
    });

    it("exports outputs the components have", () => {
        const problems = Object.entries(program.outputs ?? {}).flatMap(([key, expr]) =>
            check(checker, `outputs.${key}`, expr, { $ref: "pulumi.json#/Any" }),
        );
        expect(problems).to.deep.equal([]);
    });

    it("would catch a wrong enum value, a missing required input and an unknown property", () => {
        const spec = inputsSpec(schema, "inference-autoscaling:index:ModelAutoscaler");
        const bad = {
            platform: "${platform.connection}",
            server: { namespace: "n", podLabels: {}, engine: "triton" },
            replicas: 2,
        };
        expect(check(checker, "m", bad, spec)).to.deep.equal([
            "m.server.deploymentName: required",
            'm.server.engine: "triton" is not one of vllm, sglang, tgi',
            "m.replicas: not a known property",
        ]);
    });
});
