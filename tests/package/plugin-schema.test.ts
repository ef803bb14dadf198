/**
 * The committed schema.json is what Pulumi's own analyzer infers from the components' types (as
 * `pulumi package add` does), and it documents every input and output: the doc comments become
 * the API docs of every generated SDK. `npm run plugin-schema` rewrites schema.json.
 */
import { expect } from "chai";
import * as fs from "fs";
import { inferSchema, SCHEMA_FILE } from "../../scripts/plugin-schema";
import { Accelerator } from "../../components/vocabulary/accelerators";
import { CLOUDS, COLLECTION_MODES, METRICS_BACKENDS } from "../../components/vocabulary/choices";
import { METRIC_NAMES } from "../../components/vocabulary/metrics";

interface PropertySpec {
    description?: string;
}
interface ResourceSpec {
    description?: string;
    inputProperties: Record<string, PropertySpec>;
    properties: Record<string, PropertySpec>;
}
interface SchemaSpec {
    name: string;
    resources: Record<string, ResourceSpec>;
    types: Record<string, { enum?: { name: string; value: string; description?: string }[] }>;
}

const COMPONENTS = ["InferencePlatform", "ModelAutoscaler", "InferenceAutoscaling"];

describe("plugin schema (schema.json)", function () {
    this.timeout(120_000);
    let inferred: string;
    const committed = (): SchemaSpec => JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));

    before(async () => {
        const result = await inferSchema();
        if (!("schema" in result)) {
            const list = result.refusals
                .map((r) => `${r.where} ${r.property}: ${r.reason}`)
                .join("\n");
            throw new Error(
                `the analyzer refuses the package's types (first: ${result.first}):\n${list}`,
            );
        }
        inferred = result.schema;
    });

    it("is what the analyzer infers from the code (run `npm run plugin-schema` after changing the components' types)", () => {
        expect(fs.readFileSync(SCHEMA_FILE, "utf8")).to.equal(inferred);
    });

    it("names the package as the components' type tokens do", () => {
        const schema = committed();
        expect(schema.name).to.equal("inference-autoscaling");
        expect(Object.keys(schema.resources).sort()).to.deep.equal(
            COMPONENTS.map((c) => `inference-autoscaling:index:${c}`).sort(),
        );
    });

    for (const component of COMPONENTS) {
        it(`documents ${component}, each of its inputs and each of its outputs`, () => {
            const resource = committed().resources[`inference-autoscaling:index:${component}`];
            expect(resource.description, component).to.be.a("string").and.not.equal("");
            const undocumented = [
                ...Object.entries(resource.inputProperties)
                    .filter(([, p]) => !p.description)
                    .map(([n]) => `input ${n}`),
                ...Object.entries(resource.properties)
                    .filter(([, p]) => !p.description)
                    .map(([n]) => `output ${n}`),
            ];
            expect(Object.keys(resource.inputProperties), "inputs").to.have.lengthOf.above(0);
            expect(Object.keys(resource.properties), "outputs").to.have.lengthOf.above(0);
            expect(undocumented).to.deep.equal([]);
        });
    }

    it("types every input of InferenceAutoscaling (no Any from Omit<>), the chart `values` maps aside", () => {
        const inputs =
            committed().resources["inference-autoscaling:index:InferenceAutoscaling"]
                .inputProperties;
        const any = Object.entries(inputs)
            .filter(([, p]) => JSON.stringify(p).includes("pulumi.json#/Any"))
            .map(([n]) => n);
        expect(any).to.deep.equal([]);
    });

    it("references other packages only by resource tokens Pulumi's binder finds (a provider class would not bind)", () => {
        // The analyzer writes a provider class as `#/resources/<package>`, but a package's provider is
        // `#/provider` (token `pulumi:providers:<package>`), so SDK generation would refuse it: the
        // Kubernetes provider is passed with the `providers` resource option instead.
        const refs = [
            ...fs
                .readFileSync(SCHEMA_FILE, "utf8")
                .matchAll(/"\$ref": "\/([^/]+)\/v[^/]+\/schema\.json#\/resources\/([^"]+)"/g),
        ];
        expect(refs.length).to.be.greaterThan(0);
        const tokens = refs.map(([, pkg, token]) => ({ pkg, token: decodeURIComponent(token) }));
        const unbindable = tokens.filter(
            ({ pkg, token }) => !token.startsWith(`${pkg}:`) || token.split(":").length !== 3,
        );
        expect(unbindable).to.deep.equal([]);
    });

    it("has the choices' enums with the same values as validation uses, in order", () => {
        const values = (name: string) =>
            committed().types[`inference-autoscaling:index:${name}`].enum!.map((e) => e.value);
        expect(values("Cloud")).to.deep.equal([...CLOUDS]);
        expect(values("CollectionMode")).to.deep.equal([...COLLECTION_MODES]);
        expect(values("MetricsBackend")).to.deep.equal([...METRICS_BACKENDS]);
        expect(values("Accelerator")).to.deep.equal(Object.values(Accelerator));
        // The enum and the catalog list the same metrics.
        expect([...values("MetricName")].sort()).to.deep.equal([...METRIC_NAMES].sort());
    });
});
