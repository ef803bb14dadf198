/**
 * Validation against CRD schemas vendored under tests/fixtures/crds/<group>/<Kind>.json (for groups
 * no models package covers). Validation is as strict as an API server with strict field validation
 * (kubectl's default): an object schema that lists its properties rejects any other field, unless
 * it is marked x-kubernetes-preserve-unknown-fields.
 */
import Ajv, { ValidateFunction } from "ajv";
import * as fs from "fs";
import * as path from "path";

export interface CrdFixture {
    source: { repo: string; path: string; commit: string };
    group: string;
    version: string;
    kind: string;
    scope: "Namespaced" | "Cluster";
    schema: Record<string, unknown>;
}

export const CRD_FIXTURES = path.join(__dirname, "..", "fixtures", "crds");

type Schema = Record<string, any>;

/** Marks every closed object schema (properties listed, nothing else allowed) as the API server treats it. */
function closeObjects(schema: Schema): Schema {
    const s: Schema = { ...schema };
    if (
        s.properties &&
        s.additionalProperties === undefined &&
        s["x-kubernetes-preserve-unknown-fields"] !== true
    ) {
        s.additionalProperties = false;
    }
    for (const key of ["properties", "$defs"]) {
        if (s[key]) {
            s[key] = Object.fromEntries(
                Object.entries(s[key] as Schema).map(([k, v]) => [k, closeObjects(v)]),
            );
        }
    }
    for (const key of ["items", "additionalProperties"]) {
        if (typeof s[key] === "object" && s[key] !== null) {
            s[key] = closeObjects(s[key]);
        }
    }
    for (const key of ["anyOf", "allOf", "oneOf"]) {
        if (Array.isArray(s[key])) {
            s[key] = s[key].map(closeObjects);
        }
    }
    return s;
}

/**
 * CRD patterns are Go regular expressions: Go's `(?i)` flag group (anywhere before the part it
 * governs, in practice right after `^`) becomes JavaScript's `i` flag. Ajv adds `u` itself.
 */
function goRegExp(pattern: string, flags: string): RegExp {
    const caseless = pattern.includes("(?i)");
    return new RegExp(pattern.replaceAll("(?i)", ""), caseless ? `${flags}i` : flags);
}

function newAjv(): Ajv {
    const ajv = new Ajv({
        allErrors: true,
        strictTypes: false,
        code: { regExp: goRegExp as never },
    });
    for (const keyword of [
        "x-kubernetes-int-or-string",
        "x-kubernetes-list-type",
        "x-kubernetes-list-map-keys",
        "x-kubernetes-map-type",
        "x-kubernetes-preserve-unknown-fields",
        "x-kubernetes-embedded-resource",
        // CEL rules need the API server's CEL environment; they are not evaluated here.
        "x-kubernetes-validations",
    ]) {
        ajv.addKeyword({ keyword });
    }
    const inRange = (min: number, max: number) => (n: number) =>
        Number.isInteger(n) && n >= min && n <= max;
    ajv.addFormat("int32", { type: "number", validate: inRange(-(2 ** 31), 2 ** 31 - 1) });
    ajv.addFormat("int64", {
        type: "number",
        validate: inRange(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    });
    ajv.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
    // The API server's "duration" format is Go's time.ParseDuration syntax.
    ajv.addFormat("duration", /^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$|^0$/);
    return ajv;
}

const ajv = newAjv();
const compiled = new Map<string, { fixture: CrdFixture; validate: ValidateFunction }>();

/** The vendored schema of `apiVersion`/`kind`, or undefined when none is vendored. */
export function crdValidator(apiVersion: string, kind: string) {
    const [group, version] = apiVersion.split("/");
    const file = path.join(CRD_FIXTURES, group ?? "", `${kind}.json`);
    if (version === undefined || !fs.existsSync(file)) {
        return undefined;
    }
    let entry = compiled.get(file);
    if (!entry) {
        const fixture = JSON.parse(fs.readFileSync(file, "utf8")) as CrdFixture;
        if (fixture.group !== group || fixture.kind !== kind) {
            throw new Error(
                `${file} describes ${fixture.group} ${fixture.kind}, not ${group} ${kind}`,
            );
        }
        entry = { fixture, validate: ajv.compile(closeObjects(fixture.schema)) };
        compiled.set(file, entry);
    }
    if (entry.fixture.version !== version) {
        throw new Error(`${file} holds ${group}/${entry.fixture.version}, not ${apiVersion}`);
    }
    return entry;
}

/**
 * The validator of `apiVersion`/`kind` from a CustomResourceDefinition among `crds` (the CRDs a
 * chart in the render installs), or undefined when none of them defines it.
 */
export function renderedCrdValidator(
    crds: readonly Record<string, any>[],
    apiVersion: string,
    kind: string,
) {
    const [group, version] = apiVersion.split("/");
    const crd = crds.find(
        (c) =>
            c.kind === "CustomResourceDefinition" &&
            c.spec?.group === group &&
            c.spec?.names?.kind === kind,
    );
    const served = crd?.spec.versions?.find((v: { name: string }) => v.name === version);
    if (!crd || !served?.schema?.openAPIV3Schema) {
        return undefined;
    }
    const schema = served.schema.openAPIV3Schema as Record<string, unknown>;
    const key = `${String(crd.metadata.name)}/${version}/${JSON.stringify(schema).length}/${String(crd.metadata.annotations?.["controller-gen.kubebuilder.io/version"] ?? "")}`;
    let entry = compiled.get(key);
    if (!entry) {
        const fixture: CrdFixture = {
            source: { repo: "rendered chart", path: String(crd.metadata.name), commit: "" },
            group,
            version,
            kind,
            scope: crd.spec.scope,
            schema,
        };
        entry = { fixture, validate: ajv.compile(closeObjects(schema)) };
        compiled.set(key, entry);
    }
    return entry;
}

/** Problems of `object` against its vendored CRD schema, as "path: message" lines. */
export function crdProblems(
    object: Record<string, any>,
    entry: NonNullable<ReturnType<typeof crdValidator>>,
): string[] {
    const problems: string[] = [];
    if (!entry.validate(object)) {
        for (const e of entry.validate.errors ?? []) {
            const extra =
                e.keyword === "additionalProperties"
                    ? ` (${String(e.params.additionalProperty)})`
                    : "";
            problems.push(`${e.instancePath || "/"}: ${e.message ?? e.keyword}${extra}`);
        }
    }
    const namespace = object.metadata?.namespace;
    if (entry.fixture.scope === "Cluster" && namespace !== undefined) {
        problems.push(
            `/metadata/namespace: ${object.kind} is cluster-scoped and takes no namespace`,
        );
    }
    return problems;
}
