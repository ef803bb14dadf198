import { expect } from "chai";
import { desiredReplicas, proposeReplicas } from "../../harness/pipeline/hpa-algorithm";

const pods = (n: number) => Array.from({ length: n }, (_, i) => `pod-${i}`);
const each = (names: string[], value: number) => new Map(names.map((p) => [p, value]));

describe("HPA replica algorithm (test helper)", () => {
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
        expect(proposeReplicas(["a", "b"], { target: 4, values: new Map([["a", 8], ["b", 0]]) })).to.equal(2);
    });

    it("counts a pod without a value as 0 when scaling up", () => {
        // reported mean 12 (ratio 3); with the missing pod at 0 the mean is 6 (ratio 1.5) -> ceil(3)
        expect(proposeReplicas(["a", "b"], { target: 4, values: new Map([["a", 12]]) })).to.equal(3);
    });

    it("counts a pod without a value as at target when scaling down", () => {
        // reported mean 0 (ratio 0); with the missing pods at 4 the mean is 8/3 -> ceil(2) = 2
        expect(proposeReplicas(["a", "b", "c"], { target: 4, values: new Map([["a", 0]]) })).to.equal(2);
    });

    it("keeps the count when filling in missing pods flips the direction", () => {
        // reported ratio 1.25 says up; with the missing pods at 0 the ratio is 0.625: no change
        expect(proposeReplicas(["a", "b"], { target: 4, values: new Map([["a", 5]]) })).to.equal(2);
    });

    it("fails when no pod reported the metric", () => {
        expect(() => proposeReplicas(["a"], { target: 4, values: new Map() })).to.throw(/no pod reported/);
    });

    it("takes the largest proposal of several metrics and clamps it to min/max", () => {
        const p = pods(2);
        const running = { target: 4, values: each(p, 8) }; // wants 4
        const gpu = { target: 20, values: each(p, 70) }; // wants 7
        expect(desiredReplicas({ pods: p, minReplicas: 1, maxReplicas: 10, metrics: [running, gpu] })).to.equal(7);
        expect(desiredReplicas({ pods: p, minReplicas: 1, maxReplicas: 5, metrics: [running, gpu] })).to.equal(5);
        const idle = { target: 4, values: each(p, 0) }; // wants 0
        expect(desiredReplicas({ pods: p, minReplicas: 1, maxReplicas: 5, metrics: [idle] })).to.equal(1);
    });

    describe("a metric goes missing (the adapter serves nothing for it)", () => {
        const p = ["a", "b"];
        const missing = { target: 20, values: new Map<string, number>() };
        it("still scales up on the metrics that remain", () => {
            const busy = { target: 4, values: new Map([["a", 8], ["b", 8]]) };
            expect(desiredReplicas({ pods: p, minReplicas: 1, maxReplicas: 10, metrics: [busy, missing] })).to.equal(4);
        });
        it("does not scale down while a metric is missing", () => {
            const idle = { target: 4, values: new Map([["a", 0], ["b", 0]]) };
            expect(desiredReplicas({ pods: p, minReplicas: 1, maxReplicas: 10, metrics: [idle, missing] })).to.equal(2);
            expect(desiredReplicas({ pods: p, minReplicas: 1, maxReplicas: 10, metrics: [idle] })).to.equal(1);
        });
        it("keeps the count when every metric is missing", () => {
            expect(desiredReplicas({ pods: p, minReplicas: 1, maxReplicas: 10, metrics: [missing] })).to.equal(2);
        });
    });
});
