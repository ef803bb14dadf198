/**
 * The first stage of argument checking: the raw shape. Before any default or rule is applied,
 * every argument is checked for its type, unknown keys (with the nearest known key) and required
 * fields, so later stages can trust the shape and bad input never becomes a JavaScript error.
 * Values that are Pulumi Outputs are checked later, when known (inside `apply`).
 */
import * as pulumi from "@pulumi/pulumi";
import { Problems } from "./problems";

export type Shape =
    | { readonly type: "string"; readonly values?: readonly string[] }
    | { readonly type: "number"; readonly integer?: boolean }
    | { readonly type: "boolean" }
    | { readonly type: "object"; readonly fields: Readonly<Record<string, Field>> }
    | { readonly type: "map"; readonly of: Shape }
    | { readonly type: "list"; readonly of: Shape }
    /** Passed through unread by the component (Helm values, Kubernetes structs checked by the API server). */
    | { readonly type: "free-form"; readonly expected: "map" | "list" };

export interface Field {
    readonly shape: Shape;
    readonly required?: boolean;
}

/** The fields of `T`, every one listed (the compiler refuses a shape that misses or invents a field). */
export type FieldsOf<T> = { readonly [K in keyof T]-?: Field };

export const str = (values?: readonly string[]): Shape => ({ type: "string", values });
export const num = (integer = false): Shape => ({ type: "number", integer });
export const bool: Shape = { type: "boolean" };
export const obj = <T>(fields: FieldsOf<T>): Shape => ({ type: "object", fields });
export const mapOf = (of: Shape): Shape => ({ type: "map", of });
export const listOf = (of: Shape): Shape => ({ type: "list", of });
export const freeForm = (expected: "map" | "list"): Shape => ({ type: "free-form", expected });
export const optional = (shape: Shape): Field => ({ shape });
export const required = (shape: Shape): Field => ({ shape, required: true });

export const isMap = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);

/** A value as a message shows it: the value and its type, e.g. `"2" (a string)`. */
export function describeValue(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return `${JSON.stringify(value)} (a list)`;
    }
    if (typeof value === "object") {
        return `${JSON.stringify(value)} (a map)`;
    }
    return `${JSON.stringify(value)} (a ${typeof value})`;
}

function expected(shape: Shape): string {
    switch (shape.type) {
        case "string":
            return shape.values ? `one of: ${shape.values.join(", ")}` : "a string";
        case "number":
            return shape.integer ? "a whole number" : "a number";
        case "boolean":
            return "true or false";
        case "object":
            return `a map with the fields ${Object.keys(shape.fields).join(", ")}`;
        case "map":
            return `a map of names to ${expected(shape.of).replace(/^an? /, "")}s`;
        case "list":
            return "a list";
        case "free-form":
            return `a ${shape.expected}`;
    }
}

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(
                row[j] + 1,
                row[j - 1] + 1,
                diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
            );
            diagonal = above;
        }
    }
    return row[b.length];
}

/** The known key closest to `key`, when it is close enough to be a likely typo. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
    const scored = known.map((k) => ({ k, d: distance(key, k) })).sort((x, y) => x.d - y.d);
    const best = scored[0];
    return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.k : undefined;
}

/** "did you mean" text for an unknown key. */
export function unknownKeyReason(path: string, key: string, known: readonly string[]): string {
    const near = nearestKey(key, known);
    return `${path} is not a known field${near ? `; did you mean "${near}"?` : "."} Known fields: ${known.join(", ")}`;
}

const isDeferred = (v: unknown) => pulumi.Output.isInstance(v) || v instanceof Promise;

/** Adds a problem for every place `value` does not have `shape`; `path` names the value. */
export function checkShape(value: unknown, shape: Shape, path: string, problems: Problems): void {
    if (isDeferred(value)) {
        return;
    }
    const wrong = () =>
        problems.add(path, `${path} is ${describeValue(value)}; it must be ${expected(shape)}`);
    switch (shape.type) {
        case "string":
            if (typeof value !== "string" || (shape.values && !shape.values.includes(value))) {
                wrong();
            }
            return;
        case "number":
            if (
                typeof value !== "number" ||
                !Number.isFinite(value) ||
                (shape.integer && !Number.isInteger(value))
            ) {
                wrong();
            }
            return;
        case "boolean":
            if (typeof value !== "boolean") {
                wrong();
            }
            return;
        case "free-form":
            if (shape.expected === "list" ? !Array.isArray(value) : !isMap(value)) {
                wrong();
            }
            return;
        case "list":
            if (!Array.isArray(value)) {
                return wrong();
            }
            value.forEach((item, i) => checkShape(item, shape.of, `${path}[${i}]`, problems));
            return;
        case "map":
            if (!isMap(value)) {
                return wrong();
            }
            for (const [k, v] of Object.entries(value)) {
                checkShape(v, shape.of, `${path}.${k}`, problems);
            }
            return;
        case "object":
            if (!isMap(value)) {
                return wrong();
            }
            checkFields(value, shape.fields, path, problems);
    }
}

/** Checks an object's fields: unknown keys, missing required fields, each field's shape. */
export function checkFields(
    value: Record<string, unknown>,
    fields: Readonly<Record<string, Field>>,
    path: string,
    problems: Problems,
): void {
    const at = (k: string) => (path ? `${path}.${k}` : k);
    const known = Object.keys(fields);
    for (const key of Object.keys(value)) {
        if (!(key in fields)) {
            problems.add(at(key), unknownKeyReason(at(key), key, known));
        }
    }
    for (const [key, field] of Object.entries(fields)) {
        const v = value[key];
        if (v === undefined) {
            if (field.required) {
                problems.add(
                    at(key),
                    `${at(key)} is not set; it is required: ${expected(field.shape)}`,
                );
            }
        } else {
            checkShape(v, field.shape, at(key), problems);
        }
    }
}
