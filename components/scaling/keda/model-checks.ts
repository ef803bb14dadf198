/**
 * Checks of a model's KEDA-only settings (fallback, scaling modifiers) against its resolved
 * autoscaling settings and the platform's backend; the values as given only where the user set them.
 */
import type { KedaModelArgs } from "../../args";
import type { Problems } from "../../problems";
import type { ResolvedModel } from "../../settings/model";
import { BACKENDS, BACKENDS_WITH_FORMULAS, quotedAlternatives } from "../../vocabulary/backends";
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
    cfg: ResolvedModel,
    modifiers: NonNullable<KedaModelArgs["scalingModifiers"]>,
    problems: Problems,
): void {
    const path = "keda.scalingModifiers";
    const backend = cfg.platform.backend;
    if (!BACKENDS[backend].formulas) {
        problems.add(
            path,
            `${path} is set but backend is "${backend}"; a formula over the metrics needs backend ${quotedAlternatives(BACKENDS_WITH_FORMULAS)} (an HPA takes the largest per-metric proposal)`,
        );
        return;
    }
    if (cfg.autoscaling.minReplicas === 0) {
        problems.add(
            path,
            `${path} is set but autoscaling.minReplicas is 0; with no pod the metrics have no value, so a formula cannot wake the model: keep keda.activationQuery alone, or a minimum of 1`,
        );
    }
    const scaled: string[] = cfg.autoscaling.metrics.map((m) => m.metric.name);
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
    } else if (target !== undefined && !Number.isInteger(target) && cfg.keda.fallback.enabled) {
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

/** A model's KEDA settings: the fallback's bounds and the formula's metrics, target and backend. */
export function findKedaModelProblems(
    cfg: ResolvedModel,
    given: KedaModelArgs | undefined,
    problems: Problems,
): void {
    if (given?.fallback) {
        checkFallback(given.fallback, cfg.autoscaling.maxReplicas, problems);
    }
    if (given?.scalingModifiers) {
        checkScalingModifiers(cfg, given.scalingModifiers, problems);
    }
}
