/**
 * Argument checking for each component, in one stage order: the raw shape first (types, unknown
 * keys, required fields), then the platform's and the model's own rules on sound arguments.
 * Every problem is reported at once, before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import type { InferenceAutoscalingArgs, InferencePlatformArgs, ModelAutoscalerArgs } from "./args";
import { findShapeProblems, SHAPES } from "./args-shape";
import { findModelProblems, ModelSettings, modelWarnings, usesGpuMetrics } from "./model/config";
import { findPlatformProblems, platformFacts, resolveCollection } from "./platform/config";
import { InputProblem, Problems } from "./problems";
import { MAX_COMPONENT_NAME_LENGTH } from "./vocabulary/names";

export type { InputProblem };

/** The shape stage for one component: its name and the shapes of its arguments. */
function shapeStage(
    name: string,
    args: unknown,
    fields: (typeof SHAPES)[keyof typeof SHAPES],
): Problems {
    const problems = findShapeProblems(args, fields as never);
    problems.dnsLabel("name", name, MAX_COMPONENT_NAME_LENGTH);
    return problems;
}

/**
 * The platform half of InferenceAutoscaling's arguments. On GKE managed collection GPU metrics are
 * collected when its model scales on them (self-managed collection collects them with any exporter).
 */
export function platformArgsOf(args: InferenceAutoscalingArgs): InferencePlatformArgs {
    const { server: _server, autoscaling: _autoscaling, keda, ...platform } = args;
    const managed = resolveCollection(platform) === "gke-managed";
    const kedaPlatform = keda && {
        install: keda.install,
        namespace: keda.namespace,
        operatorServiceAccount: keda.operatorServiceAccount,
    };
    return {
        ...platform,
        keda: kedaPlatform,
        ...(managed ? { gpuMetrics: usesGpuMetrics(args) } : {}),
    };
}

/** The model half of InferenceAutoscaling's arguments (its node pool is the platform's). */
export function modelSettingsOf(args: InferenceAutoscalingArgs): ModelSettings {
    return { server: args.server, autoscaling: args.autoscaling, keda: args.keda };
}

/** Every problem with InferencePlatform's arguments. */
export function findPlatformInputProblems(
    name: string,
    args: InferencePlatformArgs,
): InputProblem[] {
    const problems = shapeStage(name, args, SHAPES.platform);
    if (problems.list.length === 0) {
        findPlatformProblems(args, problems);
    }
    return problems.list;
}

/** Every problem with ModelAutoscaler's arguments, against its platform. */
export function findModelInputProblems(name: string, args: ModelAutoscalerArgs): InputProblem[] {
    const problems = shapeStage(name, args, SHAPES.model);
    if (problems.list.length === 0) {
        findModelProblems(args, args.platform, problems);
    }
    return problems.list;
}

/** Every problem with InferenceAutoscaling's arguments (one platform and one model). */
export function findInputProblems(name: string, args: InferenceAutoscalingArgs): InputProblem[] {
    const problems = shapeStage(name, args, SHAPES.inferenceAutoscaling);
    if (problems.list.length > 0) {
        return problems.list;
    }
    const platform = platformArgsOf(args);
    findModelProblems(
        modelSettingsOf(args),
        platformFacts(platform),
        problems,
        args.nodePool ? (args.nodePool.gpusPerNode ?? 1) : undefined,
    );
    findPlatformProblems(platform, problems);
    return problems.list;
}

/** Advice on valid InferenceAutoscaling inputs that will likely fail at run time. */
export function inputWarnings(
    args: Pick<InferenceAutoscalingArgs, "server" | "autoscaling" | "nodePool">,
): string[] {
    // InferenceAutoscaling's nodePool is its platform's, which the model shares.
    return modelWarnings({ server: args.server, autoscaling: args.autoscaling }, args.nodePool);
}

/**
 * Throws one `InputPropertiesError` listing every problem, so the CLI reports each against its
 * property before any resource is registered; then logs warnings against `resource`.
 */
export function throwIfInvalid(
    kind: string,
    name: string,
    problems: InputProblem[],
    warnings: string[],
    resource?: pulumi.Resource,
): void {
    if (problems.length > 0) {
        throw new pulumi.InputPropertiesError({
            message:
                `${kind} "${name}" has ${problems.length} invalid input(s):\n` +
                problems.map((e) => `  - ${e.reason}`).join("\n"),
            errors: problems,
        });
    }
    for (const warning of warnings) {
        pulumi.log.warn(warning, resource);
    }
}
