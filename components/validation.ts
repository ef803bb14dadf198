/**
 * Argument checking for each component, in three passes: the raw shape (types, unknown keys,
 * required fields), then the settings resolved (every default applied once), then the platform's
 * and the model's rules on what was resolved. Every problem is reported at once, before any
 * resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import type { InferenceAutoscalingArgs, InferencePlatformArgs, ModelAutoscalerArgs } from "./args";
import { findShapeProblems, SHAPES } from "./args-shape";
import { findModelProblems, modelWarnings } from "./model/checks";
import { ModelSettings, resolveModel } from "./model/resolve";
import { findPlatformProblems } from "./platform/checks";
import { connectionOf, resolveCollection, resolvePlatform } from "./platform/resolve";
import { InputProblem, Problems } from "./problems";
import type { ResolvedModel } from "./settings/model";
import type { ResolvedPlatform } from "./settings/platform";
import { COLLECTIONS } from "./vocabulary/collections";
import { findMetric } from "./vocabulary/metrics";
import { MAX_COMPONENT_NAME_LENGTH } from "./vocabulary/names";

export type { InputProblem };

/** The shape pass for one component: its name and the shapes of its arguments. */
function shapePass(
    name: string,
    args: unknown,
    fields: (typeof SHAPES)[keyof typeof SHAPES],
): Problems {
    const problems = findShapeProblems(args, fields as never);
    problems.dnsLabel("name", name, MAX_COMPONENT_NAME_LENGTH);
    return problems;
}

/**
 * The platform half of InferenceAutoscaling's arguments. Where GPU metrics are turned on by an
 * argument (GKE managed collection), they are collected when its model scales on them (self-managed
 * collection collects them with any exporter).
 */
export function platformArgsOf(args: InferenceAutoscalingArgs): InferencePlatformArgs {
    const { server: _server, autoscaling, keda, ...platform } = args;
    const byArgument = COLLECTIONS[resolveCollection(platform)].gpuMetrics.by === "argument";
    const kedaPlatform = keda && {
        install: keda.install,
        namespace: keda.namespace,
        operatorServiceAccount: keda.operatorServiceAccount,
    };
    const gpuMetrics = (autoscaling?.metrics ?? []).some(
        (m) => findMetric(m.name)?.source === "dcgm",
    );
    return { ...platform, keda: kedaPlatform, ...(byArgument ? { gpuMetrics } : {}) };
}

/** The model half of InferenceAutoscaling's arguments (its node pool is the platform's). */
export function modelSettingsOf(args: InferenceAutoscalingArgs): ModelSettings {
    return { server: args.server, autoscaling: args.autoscaling, keda: args.keda };
}

/** A component's settings once its arguments passed every pass, or every problem found. */
type Settled<T> = { settings: T; problems: [] } | { settings?: T; problems: InputProblem[] };

function settled<T>(settings: T | undefined, problems: Problems): Settled<T> {
    return problems.list.length === 0 && settings !== undefined
        ? { settings, problems: [] }
        : { settings, problems: problems.list };
}

/** InferencePlatform's arguments: shape, resolve, check. */
export function settlePlatform(
    name: string,
    args: InferencePlatformArgs,
): Settled<ResolvedPlatform> {
    const problems = shapePass(name, args, SHAPES.platform);
    if (problems.list.length > 0) {
        return settled(undefined, problems);
    }
    const platform = resolvePlatform(name, args);
    findPlatformProblems(platform, args, problems);
    return settled(platform, problems);
}

/** ModelAutoscaler's arguments against its platform: shape, resolve, check. */
export function settleModel(name: string, args: ModelAutoscalerArgs): Settled<ResolvedModel> {
    const problems = shapePass(name, args, SHAPES.model);
    if (problems.list.length > 0) {
        return settled(undefined, problems);
    }
    const model = resolveModel(name, args, args.platform);
    findModelProblems(model, args, problems);
    return settled(model, problems);
}

/** InferenceAutoscaling's arguments (one platform and one model on its pool): shape, resolve, check. */
export function settleInferenceAutoscaling(
    name: string,
    args: InferenceAutoscalingArgs,
): Settled<{ platform: ResolvedPlatform; model: ResolvedModel }> {
    const problems = shapePass(name, args, SHAPES.inferenceAutoscaling);
    if (problems.list.length > 0) {
        return settled(undefined, problems);
    }
    const platformArgs = platformArgsOf(args);
    const platform = resolvePlatform(name, platformArgs);
    const given = modelSettingsOf(args);
    const model = resolveModel(name, given, connectionOf(platform));
    findModelProblems(model, given, problems, platform.nodePool);
    findPlatformProblems(platform, platformArgs, problems);
    return settled({ platform, model }, problems);
}

/** Every problem with InferencePlatform's arguments. */
export function findPlatformInputProblems(
    name: string,
    args: InferencePlatformArgs,
): InputProblem[] {
    return settlePlatform(name, args).problems;
}

/** Every problem with ModelAutoscaler's arguments, against its platform. */
export function findModelInputProblems(name: string, args: ModelAutoscalerArgs): InputProblem[] {
    return settleModel(name, args).problems;
}

/** Every problem with InferenceAutoscaling's arguments (one platform and one model). */
export function findInputProblems(name: string, args: InferenceAutoscalingArgs): InputProblem[] {
    return settleInferenceAutoscaling(name, args).problems;
}

/** Advice on InferenceAutoscaling's settled settings: its model's, on the platform's pool it shares. */
export function settledWarnings(
    settings: { platform: ResolvedPlatform; model: ResolvedModel },
    args: InferenceAutoscalingArgs,
): string[] {
    return modelWarnings(settings.model, modelSettingsOf(args), settings.platform.nodePool);
}

/**
 * Advice on valid InferenceAutoscaling inputs that will likely fail at run time (none for invalid
 * ones: their problems come first). No warning depends on the component's name.
 */
export function inputWarnings(args: InferenceAutoscalingArgs, name = "inference"): string[] {
    const { settings } = settleInferenceAutoscaling(name, args);
    return settings ? settledWarnings(settings, args) : [];
}

/** Advice on valid ModelAutoscaler inputs that will likely fail at run time (none for invalid ones). */
export function modelInputWarnings(name: string, args: ModelAutoscalerArgs): string[] {
    const { settings } = settleModel(name, args);
    // Its nodePool is its own (checked as a problem); the connection carries no platform pool size.
    return settings ? modelWarnings(settings, args) : [];
}

/**
 * Throws one `InputPropertiesError` listing every problem, so the CLI reports each against its
 * property before any resource is registered; then logs `warnings` against `resource`, and returns
 * the settled settings.
 */
export function settledOrThrow<T>(
    kind: string,
    name: string,
    result: Settled<T>,
    warnings: (settings: T) => string[],
    resource?: pulumi.Resource,
): T {
    const { problems, settings } = result;
    if (problems.length > 0 || settings === undefined) {
        throw new pulumi.InputPropertiesError({
            message:
                `${kind} "${name}" has ${problems.length} invalid input(s):\n` +
                problems.map((e) => `  - ${e.reason}`).join("\n"),
            errors: problems,
        });
    }
    for (const warning of warnings(settings)) {
        pulumi.log.warn(warning, resource);
    }
    return settings;
}
