/**
 * The stack's settings, read from `stacks/Pulumi.<stack>.yaml`: every key of InferenceAutoscaling's
 * arguments (same names, same shapes, so nothing is listed twice), `models` (more models on the
 * same platform, one object each), plus the program's own keys. Unknown keys and bad values fail
 * here, before anything is built, naming the key.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { findInputProblems, InferenceAutoscalingArgs } from "../components";
import { ARGS_FIELDS, STACK_MODELS, StackModel } from "../components/args-shape";
import { diskOverrun, diskOverrunReason } from "../components/capacity/disk-fit";
import { deployedServerOf, findModelProblems } from "../components/model/checks";
import { resolveModel } from "../components/model/resolve";
import { connectionOf, resolvePlatform } from "../components/platform/resolve";
import { Problems } from "../components/problems";
import { checkShape, nearestKey, Shape, unknownKeyReason } from "../components/shape";
import type { ModelSettings } from "../components/model/resolve";
import { modelSettingsOf, platformArgsOf } from "../components/validation";
import { MAX_COMPONENT_NAME_LENGTH } from "../components/vocabulary/names";
import { REPO_ROOT } from "../harness/repo-root";
import { decimalsAsNumbers } from "./config-decimals";

/** Name of the program's component: the prefix of every resource name. */
export const COMPONENT_NAME = "inference";

/** Keys the program reads itself; each is a secret except kubeContext. */
const PROGRAM_KEYS = {
    /** Hugging Face token for `server.deploy` (a secret), for every model. */
    huggingFaceToken: "secret",
    /** Grafana's admin password (a secret). */
    grafanaAdminPassword: "secret",
    /** Kubeconfig of the cluster (a secret); when absent it is built from the cluster (or ambient). */
    kubeconfig: "secret",
    /** Context of the ambient kubeconfig to use (generic clusters). */
    kubeContext: "plain",
    /** More models on the platform: a list of objects (`name`, `server`, `autoscaling`, `keda`, `nodePool`, `warmCapacity`). */
    models: "list",
} as const;

const ARG_KEYS = Object.keys(ARGS_FIELDS);

export interface StackSettings {
    /** The first model and its platform, as InferenceAutoscaling's arguments. */
    args: InferenceAutoscalingArgs;
    /** More models on the same platform. */
    models: StackModel[];
    kubeconfig?: pulumi.Output<string>;
    kubeContext?: string;
}

/**
 * A config value as the stack file wrote it, read for a field of `shape`: objects, lists, numbers
 * and booleans parsed, text kept, and decimals `pulumi config set --path` left as strings read as
 * numbers where the field is one.
 */
function readValue(config: pulumi.Config, key: string, shape: Shape): unknown {
    const raw = config.get(key);
    if (raw === undefined || shape.type === "string") {
        return raw;
    }
    try {
        return decimalsAsNumbers(JSON.parse(raw), shape);
    } catch {
        return raw; // the shape check names it: `x is "..." (a string); it must be ...`
    }
}

/** Puts the Hugging Face token into a server that is deployed. */
function withToken<T extends { server?: unknown }>(
    holder: T,
    token: pulumi.Output<string> | undefined,
): T {
    const server = holder.server as { deploy?: object } | undefined;
    if (token === undefined || !server?.deploy || typeof server.deploy !== "object") {
        return holder;
    }
    return {
        ...holder,
        server: { ...server, deploy: { ...server.deploy, huggingFaceToken: token } },
    };
}

/** True when a selector of `selector` matches every pod carrying `labels` (it asks for a subset of them). */
function selectsAll(selector: Record<string, string>, labels: Record<string, string>): boolean {
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** Checks the extra models: shape, names, each against the platform, and one autoscaler per Deployment. */
function modelProblems(raw: unknown, args: StackSettings["args"], namespace: string): string[] {
    if (raw === undefined) {
        return [];
    }
    const problems = new Problems();
    checkShape(raw, STACK_MODELS.shape, "models", problems);
    if (problems.list.length > 0) {
        return problems.list.map((p) => `${namespace}${p.reason}`);
    }
    const platform = resolvePlatform(
        COMPONENT_NAME,
        platformArgsOf(args as InferenceAutoscalingArgs),
    );
    const connection = connectionOf(platform);
    // Who holds each name, Deployment and pod selector so far: the stack's own model, then models[i].
    const first = "the stack's own model";
    const names = new Map([[COMPONENT_NAME, first]]);
    const deployments = new Map([
        [`${args.server.namespace}/${args.server.deploymentName}`, first],
    ]);
    const selectors = [
        { by: first, namespace: args.server.namespace, labels: args.server.podLabels },
    ];
    (raw as StackModel[]).forEach((model, i) => {
        const at = `models[${i}]`;
        const own = new Problems();
        own.dnsLabel("name", model.name, MAX_COMPONENT_NAME_LENGTH);
        const nameHolder = names.get(model.name);
        if (nameHolder !== undefined) {
            own.add(
                "name",
                `name ${JSON.stringify(model.name)} is already taken by ${nameHolder}; give each model its own name`,
            );
        }
        const target = `${model.server.namespace}/${model.server.deploymentName}`;
        const scaledBy = deployments.get(target);
        if (scaledBy !== undefined) {
            own.add(
                "server.deploymentName",
                `server.deploymentName: Deployment ${target} is already scaled by ${scaledBy}; one autoscaler per Deployment`,
            );
        }
        const overlap = selectors.find(
            (o) =>
                o.namespace === model.server.namespace &&
                selectsAll(model.server.podLabels, o.labels),
        );
        if (overlap !== undefined) {
            own.add(
                "server.podLabels",
                `server.podLabels ${JSON.stringify(model.server.podLabels)} also select the pods of ${overlap.by} ` +
                    `(labels ${JSON.stringify(overlap.labels)} in namespace ${model.server.namespace}), so both would read each other's metrics; ` +
                    "give the labels only this model's pods carry",
            );
        }
        names.set(model.name, at);
        deployments.set(target, at);
        selectors.push({
            by: at,
            namespace: model.server.namespace,
            labels: model.server.podLabels,
        });
        findModelProblems(
            resolveModel(model.name, model, connection),
            model,
            own,
            platform.nodePool,
        );
        problems.list.push(
            ...own.list.map((p) => ({
                propertyPath: `${at}.${p.propertyPath}`,
                reason: `${at}.${p.reason}`,
            })),
        );
    });
    return problems.list.map((p) => `${namespace}${p.reason}`);
}

/**
 * Models on the platform's pool share its nodes' disks: each model's image pre-pull fetches its
 * weights onto every node, and each server may land on any node. The components check one model
 * each (modelWarnings); only the stack knows them all, so it checks their sum. A warning, as the
 * components' check of the platform's pool is.
 */
export function sharedPoolWarnings(
    args: InferenceAutoscalingArgs,
    models: readonly StackModel[],
): string[] {
    const platform = resolvePlatform(COMPONENT_NAME, platformArgsOf(args));
    const connection = connectionOf(platform);
    const serversOf = (name: string, model: ModelSettings) =>
        deployedServerOf(resolveModel(name, model, connection));
    const sharing = [
        { at: "the stack's own model", servers: serversOf(COMPONENT_NAME, modelSettingsOf(args)) },
        ...models.flatMap((m, i) =>
            m.nodePool ? [] : [{ at: `models[${i}]`, servers: serversOf(m.name, m) }],
        ),
    ].filter((s) => s.servers.length > 0);
    // One model alone is the component's own warning.
    const disk =
        platform.nodePool &&
        sharing.length > 1 &&
        diskOverrun(
            platform.nodePool,
            sharing.flatMap((s) => s.servers),
        );
    return disk
        ? [
              diskOverrunReason(
                  disk,
                  `the ${sharing.length} models on the platform's GPU pool (${sharing.map((s) => s.at).join(", ")}), ` +
                      "which a node may hold all at once (each image pre-pull fetches its model onto every node),",
              ),
          ]
        : [];
}

/** A component problem in the stack's words: where the stack takes a value from its own key, that key. */
function stackReason(p: { propertyPath: string; reason: string }): string {
    if (p.propertyPath === "prometheus.grafanaAdminPassword") {
        return (
            "grafanaAdminPassword is not set but prometheus.grafana is true; set Grafana's admin password as a secret: " +
            "pulumi config set --secret grafanaAdminPassword <password>"
        );
    }
    return p.reason;
}

/**
 * Config namespaces the program reads: its own, each provider package's it depends on (`gcp:project`,
 * `aws:region`, ...) and Pulumi's (`pulumi:tags`).
 */
function knownNamespaces(own: string): string[] {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
    };
    const providers = Object.keys(pkg.dependencies)
        .filter((d) => d.startsWith("@pulumi/"))
        .map((d) => d.slice("@pulumi/".length));
    return [own, ...providers, "pulumi"];
}

/** A key under a namespace nothing reads (a typo such as `inference_autoscaling:backend`). */
function unknownNamespaceProblems(own: string): string[] {
    const known = knownNamespaces(own);
    return Object.keys(pulumi.runtime.allConfig())
        .map((key) => [key, key.slice(0, key.indexOf(":"))])
        .filter(([, ns]) => !known.includes(ns))
        .map(([key, ns]) => {
            const near = nearestKey(ns, known);
            return (
                `${key}: no part of this program reads the config namespace "${ns}"` +
                `${near ? `; did you mean "${near}:${key.slice(ns.length + 1)}"?` : ""} Known namespaces: ${known.join(", ")}`
            );
        });
}

/**
 * Reads and checks the stack's config. Throws one error listing every problem: unknown keys (with
 * the nearest known key) and every bad value, as the components would report it.
 */
export function readStackSettings(config: pulumi.Config = new pulumi.Config()): StackSettings {
    const namespace = `${config.name}:`;
    const known = [...ARG_KEYS, ...Object.keys(PROGRAM_KEYS)];
    const problems = Object.keys(pulumi.runtime.allConfig())
        .filter((k) => k.startsWith(namespace) && !known.includes(k.slice(namespace.length)))
        .map((k) => unknownKeyReason(k, k.slice(namespace.length), known));
    problems.push(...unknownNamespaceProblems(config.name));
    const raw = Object.fromEntries(
        ARG_KEYS.map((k) => [
            k,
            readValue(config, k, ARGS_FIELDS[k as keyof typeof ARGS_FIELDS].shape),
        ]).filter(([, v]) => v !== undefined),
    );
    const token = config.getSecret("huggingFaceToken");
    const password = config.getSecret("grafanaAdminPassword");
    const args = withToken(
        password === undefined
            ? raw
            : {
                  ...raw,
                  prometheus: {
                      ...((raw.prometheus as object | undefined) ?? {}),
                      grafanaAdminPassword: password,
                  },
              },
        token,
    ) as StackSettings["args"];
    const argProblems = findInputProblems(COMPONENT_NAME, args as InferenceAutoscalingArgs);
    problems.push(...argProblems.map((p) => `${namespace}${stackReason(p)}`));
    const models = readValue(config, "models", STACK_MODELS.shape);
    // Models are checked against the platform, so only once the platform's arguments are sound.
    if (argProblems.length === 0) {
        problems.push(...modelProblems(models, args, namespace));
    }
    if (problems.length > 0) {
        throw new pulumi.RunError(
            `stack ${pulumi.getStack()} has ${problems.length} config problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
        );
    }
    const stackModels = (models as StackModel[] | undefined) ?? [];
    for (const warning of sharedPoolWarnings(args as InferenceAutoscalingArgs, stackModels)) {
        pulumi.log.warn(`${namespace}${warning}`);
    }
    return {
        args,
        models: ((models as StackModel[] | undefined) ?? []).map((m) => withToken(m, token)),
        kubeconfig: config.getSecret("kubeconfig"),
        kubeContext: config.get("kubeContext"),
    };
}
