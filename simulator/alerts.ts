/**
 * The scaling-loop alerts the run would have fired, judged on the timeline with the component's
 * own timings (components/monitoring/alerts/rules.ts): the HPA at `maxReplicas` and server pods
 * waiting for a GPU, each for longer than its `for`. The others watch failures the simulator does
 * not make (a blind HPA, a missing series, a metrics server down).
 */
import { ALERT_TIMING } from "../components/monitoring/alerts/rules";
import { durationSeconds } from "./delays";
import type { SimResult, TimelineRow } from "./simulate";

export interface FiredAlert {
    readonly alert: string;
    /** When it started firing (the condition held for its whole `for`), seconds since the start. */
    readonly firedAt: number;
    /** How long it kept firing. */
    readonly seconds: number;
}

/** Periods in which `condition` held for at least `forSeconds`, as alerts firing from then on. */
function firing(
    alert: string,
    rows: readonly TimelineRow[],
    forSeconds: number,
    condition: (r: TimelineRow) => boolean,
): FiredAlert[] {
    const out: FiredAlert[] = [];
    let since: number | undefined;
    const close = (end: number) => {
        if (since !== undefined && end - since >= forSeconds) {
            out.push({ alert, firedAt: since + forSeconds, seconds: end - since - forSeconds });
        }
        since = undefined;
    };
    for (const r of rows) {
        if (condition(r)) {
            since ??= r.t;
        } else {
            close(r.t);
        }
    }
    close((rows[rows.length - 1]?.t ?? 0) + 1);
    return out;
}

export function firedAlerts(result: SimResult): FiredAlert[] {
    const { minReplicas, maxReplicas } = result.config;
    const rows = result.timeline;
    return [
        // As the rule: current replicas at the maximum, only where the HPA could go lower.
        ...(maxReplicas > minReplicas
            ? firing(
                  "InferenceHpaAtMaxReplicas",
                  rows,
                  durationSeconds(ALERT_TIMING.atMax),
                  (r) => r.desired >= maxReplicas,
              )
            : []),
        ...firing(
            "InferenceServerPodsUnschedulable",
            rows,
            durationSeconds(ALERT_TIMING.pending),
            (r) => r.pending > 0,
        ),
    ].sort((a, b) => a.firedAt - b.firedAt);
}
