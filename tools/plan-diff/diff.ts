/**
 * The difference between two offline plans (plan.json from `npm run render`): resources added,
 * removed and changed, keyed by `type name`, and for a changed resource every input that differs
 * as a JSON path with its old and new value. Pure: no I/O. Secrets are already "[secret]" in a
 * plan and are compared and shown as that placeholder.
 */

/** One entry of plan.json (scripts/mock-engine.ts PlannedResource, read back from JSON). */
export interface PlanResource {
    type: string;
    name: string;
    parent?: string;
    dependsOn?: string[];
    inputs: Record<string, unknown>;
    ignoreChanges?: string[];
}

/** A leaf that differs. `before`/`after` are undefined where the path does not exist. */
export interface ValueChange {
    path: string;
    before?: unknown;
    after?: unknown;
    /** The input is in the resource's ignoreChanges: a deployed stack keeps its value. */
    ignored?: true;
}

/** Whether `path` is at or under one of `ignoreChanges` (Pulumi's property paths: `a.b`, `a[0]`). */
function isIgnored(path: string, ignoreChanges: readonly string[] = []): boolean {
    return ignoreChanges.some(
        (p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`),
    );
}

export interface ResourceRef {
    type: string;
    name: string;
}

export interface ResourceChange extends ResourceRef {
    changes: ValueChange[];
}

export interface PlanDiff {
    added: ResourceRef[];
    removed: ResourceRef[];
    changed: ResourceChange[];
    unchanged: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);

/** Appends a key to a JSON path: `a.b`, `a["app.kubernetes.io/name"]`, `a[0]`. */
export function joinPath(path: string, key: string | number): string {
    if (typeof key === "number") {
        return `${path}[${key}]`;
    }
    if (/^[A-Za-z_$][\w$-]*$/.test(key)) {
        return path === "" ? key : `${path}.${key}`;
    }
    return `${path}[${JSON.stringify(key)}]`;
}

/** Every leaf of a value with its path; an empty object or array is a leaf of its own. */
function leaves(value: unknown, path: string, out: [string, unknown][]): void {
    if (isObject(value) && Object.keys(value).length > 0) {
        for (const key of Object.keys(value).sort()) {
            leaves(value[key], joinPath(path, key), out);
        }
    } else if (Array.isArray(value) && value.length > 0) {
        value.forEach((item, i) => leaves(item, joinPath(path, i), out));
    } else {
        out.push([path, value]);
    }
}

function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    }
    if (isObject(a) && isObject(b)) {
        const ka = Object.keys(a);
        return (
            ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]))
        );
    }
    return false;
}

/**
 * The leaves where `before` and `after` differ. Objects are compared key by key and arrays index
 * by index; a path that exists on one side only is listed leaf by leaf with the other side absent.
 */
export function diffValues(before: unknown, after: unknown, path = ""): ValueChange[] {
    const out: ValueChange[] = [];
    const walk = (a: unknown, b: unknown, p: string) => {
        if (deepEqual(a, b)) {
            return;
        }
        if (isObject(a) && isObject(b)) {
            for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
                const sub = joinPath(p, key);
                if (!(key in b)) {
                    onlyOneSide(a[key], sub, "before");
                } else if (!(key in a)) {
                    onlyOneSide(b[key], sub, "after");
                } else {
                    walk(a[key], b[key], sub);
                }
            }
        } else if (Array.isArray(a) && Array.isArray(b)) {
            for (let i = 0; i < Math.max(a.length, b.length); i++) {
                if (i >= b.length) {
                    onlyOneSide(a[i], joinPath(p, i), "before");
                } else if (i >= a.length) {
                    onlyOneSide(b[i], joinPath(p, i), "after");
                } else {
                    walk(a[i], b[i], joinPath(p, i));
                }
            }
        } else {
            out.push({ path: p, before: a, after: b });
        }
    };
    const onlyOneSide = (value: unknown, p: string, side: "before" | "after") => {
        const found: [string, unknown][] = [];
        leaves(value, p, found);
        for (const [leafPath, leafValue] of found) {
            out.push(
                side === "before"
                    ? { path: leafPath, before: leafValue }
                    : { path: leafPath, after: leafValue },
            );
        }
    };
    walk(before, after, path);
    return out;
}

/** `type name`, with `#2`, `#3`… for a repeated pair so no resource is silently merged. */
function keyed(plan: readonly PlanResource[]): Map<string, PlanResource> {
    const map = new Map<string, PlanResource>();
    for (const r of plan) {
        const base = `${r.type} ${r.name}`;
        let key = base;
        for (let n = 2; map.has(key); n++) {
            key = `${base} #${n}`;
        }
        map.set(key, r);
    }
    return map;
}

const byTypeAndName = (a: ResourceRef, b: ResourceRef) =>
    a.type.localeCompare(b.type) || a.name.localeCompare(b.name);

/**
 * Compares two plans. Inputs are compared leaf by leaf; a changed parent or dependsOn is reported
 * as the pseudo-paths `(parent)` and `(dependsOn)`, since they change the deployment order.
 */
export function diffPlans(
    before: readonly PlanResource[],
    after: readonly PlanResource[],
): PlanDiff {
    const a = keyed(before);
    const b = keyed(after);
    const diff: PlanDiff = { added: [], removed: [], changed: [], unchanged: 0 };
    for (const [key, r] of a) {
        if (!b.has(key)) {
            diff.removed.push({ type: r.type, name: r.name });
        }
    }
    for (const [key, next] of b) {
        const prev = a.get(key);
        if (!prev) {
            diff.added.push({ type: next.type, name: next.name });
            continue;
        }
        const changes = diffValues(prev.inputs, next.inputs).map((ch) =>
            isIgnored(ch.path, next.ignoreChanges) ? { ...ch, ignored: true as const } : ch,
        );
        if ((prev.parent ?? null) !== (next.parent ?? null)) {
            changes.push({ path: "(parent)", before: prev.parent, after: next.parent });
        }
        const depsBefore = [...(prev.dependsOn ?? [])].sort();
        const depsAfter = [...(next.dependsOn ?? [])].sort();
        if (!deepEqual(depsBefore, depsAfter)) {
            changes.push({ path: "(dependsOn)", before: depsBefore, after: depsAfter });
        }
        if (changes.length > 0) {
            diff.changed.push({ type: next.type, name: next.name, changes });
        } else {
            diff.unchanged++;
        }
    }
    diff.added.sort(byTypeAndName);
    diff.removed.sort(byTypeAndName);
    diff.changed.sort(byTypeAndName);
    return diff;
}

/** A value as shown in the diff: JSON (strings quoted), "(absent)" where the path does not exist. */
export function showValue(value: unknown): string {
    return value === undefined ? "(absent)" : JSON.stringify(value as Json);
}

export function isEmpty(diff: PlanDiff): boolean {
    return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

/**
 * The diff for a reviewer: `+ type name` added, `- type name` removed, `~ type name` changed with
 * one `path: old → new` line per changed input, then a count line; "no changes (N resources)"
 * when the plans are equal.
 */
export function formatPlanDiff(diff: PlanDiff): string {
    if (isEmpty(diff)) {
        return `no changes (${diff.unchanged} resources)`;
    }
    const entries: { ref: ResourceRef; lines: string[] }[] = [
        ...diff.removed.map((ref) => ({ ref, lines: [`- ${ref.type} ${ref.name}`] })),
        ...diff.added.map((ref) => ({ ref, lines: [`+ ${ref.type} ${ref.name}`] })),
        ...diff.changed.map((c) => ({
            ref: c as ResourceRef,
            lines: [
                `~ ${c.type} ${c.name}`,
                ...c.changes.map(
                    (ch) =>
                        `    ${ch.path}: ${showValue(ch.before)} → ${showValue(ch.after)}` +
                        (ch.ignored ? " (ignoreChanges: a deployed stack keeps its value)" : ""),
                ),
            ],
        })),
    ];
    entries.sort((x, y) => byTypeAndName(x.ref, y.ref));
    const counts = `${diff.changed.length} changed, ${diff.added.length} added, ${diff.removed.length} removed, ${diff.unchanged} unchanged`;
    return [...entries.flatMap((e) => e.lines), counts].join("\n");
}
