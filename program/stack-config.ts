/**
 * The stack's settings, read from `stacks/Pulumi.<stack>.yaml`: every key of the component's
 * arguments (same names, same shapes, so nothing is listed twice), plus the program's own keys.
 * Unknown keys and bad shapes fail here, before anything is built, naming the key.
 */
import * as pulumi from "@pulumi/pulumi";
import { findInputProblems, InferenceAutoscalingArgs } from "../components";
import { ARGS_FIELDS } from "../components/args-shape";
import { unknownKeyReason } from "../components/shape";

/** Name of the program's component: the prefix of every resource name. */
export const COMPONENT_NAME = "inference";

/** Keys the program reads itself; each is a secret except kubeContext. */
const PROGRAM_KEYS = {
    /** Hugging Face token for `server.deploy` (a secret). */
    huggingFaceToken: "secret",
    /** Grafana's admin password (a secret). */
    grafanaAdminPassword: "secret",
    /** Kubeconfig of the cluster (a secret); when absent it is built from the cluster (or ambient). */
    kubeconfig: "secret",
    /** Context of the ambient kubeconfig to use (generic clusters). */
    kubeContext: "plain",
} as const;

/** Component arguments a stack cannot set: objects, not values. */
const NOT_FROM_CONFIG = new Set(["k8sProvider"]);
const ARG_KEYS = Object.keys(ARGS_FIELDS).filter((k) => !NOT_FROM_CONFIG.has(k));

export interface StackSettings {
    /** The component's arguments, as the stack gives them (checked by the component's own validation). */
    args: Omit<InferenceAutoscalingArgs, "k8sProvider">;
    kubeconfig?: pulumi.Output<string>;
    kubeContext?: string;
}

/** A config value as the stack file wrote it: objects, lists, numbers and booleans parsed, text kept. */
function readValue(config: pulumi.Config, key: string): unknown {
    const raw = config.get(key);
    if (raw === undefined || ARGS_FIELDS[key as keyof typeof ARGS_FIELDS].shape.type === "string") {
        return raw;
    }
    try {
        return JSON.parse(raw);
    } catch {
        return raw; // the shape check names it: `x is "..." (a string); it must be ...`
    }
}

/** Puts the stack's secrets where the component reads them. */
function withSecrets(args: Record<string, unknown>, config: pulumi.Config): Record<string, unknown> {
    const token = config.getSecret("huggingFaceToken");
    const password = config.getSecret("grafanaAdminPassword");
    const server = args.server as { deploy?: object } | undefined;
    const out = { ...args };
    if (token !== undefined && server?.deploy && typeof server.deploy === "object") {
        out.server = { ...server, deploy: { ...server.deploy, huggingFaceToken: token } };
    }
    if (password !== undefined) {
        out.prometheus = { ...((args.prometheus as object | undefined) ?? {}), grafanaAdminPassword: password };
    }
    return out;
}

/**
 * Reads and checks the stack's config. Throws one error listing every problem: unknown keys (with
 * the nearest known key) and every bad value, as the component would report it.
 */
export function readStackSettings(config: pulumi.Config = new pulumi.Config()): StackSettings {
    const namespace = `${config.name}:`;
    const known = [...ARG_KEYS, ...Object.keys(PROGRAM_KEYS)];
    const problems = Object.keys(pulumi.runtime.allConfig())
        .filter((k) => k.startsWith(namespace) && !known.includes(k.slice(namespace.length)))
        .map((k) => unknownKeyReason(k, k.slice(namespace.length), known));
    const raw = Object.fromEntries(ARG_KEYS.map((k) => [k, readValue(config, k)]).filter(([, v]) => v !== undefined));
    const args = withSecrets(raw, config) as StackSettings["args"];
    problems.push(...findInputProblems(COMPONENT_NAME, args).map((p) => `${namespace}${p.reason}`));
    if (problems.length > 0) {
        throw new pulumi.RunError(`stack ${pulumi.getStack()} has ${problems.length} config problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    return { args, kubeconfig: config.getSecret("kubeconfig"), kubeContext: config.get("kubeContext") };
}
