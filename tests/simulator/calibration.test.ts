/**
 * The engine model against published operating points (/work/shared/simulator/CALIBRATION.md,
 * its row numbers), run through enginePoint with the constants fitted in hardware.ts
 * (CALIBRATED). Every row is run: rows within TOLERANCE must stay within it; the rows the model
 * cannot reach yet are listed with the reason and must stay outside, so fixing them shows up here.
 */
import { expect } from "chai";
import { EnginePoint, enginePoint, EnginePointOptions } from "../../simulator/engine-point";

/** Simulated / published must lie within 1 ± TOLERANCE. */
const TOLERANCE = 0.15;

/** vLLM v0.6.0's defaults in the blog's runs: 256 sequences; Llama 3 8B's 8192-token context as the token budget. */
const V060 = ["--max-num-seqs", "256", "--max-num-batched-tokens", "8192"];
const LLAMA3_8B = "meta-llama/Meta-Llama-3-8B-Instruct";
const decodeHeavy = (rate: number): EnginePointOptions => ({
    gpu: "nvidia-h100-80gb",
    model: LLAMA3_8B,
    gpus: 1,
    inputTokens: 462,
    outputTokens: 256,
    rate,
    requests: 500,
    extraArgs: V060,
});
const prefillHeavy: EnginePointOptions = { ...decodeHeavy(Infinity), outputTokens: 16 };
const splitwise = (gpu: "nvidia-h100-80gb" | "nvidia-a100-80gb"): EnginePointOptions => ({
    gpu,
    model: "meta-llama/Llama-2-70b-hf",
    gpus: 2,
    inputTokens: 1024,
    outputTokens: 128,
    batch: 1,
});

/**
 * The V1 scheduler the replica models (running requests first, chunked prefill in the leftover
 * budget) against vLLM v0.6.0's, which the blog measured: without chunked prefill (off by
 * default for an 8K-context model) it runs waiting prompts first, in steps of their own that
 * stall every running decode. Under load that gives v0.6.0 longer times per output token (rows
 * 3 and 6) and, with all 500 at once, shorter times to first token (row 5) than the model.
 */
const V0_SCHEDULER =
    "vLLM v0.6.0 schedules prefill first in separate steps (no chunked prefill); the model schedules as V1";

interface Row {
    row: number;
    what: string;
    published: number;
    options: EnginePointOptions;
    metric: (p: EnginePoint) => number;
    /** Why the model is outside the tolerance on this row (asserted to stay outside). */
    outside?: string;
}

const ms = (s: number) => s * 1000;
const ROWS: Row[] = [
    {
        row: 1,
        what: "TPOT at 2 req/s, ms",
        published: 8.0,
        options: decodeHeavy(2),
        metric: (p) => ms(p.tpotSeconds),
    },
    {
        row: 2,
        what: "TPOT at 16 req/s, ms",
        published: 12.5,
        options: decodeHeavy(16),
        metric: (p) => ms(p.tpotSeconds),
    },
    {
        row: 3,
        what: "TPOT at 32 req/s, ms",
        published: 25.0,
        options: decodeHeavy(32),
        metric: (p) => ms(p.tpotSeconds),
        outside: V0_SCHEDULER,
    },
    {
        row: 4,
        what: "throughput, all at once, req/s",
        published: 31.0,
        options: decodeHeavy(Infinity),
        metric: (p) => p.throughputRequestsPerSecond,
    },
    {
        row: 5,
        what: "TTFT, all at once, s",
        published: 4.8,
        options: decodeHeavy(Infinity),
        metric: (p) => p.ttftSeconds,
        outside: V0_SCHEDULER,
    },
    {
        row: 6,
        what: "TPOT, all at once, ms",
        published: 43.8,
        options: decodeHeavy(Infinity),
        metric: (p) => ms(p.tpotSeconds),
        outside: V0_SCHEDULER,
    },
    {
        row: 7,
        what: "prefill-heavy throughput, req/s",
        published: 59.0,
        options: prefillHeavy,
        metric: (p) => p.throughputRequestsPerSecond,
    },
    {
        row: 8,
        what: "prefill-heavy TTFT, s",
        published: 4.87,
        options: prefillHeavy,
        metric: (p) => p.ttftSeconds,
    },
    {
        row: 9,
        what: "Llama2-70B TP2 H100 prompt time, ms",
        published: 158.0,
        options: splitwise("nvidia-h100-80gb"),
        metric: (p) => ms(p.ttftSeconds),
    },
    {
        row: 9,
        what: "Llama2-70B TP2 H100 TPOT, ms",
        published: 37.4,
        options: splitwise("nvidia-h100-80gb"),
        metric: (p) => ms(p.tpotSeconds),
    },
    {
        row: 10,
        what: "Llama2-70B TP2 A100 prompt time, ms",
        published: 377.1,
        options: splitwise("nvidia-a100-80gb"),
        metric: (p) => ms(p.ttftSeconds),
    },
    {
        row: 10,
        what: "Llama2-70B TP2 A100 TPOT, ms",
        published: 54.8,
        options: splitwise("nvidia-a100-80gb"),
        metric: (p) => ms(p.tpotSeconds),
    },
];

describe(`simulator: the engine model within ±${TOLERANCE * 100} % of published operating points`, function () {
    this.timeout(60_000);
    const cache = new Map<EnginePointOptions, EnginePoint>();
    const run = (o: EnginePointOptions) => {
        if (!cache.has(o)) {
            cache.set(o, enginePoint(o));
        }
        return cache.get(o) as EnginePoint;
    };
    for (const r of ROWS) {
        const label = `row ${r.row}, ${r.what}: published ${r.published}`;
        it(r.outside ? `${label} (expected outside: ${r.outside})` : label, () => {
            const simulated = r.metric(run(r.options));
            const ratio = simulated / r.published;
            const within = Math.abs(ratio - 1) <= TOLERANCE;
            const detail = `simulated ${simulated.toFixed(3)}, ${ratio.toFixed(3)} x published`;
            if (r.outside) {
                expect(
                    within,
                    `now within tolerance, move it out of the expected-outside rows: ${detail}`,
                ).to.equal(false);
            } else {
                expect(within, detail).to.equal(true);
            }
        });
    }
});
