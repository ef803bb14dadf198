/**
 * Builds a stack's offline plan: runs the program under the mock engine with the stack's config
 * and returns what it registered, secrets masked and in a stable order.
 */
import * as pulumi from "@pulumi/pulumi";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { InvokeMocks, isSecret, PlannedResource, startMockEngine } from "./mock-engine";
import { OFFLINE_INVOKES } from "./offline-invokes";
import { applyOverrides, ConfigOverride } from "../scripts/render-args";
import { REPO_ROOT } from "./repo-root";

export { REPO_ROOT };
export const SECRET_PLACEHOLDER = "[secret]";

interface StackFile {
    config?: Record<string, unknown>;
}

/** Names of the stacks with a config file under stacks/. */
export function listStacks(root = REPO_ROOT): string[] {
    return fs
        .readdirSync(path.join(root, "stacks"))
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/**
 * The stacks this project ships: those whose file git tracks. A user's own stack file beside them is
 * theirs to render and bench, not the test suite's to hold to the shipped stacks' budgets. Outside
 * a git checkout, every stack file.
 */
export function shippedStacks(root = REPO_ROOT): string[] {
    const git = spawnSync("git", ["-C", root, "ls-files", "--", "stacks"], { encoding: "utf8" });
    if (git.status !== 0) {
        return listStacks(root);
    }
    const tracked = new Set(git.stdout.split("\n").map((f) => path.basename(f)));
    return listStacks(root).filter((s) => tracked.has(`Pulumi.${s}.yaml`));
}

/**
 * Reads `stacks/Pulumi.<stack>.yaml` into the string map the engine takes. Encrypted values
 * (`secure:`) cannot be decrypted offline: they become a placeholder marked secret.
 */
export function readStackConfig(stack: string, root = REPO_ROOT) {
    const file = path.join(root, "stacks", `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        throw new Error(
            `no stack "${stack}": ${file} does not exist (stacks: ${listStacks(root).join(", ")})`,
        );
    }
    const parsed = (yaml.load(fs.readFileSync(file, "utf8"), {
        filename: path.relative(process.cwd(), file),
    }) ?? {}) as StackFile;
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(parsed.config ?? {})) {
        if (typeof value === "object" && value !== null && "secure" in value) {
            config[key] = SECRET_PLACEHOLDER;
            secretKeys.push(key);
        } else {
            config[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { config, secretKeys };
}

export const UNKNOWN_PLACEHOLDER = "[unknown]";

/**
 * Replaces every secret with "[secret]" and every value known only at deploy time (an output of a
 * resource not yet created, as in `pulumi preview`) with "[unknown]", recursively.
 */
export function maskSecrets(value: unknown): unknown {
    if (isSecret(value)) {
        return SECRET_PLACEHOLDER;
    }
    if (pulumi.isUnknown(value)) {
        return UNKNOWN_PLACEHOLDER;
    }
    if (Array.isArray(value)) {
        return value.map(maskSecrets);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v)]));
    }
    return value;
}

/**
 * Runs the program (index.ts) for `stack` offline and returns its plan, sorted by type and name.
 * `overrides` change stack config values (`--set`, see render-args.ts).
 * Loads the program once per process: call from a fresh process per stack.
 */
export async function buildPlan(
    stack: string,
    overrides: readonly ConfigOverride[] = [],
    invokes: InvokeMocks = OFFLINE_INVOKES,
): Promise<PlannedResource[]> {
    const project = (
        yaml.load(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as { name: string }
    ).name;
    const { config, secretKeys } = readStackConfig(stack);
    const engine = startMockEngine({
        project,
        stack,
        config: applyOverrides(config, overrides),
        secretKeys,
        invokes,
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the program runs it, and it must run here, against the mock engine started just above
    require(path.join(REPO_ROOT, "index"));
    await engine.settle();
    return engine.resources
        .map((r) => ({ ...r, inputs: maskSecrets(r.inputs) as Record<string, unknown> }))
        .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
}
