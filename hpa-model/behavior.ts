/**
 * An HPA's `spec.behavior` as the controller sees it: the API server's defaults filled in
 * (kubernetes/kubernetes pkg/apis/autoscaling/v2/defaults.go, SetDefaults_HorizontalPodAutoscalerBehavior)
 * and every value a plain number, so the decision can be replayed without a cluster.
 */
import type * as k8s from "@pulumi/kubernetes";

export type BehaviorInput = k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerBehavior;
type RulesInput = k8s.types.input.autoscaling.v2.HPAScalingRules;
type PolicyInput = k8s.types.input.autoscaling.v2.HPAScalingPolicy;

export type SelectPolicy = "Max" | "Min" | "Disabled";

export interface ScalingPolicy {
    readonly type: "Pods" | "Percent";
    readonly value: number;
    readonly periodSeconds: number;
}

export interface ScalingRules {
    /** Unset only for scaleDown when not given: the controller then uses its own flag (maybeInitScaleDownStabilizationWindow). */
    readonly stabilizationWindowSeconds?: number;
    readonly selectPolicy: SelectPolicy;
    readonly policies: readonly ScalingPolicy[];
    /** Per-direction tolerance (HPAConfigurableTolerance); unset means the controller's flag. */
    readonly tolerance?: number;
}

export interface ScalingBehavior {
    readonly scaleUp: ScalingRules;
    readonly scaleDown: ScalingRules;
}

/** defaultHPAScaleUpRules: the larger of +100% and +4 pods per 15 s, no stabilization. */
export const DEFAULT_SCALE_UP: ScalingRules = {
    stabilizationWindowSeconds: 0,
    selectPolicy: "Max",
    policies: [
        { type: "Pods", value: 4, periodSeconds: 15 },
        { type: "Percent", value: 100, periodSeconds: 15 },
    ],
};

/** defaultHPAScaleDownRules: -100% per 15 s; the window is left to the controller's flag. */
export const DEFAULT_SCALE_DOWN: ScalingRules = {
    selectPolicy: "Max",
    policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
};

/**
 * `behavior` with the defaults the API server applies (GenerateHPAScaleUpRules /
 * GenerateHPAScaleDownRules: copyHPAScalingRules keeps each field that is set). Throws on a value
 * that is not plain (a Pulumi Output or Promise) or that the API server would reject.
 */
export function resolveBehavior(behavior: BehaviorInput): ScalingBehavior {
    return {
        scaleUp: resolveRules(
            "scaleUp",
            plain<RulesInput>(behavior.scaleUp, "scaleUp"),
            DEFAULT_SCALE_UP,
        ),
        scaleDown: resolveRules(
            "scaleDown",
            plain<RulesInput>(behavior.scaleDown, "scaleDown"),
            DEFAULT_SCALE_DOWN,
        ),
    };
}

function resolveRules(
    where: string,
    rules: RulesInput | undefined,
    defaults: ScalingRules,
): ScalingRules {
    if (rules === undefined) {
        return defaults;
    }
    const window = plain<number>(
        rules.stabilizationWindowSeconds,
        `${where}.stabilizationWindowSeconds`,
    );
    const select = plain<string>(rules.selectPolicy, `${where}.selectPolicy`);
    const policies = plain<unknown[]>(rules.policies, `${where}.policies`);
    const tolerance = plain<string>(rules.tolerance, `${where}.tolerance`);
    if (select !== undefined && select !== "Max" && select !== "Min" && select !== "Disabled") {
        throw new Error(
            `${where}.selectPolicy must be Max, Min or Disabled, not ${String(select)}`,
        );
    }
    return {
        stabilizationWindowSeconds:
            window === undefined
                ? defaults.stabilizationWindowSeconds
                : number(window, `${where}.stabilizationWindowSeconds`),
        selectPolicy: (select as SelectPolicy | undefined) ?? defaults.selectPolicy,
        policies:
            policies === undefined
                ? defaults.policies
                : policies.map((p, i) =>
                      resolvePolicy(
                          `${where}.policies[${i}]`,
                          plain<PolicyInput>(p, `${where}.policies[${i}]`),
                      ),
                  ),
        tolerance:
            tolerance === undefined
                ? defaults.tolerance
                : parseTolerance(tolerance, `${where}.tolerance`),
    };
}

function resolvePolicy(where: string, p: PolicyInput | undefined): ScalingPolicy {
    const type = plain<string>(p?.type, `${where}.type`);
    if (type !== "Pods" && type !== "Percent") {
        throw new Error(`${where}.type must be Pods or Percent, not ${String(type)}`);
    }
    return {
        type,
        value: number(plain<number>(p?.value, `${where}.value`), `${where}.value`),
        periodSeconds: number(
            plain<number>(p?.periodSeconds, `${where}.periodSeconds`),
            `${where}.periodSeconds`,
        ),
    };
}

/** A plain value out of a Pulumi input; Outputs and Promises have no value to simulate with. */
function plain<T>(value: unknown, where: string): T | undefined {
    if (value !== null && typeof value === "object" && ("then" in value || "apply" in value)) {
        throw new Error(
            `behavior ${where} is a Pulumi Output or Promise: the HPA algorithm needs plain values`,
        );
    }
    return value as T | undefined;
}

function number(value: unknown, where: string): number {
    if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new Error(`behavior ${where} must be a number, not ${String(value)}`);
    }
    return value;
}

/** The tolerance is a quantity ("0.05", "50m"); the controller reads it with AsApproximateFloat64. */
function parseTolerance(value: unknown, where: string): number {
    const match =
        typeof value === "string" ? /^\s*(\d+(?:\.\d*)?|\.\d+)(m?)\s*$/.exec(value) : null;
    if (!match) {
        throw new Error(
            `behavior ${where} must be a quantity such as "0.05" or "50m", not ${String(value)}`,
        );
    }
    return Number(match[1]) * (match[2] === "m" ? 1e-3 : 1);
}
