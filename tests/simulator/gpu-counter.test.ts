/**
 * DCGM's GPU utilisation as the simulator reads it, against the measurement on a real H200
 * (/work/shared/simulator/GPU-UTILISATION.md, its rows): one request decoding without pause reads
 * 74 %, 256 read 99 %, and under partial load the counter follows the busy share. The continuous
 * rows are what the model is built from (gpu-counter.ts), so they check the wiring through the
 * replica and the scrape; the partial rows are predictions, and the model reads them high.
 */
import { expect } from "chai";
import { replicaParams } from "../../simulator/hardware";
import { MetricsPath } from "../../simulator/metrics-path";
import { Random } from "../../simulator/random";
import { RequestRecord, Replica } from "../../simulator/replica";
import { userStack } from "../../simulator/runs";

const H200_LLAMA3_8B = replicaParams("nvidia-h200-141gb", "meta-llama/Meta-Llama-3-8B-Instruct", 1);
const request = (id: number, arrival: number, outputTokens: number) =>
    ({ id, arrival, promptTokens: 16, outputTokens, preemptions: 0 }) as RequestRecord;

/**
 * Submits `arrivals` (request, time) in order and returns the counter's mean over [from, to] as
 * the simulator's scrape reports it, in percent.
 */
function scrapedUtilisation(
    replica: Replica,
    arrivals: readonly { record: RequestRecord; at: number }[],
    from: number,
    to: number,
): number {
    const gpuStack = userStack({
        stack: "eks",
        set: [
            'inference-autoscaling:autoscaling={"minReplicas":1,"maxReplicas":4,"metrics":[{"name":"gpu_utilization_percent"}]}',
        ],
    });
    const path = new MetricsPath(gpuStack, new Random(1));
    const pod = { name: "vllm-0", createdAt: 0, state: "ready" as const };
    path.addPod(pod, 0);
    const scrape = (at: number) => {
        replica.advance(at);
        path.scrape(pod, replica, at);
    };
    for (const a of arrivals.filter((x) => x.at <= from)) {
        replica.submit(a.record, a.at);
    }
    scrape(from);
    for (const a of arrivals.filter((x) => x.at > from && x.at <= to)) {
        replica.submit(a.record, a.at);
    }
    scrape(to);
    path.evaluateRules(to); // the GPU series reaches the HPA through the rule that adds `pod`
    return path.view([pod], to).get("gpu_utilization_percent")!.get("vllm-0") as number;
}

/** Rows of GPU-UTILISATION.md with `batch` requests decoding continuously. */
const CONTINUOUS = [
    { batch: 1, measured: 74 },
    { batch: 8, measured: 85 },
    { batch: 64, measured: 94 },
    { batch: 256, measured: 99 },
];

/**
 * Batch 8, busy a share of wall time. The model reads about 1.4 x the measurement: it charges a
 * step's kernel share (0.85 at batch 8, from the continuous row) to every busy second, while the
 * eager-mode measurement lost more than that at light load. Asserted to stay in that band, so a
 * better model shows up here; the conclusion holds either way (the counter follows the busy share
 * and cannot tell 1 request from 256).
 */
const PARTIAL = [
    { busyShare: 0.05, measured: 3 },
    { busyShare: 0.2, measured: 12 },
    { busyShare: 0.5, measured: 32 },
];
const PARTIAL_RATIO = { low: 1.25, high: 1.5 };

describe("simulator: DCGM's GPU utilisation against the H200 measurement", () => {
    for (const row of CONTINUOUS) {
        it(`reads ${row.measured} % (±2) with ${row.batch} request(s) decoding without pause`, () => {
            const replica = new Replica("vllm-0", H200_LLAMA3_8B, 0, () => {});
            const arrivals = Array.from({ length: row.batch }, (_, i) => ({
                record: request(i, 0, 6000),
                at: 0,
            }));
            expect(scrapedUtilisation(replica, arrivals, 5, 35)).to.be.closeTo(row.measured, 2);
        });
    }

    for (const row of PARTIAL) {
        it(`reads ${PARTIAL_RATIO.low}-${PARTIAL_RATIO.high} x the measured ${row.measured} % with batch 8 busy ${row.busyShare * 100} % of the time`, () => {
            // One burst's busy time sets the period, as the measurement's duty cycle did.
            const probe = new Replica("probe", H200_LLAMA3_8B, 0, () => {});
            for (let i = 0; i < 8; i++) {
                probe.submit(request(i, 0, 200), 0);
            }
            for (let t = 0; probe.load > 0 && t < 60; t += 0.01) {
                probe.advance(t);
            }
            const period = probe.busy / row.busyShare;
            const replica = new Replica("vllm-0", H200_LLAMA3_8B, 0, () => {});
            const cycles = Math.ceil(120 / period) + 2;
            const arrivals = Array.from({ length: cycles * 8 }, (_, i) => ({
                record: request(i, Math.floor(i / 8) * period, 200),
                at: Math.floor(i / 8) * period,
            }));
            const to = (cycles - 1) * period;
            const reading = scrapedUtilisation(replica, arrivals, period, to);
            expect(replica.busy / to, "the duty cycle").to.be.closeTo(row.busyShare, 0.02);
            expect(reading / row.measured).to.be.within(PARTIAL_RATIO.low, PARTIAL_RATIO.high);
        });
    }
});
