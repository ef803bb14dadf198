/**
 * The simulator's verdict on the scaling-loop alerts uses the rules' own `for` durations: a
 * condition that lasts exactly the duration fires, a second less does not.
 */
import { expect } from "chai";
import { ALERT_TIMING } from "../../components/monitoring/alerts/rules";
import { firedAlerts } from "../../simulator/alerts";
import { durationSeconds } from "../../simulator/delays";
import { userStack } from "../../simulator/runs";
import type { SimResult, TimelineRow } from "../../simulator/simulate";

const cfg = userStack({ stack: "eks" });

/** A run whose timeline is `rows` seconds long, each second shaped by `at`. */
function run(seconds: number, at: (t: number) => Partial<TimelineRow>): SimResult {
    const timeline = Array.from({ length: seconds }, (_, i) => ({
        t: i + 1,
        arrivals: 0,
        running: 0,
        waiting: 0,
        kvCacheUsage: 0,
        gpuBusy: 0,
        desired: 1,
        ready: 1,
        pods: 1,
        pending: 0,
        nodes: 1,
        gpusBilled: 1,
        metrics: [0],
        ttftP95: NaN,
        ...at(i + 1),
    }));
    return {
        config: cfg,
        records: [],
        timeline,
        scaleEvents: [],
        gpuSeconds: 0,
        duration: seconds,
        completions: 0,
        decisions: [],
        podStarts: [],
    };
}

describe("simulator: scaling-loop alerts", () => {
    const atMax = durationSeconds(ALERT_TIMING.atMax);
    const pending = durationSeconds(ALERT_TIMING.pending);

    it("fires 'at maxReplicas' once the HPA has stayed there for the rule's duration, and not a second sooner", () => {
        const stays = (from: number, length: number) =>
            run(3600, (t) => ({ desired: t >= from && t < from + length ? cfg.maxReplicas : 1 }));
        expect(firedAlerts(stays(600, atMax + 120))).to.deep.equal([
            { alert: "InferenceHpaAtMaxReplicas", firedAt: 600 + atMax, seconds: 120 },
        ]);
        expect(firedAlerts(stays(600, atMax - 1))).to.deep.equal([]);
    });

    it("fires 'unschedulable' for pods waiting for a GPU longer than the rule allows", () => {
        const waits = run(3600, (t) => ({ pending: t >= 100 && t < 100 + pending + 60 ? 1 : 0 }));
        expect(firedAlerts(waits).map((a) => [a.alert, a.firedAt])).to.deep.equal([
            ["InferenceServerPodsUnschedulable", 100 + pending],
        ]);
        expect(firedAlerts(run(3600, (t) => ({ pending: t < pending ? 1 : 0 })))).to.deep.equal([]);
    });

    it("never fires 'at maxReplicas' when minReplicas equals maxReplicas, as the rule does not", () => {
        const fixed = { ...cfg, minReplicas: cfg.maxReplicas };
        expect(
            firedAlerts({ ...run(3600, () => ({ desired: fixed.maxReplicas })), config: fixed }),
        ).to.deep.equal([]);
    });
});
