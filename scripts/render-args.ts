/**
 * Command line of `npm run render`, and `--set` overrides with `pulumi config set --path` semantics.
 */
import { parseArgs } from "util";

export const RENDER_USAGE = `usage: npm run render -- --stack <name> [--out DIR] [--set namespace:key=value ...] [--plan-only]

Runs a stack's program offline (no cloud, no credentials), then helm on every chart it installs,
and writes DIR/plan.json, DIR/manifests/, DIR/helm/ and DIR/cluster/ (DIR defaults to out/<stack>).
A DIR that is not empty must hold an earlier render: the render replaces only the files it wrote.
--plan-only skips helm: plan.json, manifests/ and helm/ only (what the program itself registers);
RENDER_PLAN_ONLY=1 in the environment does the same (tools that also render older checkouts use it).

--set overrides one stack config value, as \`pulumi config set [--path]\` would:
  --set inference-autoscaling:backend=keda                      a top-level key (always a string)
  --set inference-autoscaling:autoscaling.maxReplicas=8         a path into an object: "true"/"false"
  --set 'inference-autoscaling:autoscaling.metrics[0].target=2'   become booleans, integers numbers,
  --set 'inference-autoscaling:server.podLabels["app.kubernetes.io/name"]=vllm'   the rest strings
The program reads a decimal string (0.5) as a number where the field is a number, as it does for
\`pulumi config set --path\`, which keeps decimals strings unless given --type float.`;

/** One `--set`: the config key (`namespace:key`), the path below it (empty for the whole key), the value. */
export interface ConfigOverride {
    key: string;
    path: (string | number)[];
    value: string;
}

export interface RenderArgs {
    help: boolean;
    stack: string;
    planOnly: boolean;
    out?: string;
    overrides: ConfigOverride[];
}

/** Splits `key.a[0]["b.c"]` into the key and its path segments; throws on malformed syntax. */
export function parsePropertyPath(text: string): { key: string; path: (string | number)[] } {
    const head = /^[^.[\]]+/.exec(text);
    if (!head) {
        throw new Error(`"${text}" must start with a key name`);
    }
    const path: (string | number)[] = [];
    let rest = text.slice(head[0].length);
    while (rest.length > 0) {
        const m = /^\.([^.[\]]+)|^\[(\d+)\]|^\["([^"]+)"\]/.exec(rest);
        if (!m) {
            throw new Error(
                `"${text}": cannot read "${rest}" (expected .name, [index] or ["name"])`,
            );
        }
        path.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]));
        rest = rest.slice(m[0].length);
    }
    return { key: head[0], path };
}

/** `namespace:key[.path]=value` → a ConfigOverride; throws naming the argument when malformed. */
export function parseOverride(pair: string): ConfigOverride {
    const eq = pair.indexOf("=");
    const colon = pair.indexOf(":");
    if (eq <= 0 || colon <= 0 || colon > eq) {
        throw new Error(
            `--set ${pair}: expected namespace:key=value, e.g. inference-autoscaling:backend=keda`,
        );
    }
    try {
        const { key, path } = parsePropertyPath(pair.slice(colon + 1, eq));
        return { key: `${pair.slice(0, colon)}:${key}`, path, value: pair.slice(eq + 1) };
    } catch (err) {
        throw new Error(`--set ${pair}: ${(err as Error).message}`, { cause: err });
    }
}

/** A path value as Pulumi stores it: "true"/"false" as booleans, integers as numbers, the rest as strings. */
function pathValue(text: string): unknown {
    if (text === "true" || text === "false") {
        return text === "true";
    }
    return /^-?\d+$/.test(text) ? Number(text) : text;
}

/**
 * Applies overrides to a stack's config (values as the engine holds them: strings, objects as JSON).
 * A path creates the maps and lists it walks through, as `pulumi config set --path` does.
 */
export function applyOverrides(
    config: Record<string, string>,
    overrides: readonly ConfigOverride[],
): Record<string, string> {
    const out = { ...config };
    for (const o of overrides) {
        if (o.path.length === 0) {
            out[o.key] = o.value;
            continue;
        }
        let root: unknown;
        try {
            root = out[o.key] === undefined ? undefined : JSON.parse(out[o.key]);
        } catch {
            throw new Error(
                `--set ${o.key}${o.path.map((p) => `[${JSON.stringify(p)}]`).join("")}: ${o.key} is a plain value, not an object or list`,
            );
        }
        const container = (segment: string | number) => (typeof segment === "number" ? [] : {});
        root ??= container(o.path[0]);
        let node = root as Record<string | number, unknown>;
        o.path.forEach((segment, i) => {
            if (i === o.path.length - 1) {
                node[segment] = pathValue(o.value);
                return;
            }
            if (typeof node[segment] !== "object" || node[segment] === null) {
                node[segment] = container(o.path[i + 1]);
            }
            node = node[segment] as Record<string | number, unknown>;
        });
        out[o.key] = JSON.stringify(root);
    }
    return out;
}

/** Parses the render's command line; throws with the usage when it is wrong. */
export function parseRenderArgs(argv: string[]): RenderArgs {
    let values: {
        stack?: string;
        out?: string;
        set?: string[];
        help?: boolean;
        "plan-only"?: boolean;
    };
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                out: { type: "string" },
                set: { type: "string", multiple: true },
                help: { type: "boolean", short: "h" },
                "plan-only": { type: "boolean" },
            },
        }));
    } catch (err) {
        throw new Error(`${(err as Error).message}\n\n${RENDER_USAGE}`, { cause: err });
    }
    if (values.help) {
        return { help: true, stack: "", planOnly: false, overrides: [] };
    }
    if (!values.stack) {
        throw new Error(RENDER_USAGE);
    }
    return {
        help: false,
        stack: values.stack,
        out: values.out,
        planOnly: (values["plan-only"] ?? false) || process.env.RENDER_PLAN_ONLY === "1",
        overrides: (values.set ?? []).map(parseOverride),
    };
}
