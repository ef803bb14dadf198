import { expect } from "chai";
import {
    BehaviorInput,
    desiredReplicas,
    HpaController,
    HpaSyncResult,
    PodState,
    podsMetricReplicas,
    proposeReplicas,
} from "../../hpa-model/controller";
import { DEFAULT_BEHAVIOR } from "../../components/settings/model";

const pods = (n: number) => Array.from({ length: n }, (_, i) => `pod-${i}`);
const each = (names: string[], value: number) => new Map(names.map((p) => [p, value]));

describe("HPA replica calculation (replica_calculator.go calcPlainMetricReplicas)", () => {
    it("scales by current/target: 2 pods at 8 with target 4 want 4", () => {
        expect(proposeReplicas(pods(2), { target: 4, values: each(pods(2), 8) })).to.equal(4);
    });

    it("rounds up: 3 pods at 5 with target 4 want ceil(3.75) = 4", () => {
        expect(proposeReplicas(pods(3), { target: 4, values: each(pods(3), 5) })).to.equal(4);
    });

    it("keeps the count within the 10% tolerance, and leaves it just outside", () => {
        expect(proposeReplicas(pods(2), { target: 4, values: each(pods(2), 4.36) })).to.equal(2);
        expect(proposeReplicas(pods(2), { target: 4, values: each(pods(2), 3.64) })).to.equal(2);
        expect(proposeReplicas(pods(2), { target: 4, values: each(pods(2), 4.5) })).to.equal(3);
        expect(proposeReplicas(pods(4), { target: 4, values: each(pods(4), 3.5) })).to.equal(4);
        expect(proposeReplicas(pods(4), { target: 4, values: each(pods(4), 3) })).to.equal(3);
    });

    it("averages over pods: one busy and one idle pod hold the count when the mean is on target", () => {
        expect(
            proposeReplicas(["a", "b"], {
                target: 4,
                values: new Map([
                    ["a", 8],
                    ["b", 0],
                ]),
            }),
        ).to.equal(2);
    });

    it("counts a pod without a value as 0 when scaling up", () => {
        // reported mean 12 (ratio 3); with the missing pod at 0 the mean is 6 (ratio 1.5) -> ceil(3)
        expect(proposeReplicas(["a", "b"], { target: 4, values: new Map([["a", 12]]) })).to.equal(
            3,
        );
    });

    it("counts a pod without a value as at target when scaling down", () => {
        // reported mean 0 (ratio 0); with the missing pods at 4 the mean is 8/3 -> ceil(2) = 2
        expect(
            proposeReplicas(["a", "b", "c"], { target: 4, values: new Map([["a", 0]]) }),
        ).to.equal(2);
    });

    it("keeps the count when filling in missing pods flips the direction", () => {
        // reported ratio 1.25 says up; with the missing pods at 0 the ratio is 0.625: no change
        expect(proposeReplicas(["a", "b"], { target: 4, values: new Map([["a", 5]]) })).to.equal(2);
    });

    it("fails when no pod reported the metric", () => {
        expect(() => proposeReplicas(["a"], { target: 4, values: new Map() })).to.throw(
            /no pod reported/,
        );
    });

    it("takes the largest proposal of several metrics and clamps it to min/max", () => {
        const p = pods(2);
        const running = { target: 4, values: each(p, 8) }; // wants 4
        const gpu = { target: 20, values: each(p, 70) }; // wants 7
        expect(
            desiredReplicas({ pods: p, minReplicas: 1, maxReplicas: 10, metrics: [running, gpu] }),
        ).to.equal(7);
        expect(
            desiredReplicas({ pods: p, minReplicas: 1, maxReplicas: 5, metrics: [running, gpu] }),
        ).to.equal(5);
        const idle = { target: 4, values: each(p, 0) }; // wants 0
        expect(
            desiredReplicas({ pods: p, minReplicas: 1, maxReplicas: 5, metrics: [idle] }),
        ).to.equal(1);
    });

    describe("a metric goes missing (the adapter serves nothing for it)", () => {
        const p = ["a", "b"];
        const missing = { target: 20, values: new Map<string, number>() };
        it("still scales up on the metrics that remain", () => {
            const busy = {
                target: 4,
                values: new Map([
                    ["a", 8],
                    ["b", 8],
                ]),
            };
            expect(
                desiredReplicas({
                    pods: p,
                    minReplicas: 1,
                    maxReplicas: 10,
                    metrics: [busy, missing],
                }),
            ).to.equal(4);
        });
        it("does not scale down while a metric is missing", () => {
            const idle = {
                target: 4,
                values: new Map([
                    ["a", 0],
                    ["b", 0],
                ]),
            };
            expect(
                desiredReplicas({
                    pods: p,
                    minReplicas: 1,
                    maxReplicas: 10,
                    metrics: [idle, missing],
                }),
            ).to.equal(2);
            expect(
                desiredReplicas({ pods: p, minReplicas: 1, maxReplicas: 10, metrics: [idle] }),
            ).to.equal(1);
        });
        it("keeps the count when every metric is missing", () => {
            expect(
                desiredReplicas({ pods: p, minReplicas: 1, maxReplicas: 10, metrics: [missing] }),
            ).to.equal(2);
        });
    });
});

describe("HPA pod grouping (replica_calculator.go groupPods, for a Pods metric)", () => {
    const pod = (name: string, extra: Partial<PodState> = {}): PodState => ({
        name,
        ready: true,
        ...extra,
    });
    const target = 4;

    it("rebalances a Pending pod at 0 on a scale-up, which can land within tolerance", () => {
        // a,b,c at 5.6: ratio 1.4, but d is Pending (unready) so scaleUpWithUnready: d counts as 0,
        // 16.8 / 4 pods = 4.2, ratio 1.05 within tolerance -> current 4. Leaving d out would give ceil(1.4 * 3) = 5.
        const pods = [pod("a"), pod("b"), pod("c"), pod("d", { phase: "Pending" })];
        const values = new Map([
            ["a", 5.6],
            ["b", 5.6],
            ["c", 5.6],
        ]);
        expect(podsMetricReplicas(4, pods, { target, values })).to.deep.include({ replicas: 4 });
    });

    it("leaves a Pending pod out of a scale-down, where a Running pod without a value counts at target", () => {
        // a,b at 2: ratio 0.5. Pending c is removed (removeMetricsForPods): ceil(0.5 * 2 ready) = 1.
        const values = new Map([
            ["a", 2],
            ["b", 2],
        ]);
        expect(
            podsMetricReplicas(3, [pod("a"), pod("b"), pod("c", { phase: "Pending" })], {
                target,
                values,
            }),
        ).to.deep.include({ replicas: 1 });
        // Running c without a value is missing: filled in at target, (2+2+4)/3 = 2.666 (milli-truncated),
        // ratio 0.6665 -> ceil(0.6665 * 3) = 2.
        expect(
            podsMetricReplicas(3, [pod("a"), pod("b"), pod("c")], { target, values }),
        ).to.deep.include({ replicas: 2 });
    });

    it("counts a Running pod that is not Ready like a ready one: readiness is checked for cpu only", () => {
        // Both at 8: ratio 2 over 2 pods -> 4. Were b set aside as unready it would be rebalanced at 0:
        // ratio 1, within tolerance -> 2.
        const values = new Map([
            ["a", 8],
            ["b", 8],
        ]);
        expect(
            podsMetricReplicas(2, [pod("a"), pod("b", { ready: false })], { target, values }),
        ).to.deep.include({ replicas: 4 });
    });

    it("ignores Failed and terminating pods and their values", () => {
        // a,b at 8 -> 4; c's 100 would make the mean 38.666 and the proposal 29.
        const values = new Map([
            ["a", 8],
            ["b", 8],
            ["c", 100],
        ]);
        expect(
            podsMetricReplicas(3, [pod("a"), pod("b"), pod("c", { phase: "Failed" })], {
                target,
                values,
            }),
        ).to.deep.include({ replicas: 4 });
        expect(
            podsMetricReplicas(3, [pod("a"), pod("b"), pod("c", { terminating: true })], {
                target,
                values,
            }),
        ).to.deep.include({ replicas: 4 });
    });

    it("makes the metric invalid when only unready pods reported it", () => {
        const proposal = podsMetricReplicas(1, [pod("a", { phase: "Pending" })], {
            target,
            values: new Map([["a", 8]]),
        });
        expect(proposal).to.deep.equal({
            valid: false,
            error: "did not receive metrics for targeted pods (pods might be unready)",
        });
    });

    it("reports the average as the HPA's status does: in milli-units, truncated (GetMetricUsageRatio)", () => {
        const values = new Map([
            ["a", 1],
            ["b", 1],
            ["c", 2],
        ]);
        expect(
            podsMetricReplicas(3, [pod("a"), pod("b"), pod("c")], { target: 1, values }),
        ).to.deep.equal({ valid: true, replicas: 4, usage: 1.333 });
    });
});

/** Runs syncs at `times`; the scale target follows each decision at once, every pod reporting perPod(t). */
function drive(
    hpa: HpaController,
    start: number,
    times: number[],
    perPod: (t: number) => number,
    target = 1,
): HpaSyncResult[] {
    let current = start;
    return times.map((t) => {
        const names = Array.from({ length: current }, (_, i) => `pod-${i}`);
        const result = hpa.sync(t, {
            currentReplicas: current,
            pods: names.map((name) => ({ name, ready: true })),
            metrics: [{ target, values: new Map(names.map((n) => [n, perPod(t)])) }],
        });
        current = result.desiredReplicas;
        return result;
    });
}
const every = (step: number, from: number, to: number) =>
    Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
const desired = (results: HpaSyncResult[]) => results.map((r) => r.desiredReplicas);

describe("HPA controller (horizontal.go reconcileAutoscaler, one sync at a time)", () => {
    it("holds the highest recommendation of the scale-down window (behavior {} -> the controller's 300 s)", () => {
        // stabilizeRecommendationWithBehaviors, target 4: t=0 on target (5, and the initial
        // recommendation is 5); then proposals 3 (t=60) and 2 (t=120, 299) stay under the 5s until
        // they leave the window strictly after 300 s; at 300 the highest left is 3@60; at 360 the
        // highest after 60 is 2; at 600 the highest after 300 is 1@360.
        const hpa = new HpaController({ minReplicas: 1, maxReplicas: 10, behavior: {} });
        const load: Record<number, number> = {
            0: 4,
            60: 2,
            120: 1,
            299: 1,
            300: 1,
            360: 1,
            600: 1,
        };
        const results = drive(hpa, 5, [0, 60, 120, 299, 300, 360, 600], (t) => load[t], 4);
        expect(desired(results)).to.deep.equal([5, 5, 5, 5, 3, 2, 1]);
        expect(results.map((r) => r.proposal)).to.deep.equal([5, 3, 2, 2, 2, 1, 1]);
        expect(results[1].reason).to.equal("ScaleDownStabilized");
        expect(results[6].reason).to.equal("DesiredWithinRange");
    });

    it("limits a scale-up by the default policies: max(+4 pods, +100%) per 15 s (defaults.go)", () => {
        // calculateScaleUpLimitWithScalingRules from 1: max(1+4, ceil(1*2)) = 5. At t=5 the +4 of t=0
        // is in the period: it starts at 1 again -> 5, no change. At 15 it has left (strictly after
        // now-15): max(9, 10) = 10, then max(14, 20) = 20, max(24, 40) = 40.
        const hpa = new HpaController({ minReplicas: 1, maxReplicas: 100, behavior: {} });
        const results = drive(hpa, 1, [0, 5, 15, 30, 45], () => 100);
        expect(desired(results)).to.deep.equal([5, 5, 10, 20, 40]);
        expect(results.map((r) => r.reason)).to.deep.equal([
            "ScaleUpLimit",
            "ScaleUpLimit",
            "ScaleUpLimit",
            "ScaleUpLimit",
            "ScaleUpLimit",
        ]);
    });

    it("limits a scale-down by a Pods policy: 1 per 60 s", () => {
        // calculateScaleDownLimitWithBehaviors: 5-1 = 4; while the -1 is in the period the period
        // starts at 5 again -> 4; at 60 it has left -> 3, then 2, 1, and min 1 holds (TooFewReplicas).
        const behavior: BehaviorInput = {
            scaleDown: {
                stabilizationWindowSeconds: 0,
                policies: [{ type: "Pods", value: 1, periodSeconds: 60 }],
            },
        };
        const hpa = new HpaController({ minReplicas: 1, maxReplicas: 10, behavior });
        const results = drive(hpa, 5, [0, 15, 59, 60, 120, 180, 240], () => 0);
        expect(desired(results)).to.deep.equal([4, 4, 4, 3, 2, 1, 1]);
        expect(results[1].reason).to.equal("ScaleDownLimit");
        expect(results[6].reason).to.equal("TooFewReplicas");
    });

    it("never scales in a direction whose selectPolicy is Disabled", () => {
        const behavior: BehaviorInput = {
            scaleUp: { selectPolicy: "Disabled" },
            scaleDown: { selectPolicy: "Disabled", stabilizationWindowSeconds: 0 },
        };
        // calculateScale{Up,Down}Limit return the current count; the proposal is 3 pods x 10 = 30.
        const busy = drive(
            new HpaController({ maxReplicas: 10, behavior }),
            3,
            [0, 60, 120],
            () => 10,
        );
        expect(busy.map((r) => [r.desiredReplicas, r.proposal, r.reason])).to.deep.equal([
            [3, 30, "ScaleUpLimit"],
            [3, 30, "ScaleUpLimit"],
            [3, 30, "ScaleUpLimit"],
        ]);
        const idle = drive(
            new HpaController({ maxReplicas: 10, behavior }),
            3,
            [0, 60, 120],
            () => 0,
        );
        expect(idle.map((r) => [r.desiredReplicas, r.reason])).to.deep.equal([
            [3, "ScaleDownLimit"],
            [3, "ScaleDownLimit"],
            [3, "ScaleDownLimit"],
        ]);
    });

    it("clamps to maxReplicas and minReplicas, and brings an out-of-range count back at once", () => {
        // convertDesiredReplicasWithBehaviorRate: from 2 the policies allow max(6, 4) = 6 > max 3 -> 3.
        const up = new HpaController({ minReplicas: 1, maxReplicas: 3, behavior: {} }).sync(
            0,
            syncInput(2, 5),
        );
        expect(up).to.deep.include({ desiredReplicas: 3, proposal: 10, reason: "TooManyReplicas" });
        // Percent 100 allows 0; min 2 holds.
        const down = new HpaController({
            minReplicas: 2,
            maxReplicas: 10,
            behavior: { scaleDown: { stabilizationWindowSeconds: 0 } },
        }).sync(0, syncInput(3, 0));
        expect(down).to.deep.include({ desiredReplicas: 2, proposal: 0, reason: "TooFewReplicas" });
        // reconcileAutoscaler's checks before any metric is read.
        const hpa = () => new HpaController({ minReplicas: 2, maxReplicas: 10, behavior: {} });
        expect(hpa().sync(0, syncInput(12, 0))).to.deep.equal({
            desiredReplicas: 10,
            reason: "AboveMaxReplicas",
        });
        expect(hpa().sync(0, syncInput(1, 50))).to.deep.equal({
            desiredReplicas: 2,
            reason: "BelowMinReplicas",
        });
        expect(hpa().sync(0, syncInput(0, 50))).to.deep.equal({
            desiredReplicas: 0,
            reason: "ScalingDisabled",
        });
    });

    it("applies a per-direction tolerance from behavior (tolerancesForHpa)", () => {
        // 20 pods at 3.7 for 4: ratio 0.925, within the default [0.9, 1.1] -> 20; with scaleDown
        // tolerance 0.05 it is outside [0.95, 1.1] -> ceil(0.925 * 20) = 19.
        expect(
            new HpaController({ maxReplicas: 30, behavior: {} }).sync(0, syncInput(20, 3.7, 4))
                .desiredReplicas,
        ).to.equal(20);
        for (const tolerance of ["0.05", "50m"]) {
            const behavior = { scaleDown: { tolerance, stabilizationWindowSeconds: 0 } };
            expect(
                new HpaController({ maxReplicas: 30, behavior }).sync(0, syncInput(20, 3.7, 4))
                    .desiredReplicas,
                tolerance,
            ).to.equal(19);
        }
    });

    it("keeps the count when every metric is invalid (computeReplicasForMetrics fails)", () => {
        const result = new HpaController({ maxReplicas: 10, behavior: {} }).sync(0, {
            currentReplicas: 3,
            pods: [],
            metrics: [{ target: 4, values: new Map() }],
        });
        expect(result).to.deep.include({
            desiredReplicas: 3,
            reason: "FailedComputeMetricsReplicas",
        });
    });

    it("without behavior: at most max(2 x current, 4) per sync, and the 300 s window keeps even a recommendation the limit cut", () => {
        // normalizeDesiredReplicas: 1 -> 4 -> 8 -> 16 on proposals 20, 80, 160. The load then stops,
        // but stabilizeRecommendation's max over [now-300, now] is still 160: the count goes on to max 20.
        // At 345 the last 160 (t=30) is out of the window and it drops to min at once (no rate limit down).
        const hpa = new HpaController({ minReplicas: 1, maxReplicas: 20 });
        const times = every(15, 0, 345);
        const byTime = new Map(times.map((t, i) => [t, i]));
        const results = drive(hpa, 1, times, (t) => (t < 45 ? 20 : 0));
        const at = (t: number) => results[byTime.get(t)!];
        expect([0, 15, 30, 45, 330, 345].map((t) => at(t).desiredReplicas)).to.deep.equal([
            4, 8, 16, 20, 20, 1,
        ]);
        expect(at(45)).to.deep.include({ proposal: 0, stabilized: 160, reason: "TooManyReplicas" });
    });

    it("follows the component's DEFAULT_BEHAVIOR over a burst and a quiet spell (sync every 15 s)", () => {
        // 4 per pod for target 1 until t=120, then 0; min 1, max 10.
        // Up (Max of +100% / +2 pods per 60 s): 1 -> 3 at t=0; held while +2 is in the period; at 60
        // from 3: max(6, 5) = 6; at 120 from 6: max(12, 8) -> max 10.
        // Down: the 300 s window holds 10 while the proposal 24 of t=120 is in it (until t=420,
        // strictly); then Min of -1 pod per 60 s: 9 at 420, 8 at 480, ... 1 at 900, min 1 after.
        const hpa = new HpaController({
            minReplicas: 1,
            maxReplicas: 10,
            behavior: DEFAULT_BEHAVIOR,
        });
        const times = every(15, 0, 960);
        const results = drive(hpa, 1, times, (t) => (t <= 120 ? 4 : 0));
        const expected = (t: number) =>
            t < 60 ? 3 : t < 120 ? 6 : t < 420 ? 10 : Math.max(1, 9 - Math.floor((t - 420) / 60));
        expect(desired(results)).to.deep.equal(times.map(expected));
        expect(results[times.indexOf(135)]).to.deep.include({
            proposal: 0,
            reason: "ScaleDownStabilized",
        });
        expect(results[times.indexOf(435)]).to.deep.include({
            desiredReplicas: 9,
            reason: "ScaleDownLimit",
        });
    });
});

/** `current` Running pods each reporting `value` for one metric with `target`. */
function syncInput(current: number, value: number, target = 1) {
    const names = Array.from({ length: current }, (_, i) => `pod-${i}`);
    return {
        currentReplicas: current,
        pods: names.map((name) => ({ name, ready: true })),
        metrics: [{ target, values: new Map(names.map((n) => [n, value])) }],
    };
}
