/**
 * Checks a Pulumi program's component properties against the committed schema.json, for the
 * plugin examples (YAML and Python) that cannot be previewed here without a Pulumi CLI. A program
 * is reduced to plain data: each property a literal, or a whole-string `${config}` /
 * `${resource.output}` reference. `name` says how the program spells the schema's property
 * names (YAML: as they are; Python: Pulumi's snake_case of them); map keys are the user's own
 * and are never renamed.
 */

export interface Spec {
    type?: string;
    $ref?: string;
    items?: Spec;
    additionalProperties?: Spec;
    properties?: Record<string, Spec>;
    required?: string[];
    enum?: { value: unknown }[];
    secret?: boolean;
}
export interface Schema {
    name: string;
    resources: Record<
        string,
        {
            inputProperties: Record<string, Spec>;
            requiredInputs?: string[];
            properties: Record<string, Spec>;
        }
    >;
    types: Record<string, Spec>;
    dependencies?: { name: string; version: string }[];
}
/** What a reference can name: config values (with their declared types) and resources, by the name the program uses. */
export interface ProgramRefs {
    config?: Record<string, Spec>;
    resources: Record<string, { type: string }>;
}
export interface Checker {
    schema: Schema;
    program: ProgramRefs;
    /** The program's spelling of a schema property name. */
    name: (schemaName: string) => string;
}

const ANY: Spec = { $ref: "pulumi.json#/Any" };

/** `pkg:Type` or `pkg:index:Type`, as Pulumi YAML accepts both, in the schema's form. */
export function schemaToken(type: string): string {
    const parts = type.split(":");
    return parts.length === 2 ? `${parts[0]}:index:${parts[1]}` : type;
}

/** A resource's inputs as one object spec, so its properties are checked like a nested type's. */
export function inputsSpec(schema: Schema, token: string): Spec {
    const resource = schema.resources[token];
    return {
        type: "object",
        properties: resource.inputProperties,
        required: resource.requiredInputs ?? [],
    };
}

/** The schema name the program spells `key`, if any. */
function schemaName(c: Checker, names: Record<string, Spec>, key: string): string | undefined {
    return Object.keys(names).find((n) => c.name(n) === key);
}

/** Problems with `value` as `spec`, each naming its property path (in the program's names). */
export function check(c: Checker, where: string, value: unknown, spec: Spec): string[] {
    const whole = typeof value === "string" ? value.match(/^\$\{([^}]+)\}$/) : null;
    if (whole) {
        return checkReference(c, where, whole[1], spec);
    }
    if (spec.$ref === ANY.$ref) {
        return [];
    }
    if (spec.$ref?.startsWith("#/types/")) {
        return check(c, where, value, c.schema.types[spec.$ref.slice("#/types/".length)]);
    }
    if (spec.$ref) {
        return [`${where}: a reference to ${spec.$ref} cannot be written as a literal`];
    }
    if (spec.enum) {
        const allowed = spec.enum.map((e) => e.value);
        return allowed.includes(value)
            ? []
            : [`${where}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`];
    }
    switch (spec.type) {
        case "string":
        case "number":
        case "boolean":
            return typeof value === spec.type
                ? []
                : [`${where}: expected a ${spec.type}, got ${JSON.stringify(value)}`];
        case "integer":
            return Number.isInteger(value)
                ? []
                : [`${where}: expected an integer, got ${JSON.stringify(value)}`];
        case "array":
            return Array.isArray(value)
                ? value.flatMap((v, i) => check(c, `${where}[${i}]`, v, spec.items!))
                : [`${where}: expected an array`];
        case "object": {
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                return [`${where}: expected an object`];
            }
            const entries = Object.entries(value);
            const properties = spec.properties;
            if (!properties) {
                // A map: its keys are the user's (labels, Helm values), checked as they are.
                return entries.flatMap(([k, v]) =>
                    check(c, `${where}.${k}`, v, spec.additionalProperties ?? ANY),
                );
            }
            const missing = (spec.required ?? [])
                .filter((r) => !(c.name(r) in value))
                .map((r) => `${where}.${c.name(r)}: required`);
            return [
                ...missing,
                ...entries.flatMap(([k, v]) => {
                    const known = schemaName(c, properties, k);
                    return known
                        ? check(c, `${where}.${k}`, v, properties[known])
                        : [`${where}.${k}: not a known property`];
                }),
            ];
        }
        default:
            return [`${where}: the schema gives no type (${JSON.stringify(spec)})`];
    }
}

/** A whole-value `${name}` (config) or `${resource.output}`: it must exist and have the type expected. */
export function checkReference(c: Checker, where: string, expr: string, expected: Spec): string[] {
    const [head, ...rest] = expr.split(".");
    let actual: Spec | undefined;
    if (rest.length === 0 && c.program.config?.[head]) {
        actual = c.program.config[head];
    } else if (rest.length === 1 && c.program.resources[head]) {
        const token = schemaToken(c.program.resources[head].type);
        const resource = c.schema.resources[token];
        if (!resource) {
            return []; // another package's resource: its schema is not here
        }
        const output = schemaName(c, resource.properties, rest[0]);
        if (!output) {
            return [`${where}: ${head} (${token}) has no output ${rest[0]}`];
        }
        actual = resource.properties[output];
    } else {
        return [`${where}: \${${expr}} names no config value or resource output`];
    }
    const shape = (s: Spec): string =>
        JSON.stringify({ type: s.type, $ref: s.$ref, items: s.items && shape(s.items) });
    return expected.$ref === ANY.$ref || shape(actual) === shape(expected)
        ? []
        : [`${where}: \${${expr}} is ${shape(actual)}, the input is ${shape(expected)}`];
}

const PYTHON_KEYWORDS = new Set(
    (
        "False None True and as assert async await break class continue def del elif else except exec finally for from global " +
        "if import in is lambda nonlocal not or pass print raise return try while with yield"
    ).split(" "),
);

/**
 * A schema name as Pulumi's Python codegen spells it (pkg/codegen/python PyName, without its
 * legacy exceptions for three names of other packages): a new word at each capital after a lowercase
 * letter or digit; a run of capitals is one word, except that its last capital starts the next word
 * when a lowercase letter other than `s` follows (`HTTPServer` -> http_server, `GetIPs` -> get_ips,
 * `SHA256Hash` -> sha256_hash); keywords get a trailing `_`.
 */
export function pythonName(camel: string): string {
    const words: string[] = [];
    let word = "";
    let state: "first" | "upper" | "acronym" | "lower" = "first";
    for (const raw of camel) {
        const ch = /[\p{L}\p{N}_]/u.test(raw) ? raw : "_";
        const upper = /\p{Lu}/u.test(ch);
        if (state === "first") {
            word = /\p{N}/u.test(ch) ? "_" : "";
            word += ch.toLowerCase();
            state = upper ? "upper" : "lower";
        } else if (upper) {
            if (state === "lower") {
                words.push(word);
                word = "";
            }
            word += ch.toLowerCase();
            state = state === "lower" ? "upper" : "acronym";
        } else if (state === "acronym" && !/[\p{N}s]/u.test(ch)) {
            words.push(word.slice(0, -1));
            word = word.slice(-1) + ch;
            state = "lower";
        } else {
            word += ch;
            state = "lower";
        }
    }
    const name = [...words, word].filter((w) => w !== "").join("_");
    return PYTHON_KEYWORDS.has(name) ? `${name}_` : name;
}
