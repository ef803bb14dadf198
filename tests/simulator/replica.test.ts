/**
 * The replica schedules as vLLM V1 does (vllm/v1/core/sched/scheduler.py, Scheduler.schedule): a
 * token budget per step, running requests first, then waiting ones, chunked prefill, KV blocks
 * allocated per scheduled chunk, preemption by recompute when blocks run out, requests over
 * --max-model-len refused; and its steps are atomic, so how often it is advanced does not matter.
 */
import { expect } from "chai";
import { ReplicaParams, replicaParams } from "../../simulator/hardware";
import { RequestRecord, Replica } from "../../simulator/replica";

const H100: ReplicaParams = replicaParams(
    "nvidia-h100-80gb",
    "meta-llama/Llama-3.1-8B-Instruct",
    1,
);

const request = (id: number, arrival: number, promptTokens: number, outputTokens: number) =>
    ({ id, arrival, promptTokens, outputTokens, preemptions: 0 }) as RequestRecord;

/** Advances the replica in small steps until it is empty, calling `each` after every advance. */
function drain(replica: Replica, from: number, dt: number, each: () => void = () => {}): number {
    let t = from;
    while (replica.load > 0) {
        t += dt;
        replica.advance(t);
        each();
        if (t > from + 3600) {
            throw new Error("replica did not drain in an hour");
        }
    }
    return t;
}

describe("simulator: the replica schedules as vLLM V1", () => {
    it("keeps a burst WAITING beyond one step's token budget: 200 prompts of 2000 tokens, 8192 per step", () => {
        expect(H100.maxBatchedTokens).to.equal(8192);
        expect(H100.kvCacheTokens, "the burst fits the KV cache").to.be.greaterThan(200 * 2100);
        const finished: RequestRecord[] = [];
        const replica = new Replica("r", H100, 0, (r) => finished.push(r));
        const records = Array.from({ length: 200 }, (_, i) => request(i, 0, 2000, 100));
        for (const r of records) {
            replica.submit(r, 0);
        }
        expect(replica.numWaiting, "nothing scheduled before a step starts").to.equal(200);
        replica.advance(1e-9);
        // The first step: 4 whole prompts (8000 tokens) and 192 tokens of the fifth.
        expect(replica.numRunning).to.equal(5);
        expect(replica.numWaiting).to.equal(195);
        expect(replica.kvCacheUsage).to.be.greaterThan(0).and.lessThan(1);
        const firstStepEnd = replica.nextEvent();
        replica.advance(firstStepEnd);
        expect(records.slice(0, 4).map((r) => r.firstToken)).to.deep.equal(
            Array(4).fill(firstStepEnd),
        );
        expect(records[4].firstToken, "a chunked prompt samples no token").to.equal(undefined);
        expect(records[4].admitted).to.equal(0);
        expect(records[5].admitted).to.equal(undefined);
        drain(replica, firstStepEnd, 0.1);
        expect(finished).to.have.length(200);
        const queueTimes = records.map((r) => (r.admitted as number) - r.arrival);
        expect(queueTimes.slice(0, 5)).to.deep.equal([0, 0, 0, 0, 0]);
        expect(Math.min(...queueTimes.slice(5)), "every later request queued").to.be.greaterThan(0);
        // With at most 8192 tokens a step, 200 x 2000 prompt tokens take at least 49 steps.
        const lastAdmitted = Math.max(...records.map((r) => r.admitted as number));
        expect(lastAdmitted).to.be.greaterThan(48 * H100.stepOverheadSeconds);
    });

    it("never runs more than --max-num-seqs at once; the rest wait", () => {
        const params = { ...H100, maxNumSeqs: 8 };
        const replica = new Replica("r", params, 0, () => {});
        for (let i = 0; i < 40; i++) {
            replica.submit(request(i, i * 0.01, 100, 50), i * 0.01);
        }
        let most = 0;
        let waitedWhileFull = false;
        drain(replica, 0.4, 0.01, () => {
            most = Math.max(most, replica.numRunning);
            waitedWhileFull ||= replica.numRunning === 8 && replica.numWaiting > 0;
        });
        expect(most).to.equal(8);
        expect(waitedWhileFull).to.equal(true);
    });

    it("allocates KV blocks per scheduled chunk, never above the cache, and preempts the last running request when they run out", () => {
        // 64 blocks of 16 tokens; six requests that each grow to 600 tokens cannot all stay.
        const params = { ...H100, kvCacheTokens: 64 * 16, maxBatchedTokens: 256 };
        const finished: RequestRecord[] = [];
        const replica = new Replica("r", params, 0, (r) => finished.push(r));
        const records = Array.from({ length: 6 }, (_, i) => request(i, 0, 200, 400));
        for (const r of records) {
            replica.submit(r, 0);
        }
        replica.advance(1e-9);
        // The first step: 200 tokens of request 0 and 56 of request 1: ceil(200/16) + ceil(56/16) blocks.
        expect(replica.kvCacheUsage).to.equal((13 + 4) / 64);
        let highest = 0;
        drain(replica, 0, 0.01, () => {
            highest = Math.max(highest, replica.kvCacheUsage);
            expect(replica.kvCacheUsage).to.be.at.most(1);
        });
        expect(highest, "the cache filled").to.be.greaterThan(0.9);
        expect(finished).to.have.length(6);
        const preemptions = records.reduce((s, r) => s + r.preemptions, 0);
        expect(preemptions, "at least one request was recomputed").to.be.greaterThan(0);
        expect(records[0].preemptions, "the oldest request is never the victim").to.equal(0);
        expect(replica.kvCacheUsage, "all blocks freed").to.equal(0);
    });

    it("refuses a request over --max-model-len and counts it, as vLLM's server does", () => {
        const params = replicaParams("nvidia-h100-80gb", "meta-llama/Llama-3.1-8B-Instruct", 1, [
            "--max-model-len",
            "4096",
        ]);
        expect(params.maxModelLen).to.equal(4096);
        const finished: RequestRecord[] = [];
        const refused: RequestRecord[] = [];
        const replica = new Replica(
            "r",
            params,
            0,
            (r) => finished.push(r),
            (r) => refused.push(r),
        );
        const tooLong = request(0, 0, 4000, 200);
        const fits = request(1, 0, 3996, 100);
        replica.submit(tooLong, 0);
        replica.submit(fits, 0);
        expect(replica.rejected).to.equal(1);
        expect(refused).to.deep.equal([tooLong]);
        expect(tooLong.rejected).to.equal(true);
        expect(replica.load).to.equal(1);
        drain(replica, 0, 0.5);
        expect(finished).to.deep.equal([fits]);
        expect(tooLong.admitted).to.equal(undefined);
        expect(tooLong.finished).to.equal(undefined);
    });

    it("gives the same first-token and finish times however often it is advanced (steps are atomic)", () => {
        const arrivals = Array.from({ length: 300 }, (_, i) => ({
            at: i * 0.037 + (i % 7) * 0.011,
            prompt: 200 + ((i * 613) % 3000),
            output: 20 + ((i * 97) % 300),
        })).sort((a, b) => a.at - b.at);
        const run = (dt: number | undefined) => {
            const records = arrivals.map((a, i) => request(i, a.at, a.prompt, a.output));
            const params = { ...H100, kvCacheTokens: 40_000 };
            const replica = new Replica("r", params, 0, () => {});
            let t = 0;
            for (const r of records) {
                if (dt !== undefined) {
                    while (t + dt < r.arrival) {
                        t += dt;
                        replica.advance(t);
                    }
                }
                replica.submit(r, r.arrival);
            }
            if (dt === undefined) {
                replica.advance(10_000);
            } else {
                drain(replica, t, dt);
            }
            return {
                times: records.map((r) => [r.admitted, r.firstToken, r.finished, r.preemptions]),
                busy: replica.busy,
            };
        };
        const fine = run(0.05);
        expect(fine.times.every(([, , finished]) => finished !== undefined)).to.equal(true);
        expect(
            fine.times.some(([, , , preemptions]) => (preemptions as number) > 0),
            "the run preempts, so recomputation is covered too",
        ).to.equal(true);
        expect(run(1).times).to.deep.equal(fine.times);
        expect(run(undefined).times).to.deep.equal(fine.times);
        expect(run(undefined).busy).to.equal(fine.busy);
    });

    it("lets a request that arrives during a step wait for the next one", () => {
        const replica = new Replica("r", H100, 0, () => {});
        const first = request(0, 0, 4000, 10);
        replica.submit(first, 0);
        replica.advance(1e-9);
        const stepEnd = replica.nextEvent();
        const late = request(1, stepEnd / 2, 100, 10);
        replica.submit(late, stepEnd / 2);
        expect(replica.numWaiting).to.equal(1);
        replica.advance(stepEnd + 1e-9);
        expect(late.admitted).to.equal(stepEnd);
        expect(first.firstToken).to.equal(stepEnd);
    });
});
