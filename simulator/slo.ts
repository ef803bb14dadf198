import type { Slo } from "./summary";
import { durationSeconds } from "./delays";

export const DEFAULT_SLO = "ttft-p95=2s";

/** "ttft-p95=2s" as an Slo; throws naming the expected form. */
export function parseSlo(text: string): Slo {
    const m = /^ttft-p(\d{1,2}(?:\.\d+)?)=(.+)$/.exec(text);
    if (!m) {
        throw new Error(`--slo ${text}: expected ttft-pNN=DURATION, e.g. ${DEFAULT_SLO}`);
    }
    const ttftSeconds = durationSeconds(m[2]);
    const p = Number(m[1]);
    if (!(p > 0 && p < 100) || !(ttftSeconds > 0)) {
        throw new Error(
            `--slo ${text}: the percentile must be between 0 and 100 and the target above 0`,
        );
    }
    return { percentile: p, ttftSeconds };
}
