/**
 * Checks of a model's KEDA-only settings (fallback, scaling modifiers) against its autoscaling
 * settings and the platform's backend, on arguments whose shape was checked.
 */
import type { AutoscalingArgs, KedaModelArgs } from "../../args";
import type { PlatformFacts } from "../../platform/connection";
import type { Problems } from "../../problems";
import { METRIC_NAMES } from "../../vocabulary/metrics";

function checkFallback(
    fallback: NonNullable<KedaModelArgs["fallback"]>,
    maxReplicas: number,
    problems: Problems,
): void {
    const { failureThreshold, replicas } = fallback;
    if (
        failureThreshold !== undefined &&
        !(Number.isInteger(failureThreshold) && failureThreshold >= 0)
    ) {
        problems.add(
            "keda.fallback.failureThreshold",
            `keda.fallback.failureThreshold is ${failureThreshold}; it must be a whole number of 0 or more`,
        );
    }
    if (
        replicas !== undefined &&
        !(Number.isInteger(replicas) && replicas >= 0 && replicas <= maxReplicas)
    ) {
        problems.add(
            "keda.fallback.replicas",
            `keda.fallback.replicas is ${replicas}; it must be a whole number from 0 to autoscaling.maxReplicas (${maxReplicas})`,
        );
    }
}

/** The catalog metric names a formula mentions (whole identifiers only). */
export function formulaMetrics(formula: string): string[] {
    const identifiers = new Set(formula.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
    return METRIC_NAMES.filter((name) => identifiers.has(name));
}

function checkScalingModifiers(
    keda: KedaModelArgs,
    autoscaling: AutoscalingArgs,
    scaled: readonly string[],
    platform: PlatformFacts,
    problems: Problems,
): void {
    const modifiers = keda.scalingModifiers;
    if (!modifiers) {
        return;
    }
    const path = "keda.scalingModifiers";
    if (platform.backend !== "keda") {
        problems.add(
            path,
            `${path} is set but backend is "${platform.backend}"; a formula over the metrics needs backend "keda" (an HPA takes the largest per-metric proposal)`,
        );
        return;
    }
    if ((autoscaling.minReplicas ?? 1) === 0) {
        problems.add(
            path,
            `${path} is set but autoscaling.minReplicas is 0; with no pod the metrics have no value, so a formula cannot wake the model: keep keda.activationQuery alone, or a minimum of 1`,
        );
    }
    const named = formulaMetrics(modifiers.formula);
    const unscaled = named.filter((n) => !scaled.includes(n));
    if (named.length === 0) {
        problems.add(
            `${path}.formula`,
            `${path}.formula is ${JSON.stringify(modifiers.formula)}; it must use at least one of the scaled metrics: ${scaled.join(", ")}`,
        );
    } else if (unscaled.length > 0) {
        problems.add(
            `${path}.formula`,
            `${path}.formula uses ${unscaled.join(", ")}, not in autoscaling.metrics; KEDA has a trigger only for the scaled metrics: ${scaled.join(", ")}`,
        );
    }
    const target = modifiers.target;
    if (target !== undefined && !(Number.isFinite(target) && target > 0)) {
        problems.add(
            `${path}.target`,
            `${path}.target is ${target}; it must be a number greater than 0`,
        );
    } else if (
        target !== undefined &&
        !Number.isInteger(target) &&
        (keda.fallback?.enabled ?? true)
    ) {
        problems.add(
            `${path}.target`,
            `${path}.target is ${target}; it must be a whole number while keda.fallback is enabled (KEDA ignores the fallback otherwise): scale the formula instead, or disable the fallback`,
        );
    }
    if (modifiers.activationTarget !== undefined && !(modifiers.activationTarget >= 0)) {
        problems.add(
            `${path}.activationTarget`,
            `${path}.activationTarget is ${modifiers.activationTarget}; it must be 0 or more`,
        );
    }
}

/**
 * A model's KEDA settings: the fallback's bounds and the formula's metrics, target and backend.
 * `scaled` names the metrics the model scales on (its triggers), defaults applied.
 */
export function findKedaModelProblems(
    keda: KedaModelArgs,
    autoscaling: AutoscalingArgs,
    scaled: readonly string[],
    platform: PlatformFacts,
    problems: Problems,
): void {
    if (keda.fallback) {
        checkFallback(keda.fallback, autoscaling.maxReplicas ?? 5, problems);
    }
    checkScalingModifiers(keda, autoscaling, scaled, platform, problems);
}
