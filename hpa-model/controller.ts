/**
 * The HorizontalPodAutoscaler's decision, as kube-controller-manager makes it for one HPA
 * (kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go), for Pods/AverageValue
 * metrics: one `sync` is one reconcileAutoscaler. The controller keeps, per HPA, the recent
 * unstabilized recommendations and the recent scale events; HpaController keeps them the same way,
 * so a simulator, the load generator and the tests replay the same decisions as a cluster.
 *
 * Time is the caller's (seconds); Go's time.Now() is `nowSeconds`, and its strict Before/After
 * comparisons are kept: a sample exactly one window old is out of a behavior window.
 * Not modelled: CPU/resource, Object and External metrics, scale-to-zero (HPAScaleToZero).
 */
import { BehaviorInput, resolveBehavior, ScalingRules } from "./behavior";
import {
    DEFAULT_TOLERANCE,
    metricsReplicas,
    PodState,
    PodsMetricInput,
    Tolerances,
} from "./replicas";

export * from "./behavior";
export * from "./replicas";

/** Default of --horizontal-pod-autoscaler-downscale-stabilization. */
export const DEFAULT_DOWNSCALE_STABILIZATION_SECONDS = 300;

/** scaleUpLimitFactor and scaleUpLimitMinimum: the only rate limit of an HPA without `behavior`. */
const SCALE_UP_LIMIT_FACTOR = 2.0;
const SCALE_UP_LIMIT_MINIMUM = 4.0;

const MAX_INT32 = 2 ** 31 - 1;
const MIN_INT32 = -(2 ** 31);

export interface HpaControllerOptions {
    /** Default 1, as reconcileAutoscaler assumes when spec.minReplicas is unset. */
    readonly minReplicas?: number;
    readonly maxReplicas: number;
    /** spec.behavior; absent means the controller's legacy path (normalizeDesiredReplicas). */
    readonly behavior?: BehaviorInput;
    /** --horizontal-pod-autoscaler-tolerance; behavior's per-direction tolerances override it. */
    readonly tolerance?: number;
    /** --horizontal-pod-autoscaler-downscale-stabilization, in seconds. */
    readonly downscaleStabilizationSeconds?: number;
}

export interface HpaSyncInput {
    /** The scale's spec.replicas. */
    readonly currentReplicas: number;
    /** The pods the scale's selector matches. */
    readonly pods: readonly PodState[];
    /** One entry per spec.metrics entry. */
    readonly metrics: readonly PodsMetricInput[];
}

/** Why the count is what it is: the reason the controller writes on its conditions. */
export type HpaReason =
    | "ScalingDisabled" // spec.replicas is 0
    | "AboveMaxReplicas" // "Current number of replicas above Spec.MaxReplicas"
    | "BelowMinReplicas" // "Current number of replicas below Spec.MinReplicas"
    | "FailedComputeMetricsReplicas"
    | "ScaleUpStabilized"
    | "ScaleDownStabilized"
    | "ScaleUpLimit"
    | "ScaleDownLimit"
    | "TooManyReplicas"
    | "TooFewReplicas"
    | "DesiredWithinRange";

export interface HpaSyncResult {
    /** What the controller sets spec.replicas to (the current count when it does not rescale). */
    readonly desiredReplicas: number;
    /** The metrics' proposal before stabilization and rate limits; undefined when none was computed. */
    readonly proposal?: number;
    /** The proposal after the stabilization window(s). */
    readonly stabilized?: number;
    readonly reason: HpaReason;
    /** computeReplicasForMetrics' error, for FailedComputeMetricsReplicas or a partly invalid set. */
    readonly error?: string;
}

interface Recommendation {
    recommendation: number;
    timestamp: number;
}

interface ScaleEvent {
    replicaChange: number;
    timestamp: number;
    outdated: boolean;
}

/** Rules as the controller holds them: the stabilization window always known. */
type WindowedRules = ScalingRules & { readonly stabilizationWindowSeconds: number };
interface ControllerBehavior {
    readonly scaleUp: WindowedRules;
    readonly scaleDown: WindowedRules;
}

/** One HPA's controller state: its recommendation and scale-event history. */
export class HpaController {
    private readonly minReplicas: number;
    private readonly maxReplicas: number;
    private readonly behavior?: ControllerBehavior;
    private readonly tolerances: Tolerances;
    private readonly downscaleStabilizationSeconds: number;
    /** Empty until the first sync records the initial recommendation; never emptied after. */
    private readonly recommendations: Recommendation[] = [];
    private readonly scaleUpEvents: ScaleEvent[] = [];
    private readonly scaleDownEvents: ScaleEvent[] = [];

    constructor(options: HpaControllerOptions) {
        this.minReplicas = options.minReplicas ?? 1;
        this.maxReplicas = options.maxReplicas;
        this.downscaleStabilizationSeconds =
            options.downscaleStabilizationSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_SECONDS;
        const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
        if (options.behavior) {
            const b = resolveBehavior(options.behavior);
            // maybeInitScaleDownStabilizationWindow
            const scaleDown = {
                ...b.scaleDown,
                stabilizationWindowSeconds:
                    b.scaleDown.stabilizationWindowSeconds ?? this.downscaleStabilizationSeconds,
            };
            // The API server's scale-up default sets the window (0), so `?? 0` never applies.
            const scaleUp = {
                ...b.scaleUp,
                stabilizationWindowSeconds: b.scaleUp.stabilizationWindowSeconds ?? 0,
            };
            this.behavior = { scaleUp, scaleDown };
        }
        // tolerancesForHpa, as with the HPAConfigurableTolerance feature gate on.
        this.tolerances = {
            scaleUp: this.behavior?.scaleUp.tolerance ?? tolerance,
            scaleDown: this.behavior?.scaleDown.tolerance ?? tolerance,
        };
    }

    /** One reconcileAutoscaler at `nowSeconds`. */
    sync(nowSeconds: number, input: HpaSyncInput): HpaSyncResult {
        const current = input.currentReplicas;
        // recordInitialRecommendation
        if (this.recommendations.length === 0) {
            this.recommendations.push({ recommendation: current, timestamp: nowSeconds });
        }

        if (current === 0) {
            return { desiredReplicas: 0, reason: "ScalingDisabled" };
        }
        if (current > this.maxReplicas) {
            return this.rescale(nowSeconds, current, {
                desiredReplicas: this.maxReplicas,
                reason: "AboveMaxReplicas",
            });
        }
        if (current < this.minReplicas) {
            return this.rescale(nowSeconds, current, {
                desiredReplicas: this.minReplicas,
                reason: "BelowMinReplicas",
            });
        }
        const metrics = metricsReplicas(current, input.pods, input.metrics, this.tolerances);
        if (!metrics.valid) {
            return {
                desiredReplicas: current,
                reason: "FailedComputeMetricsReplicas",
                error: metrics.error,
            };
        }
        const proposal = metrics.replicas;
        const normalized = this.behavior
            ? this.normalizeWithBehaviors(nowSeconds, this.behavior, current, proposal)
            : this.normalize(nowSeconds, current, proposal);
        const result = { ...normalized, proposal, error: metrics.error };
        return normalized.desiredReplicas === current
            ? result
            : this.rescale(nowSeconds, current, result);
    }

    /** A successful rescale: storeScaleEvent. */
    private rescale(now: number, current: number, result: HpaSyncResult): HpaSyncResult {
        if (this.behavior) {
            const up = result.desiredReplicas > current;
            const events = up ? this.scaleUpEvents : this.scaleDownEvents;
            const rules = up ? this.behavior.scaleUp : this.behavior.scaleDown;
            // markScaleEventsOutdated, then reuse the last outdated slot or append.
            const cutoff = now - longestPolicyPeriod(rules);
            let oldIndex = -1;
            events.forEach((e, i) => {
                if (e.timestamp < cutoff) {
                    e.outdated = true;
                }
                if (e.outdated) {
                    oldIndex = i;
                }
            });
            const event = {
                replicaChange: Math.abs(result.desiredReplicas - current),
                timestamp: now,
                outdated: false,
            };
            if (oldIndex >= 0) {
                events[oldIndex] = event;
            } else {
                events.push(event);
            }
        }
        return result;
    }

    /** normalizeDesiredReplicas: no behavior. */
    private normalize(
        now: number,
        current: number,
        proposal: number,
    ): { desiredReplicas: number; stabilized: number; reason: HpaReason } {
        // stabilizeRecommendation: the max over the downscale window (a sample at the cutoff is still in).
        const recs = this.recommendations;
        const cutoff = now - this.downscaleStabilizationSeconds;
        let stabilized = proposal;
        let oldIndex = -1;
        recs.forEach((rec, i) => {
            if (rec.timestamp < cutoff) {
                oldIndex = i;
            } else if (rec.recommendation > stabilized) {
                stabilized = rec.recommendation;
            }
        });
        record(recs, oldIndex, proposal, now);
        const reason: HpaReason =
            stabilized !== proposal ? "ScaleDownStabilized" : "DesiredWithinRange";

        // convertDesiredReplicasWithRules
        const scaleUpLimit = Math.trunc(
            Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM),
        );
        const [maxAllowed, maxReason]: [number, HpaReason] =
            this.maxReplicas > scaleUpLimit
                ? [scaleUpLimit, "ScaleUpLimit"]
                : [this.maxReplicas, "TooManyReplicas"];
        if (stabilized < this.minReplicas) {
            return { desiredReplicas: this.minReplicas, stabilized, reason: "TooFewReplicas" };
        }
        if (stabilized > maxAllowed) {
            return { desiredReplicas: maxAllowed, stabilized, reason: maxReason };
        }
        return { desiredReplicas: stabilized, stabilized, reason };
    }

    /** normalizeDesiredReplicasWithBehaviors. */
    private normalizeWithBehaviors(
        now: number,
        behavior: ControllerBehavior,
        current: number,
        proposal: number,
    ): { desiredReplicas: number; stabilized: number; reason: HpaReason } {
        const stabilized = this.stabilizeWithBehaviors(now, behavior, current, proposal);
        const stabilizedReason: HpaReason =
            stabilized === proposal
                ? "DesiredWithinRange"
                : proposal >= current
                  ? "ScaleUpStabilized"
                  : "ScaleDownStabilized";

        // convertDesiredReplicasWithBehaviorRate
        if (stabilized > current) {
            let limit = scaleUpLimit(
                now,
                current,
                this.scaleUpEvents,
                this.scaleDownEvents,
                behavior.scaleUp,
            );
            if (limit < current) {
                limit = current; // no further scale-up until the events age out
            }
            const [maxAllowed, reason]: [number, HpaReason] =
                this.maxReplicas > limit
                    ? [limit, "ScaleUpLimit"]
                    : [this.maxReplicas, "TooManyReplicas"];
            if (stabilized > maxAllowed) {
                return { desiredReplicas: maxAllowed, stabilized, reason };
            }
        } else if (stabilized < current) {
            let limit = scaleDownLimit(
                now,
                current,
                this.scaleUpEvents,
                this.scaleDownEvents,
                behavior.scaleDown,
            );
            if (limit > current) {
                limit = current;
            }
            const [minAllowed, reason]: [number, HpaReason] =
                this.minReplicas < limit
                    ? [limit, "ScaleDownLimit"]
                    : [this.minReplicas, "TooFewReplicas"];
            if (stabilized < minAllowed) {
                return { desiredReplicas: minAllowed, stabilized, reason };
            }
        }
        return { desiredReplicas: stabilized, stabilized, reason: stabilizedReason };
    }

    /**
     * stabilizeRecommendationWithBehaviors: the lowest recommendation of the scale-up window bounds
     * the count from below, the highest of the scale-down window from above; the current count is
     * brought within those bounds.
     */
    private stabilizeWithBehaviors(
        now: number,
        behavior: ControllerBehavior,
        current: number,
        proposal: number,
    ): number {
        const recs = this.recommendations;
        const upCutoff = now - behavior.scaleUp.stabilizationWindowSeconds;
        const downCutoff = now - behavior.scaleDown.stabilizationWindowSeconds;
        let up = proposal;
        let down = proposal;
        let oldIndex = -1;
        recs.forEach((rec, i) => {
            if (rec.timestamp > upCutoff) {
                up = Math.min(rec.recommendation, up);
            }
            if (rec.timestamp > downCutoff) {
                down = Math.max(rec.recommendation, down);
            }
            if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) {
                oldIndex = i;
            }
        });
        record(recs, oldIndex, proposal, now);
        return Math.min(Math.max(current, up), down);
    }
}

/** Records the unstabilized recommendation, reusing the last expired slot. */
function record(
    recs: Recommendation[],
    oldIndex: number,
    recommendation: number,
    now: number,
): void {
    const rec = { recommendation, timestamp: now };
    if (oldIndex >= 0) {
        recs[oldIndex] = rec;
    } else {
        recs.push(rec);
    }
}

function longestPolicyPeriod(rules: ScalingRules): number {
    return rules.policies.reduce((longest, p) => Math.max(longest, p.periodSeconds), 0);
}

/** getReplicasChangePerPeriod: the changes of the events strictly after now - period. */
function changeInPeriod(now: number, periodSeconds: number, events: readonly ScaleEvent[]): number {
    const cutoff = now - periodSeconds;
    let replicas = 0;
    for (const e of events) {
        if (e.timestamp > cutoff) {
            replicas += e.replicaChange;
        }
    }
    return replicas;
}

/** The count at the start of a policy's period: undo the period's scale-ups and scale-downs. */
function periodStart(
    now: number,
    current: number,
    periodSeconds: number,
    up: readonly ScaleEvent[],
    down: readonly ScaleEvent[],
): number {
    return (
        current - changeInPeriod(now, periodSeconds, up) + changeInPeriod(now, periodSeconds, down)
    );
}

/** calculateScaleUpLimitWithScalingRules: the most replicas the scale-up policies allow now. */
function scaleUpLimit(
    now: number,
    current: number,
    up: readonly ScaleEvent[],
    down: readonly ScaleEvent[],
    rules: ScalingRules,
): number {
    if (rules.selectPolicy === "Disabled") {
        return current;
    }
    const pickMin = rules.selectPolicy === "Min";
    let result = pickMin ? MAX_INT32 : MIN_INT32;
    for (const policy of rules.policies) {
        const start = periodStart(now, current, policy.periodSeconds, up, down);
        // Percent rounds up, or a small count could never grow.
        const proposed =
            policy.type === "Pods"
                ? start + policy.value
                : Math.ceil(start * (1 + policy.value / 100));
        result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return result;
}

/** calculateScaleDownLimitWithBehaviors: the fewest replicas the scale-down policies allow now. */
function scaleDownLimit(
    now: number,
    current: number,
    up: readonly ScaleEvent[],
    down: readonly ScaleEvent[],
    rules: ScalingRules,
): number {
    if (rules.selectPolicy === "Disabled") {
        return current;
    }
    // "Min" is the smallest change, so the largest count.
    const pickMax = rules.selectPolicy === "Min";
    let result = pickMax ? MIN_INT32 : MAX_INT32;
    for (const policy of rules.policies) {
        const start = periodStart(now, current, policy.periodSeconds, up, down);
        const proposed =
            policy.type === "Pods"
                ? start - policy.value
                : Math.trunc(start * (1 - policy.value / 100));
        result = pickMax ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return result;
}
