/**
 * One operating point of one replica: the engine fed directly with arrivals (no HPA, no pods, no
 * network), measured as vLLM's benchmarks measure it. For capacity planning and for checking the
 * engine model against any published number (tests/simulator/calibration.test.ts).
 *
 * - `batch: n`: n requests at once, as vLLM's latency benchmark (benchmarks/benchmark_latency.py)
 *   runs one batch; by default that one batch is all the requests.
 * - `rate: r`: Poisson arrivals at r requests/s, as its serving benchmark (benchmark_serving.py
 *   --request-rate); `rate: Infinity` sends every request at time 0 (its `--request-rate inf`).
 * The metrics follow benchmark_serving.py: TTFT is first token - arrival; TPOT of a request is
 * (latency - TTFT) / (output tokens - 1), over requests with more than one output token;
 * throughput is completed requests over the time from the first arrival to the last completion.
 */
import { GpuId, ModelConfig, overrideParams, ReplicaParams, replicaParams } from "./hardware";
import { Random } from "./random";
import { Replica, RequestRecord } from "./replica";

export interface EnginePointOptions {
    gpu: GpuId;
    /** A model id of the catalog (hardware.ts MODELS), or its config numbers. */
    model: string | ModelConfig;
    /** GPUs of the replica (tensor parallel). */
    gpus: number;
    inputTokens: number;
    outputTokens: number;
    /** Requests at once (latency benchmark). Give this or `rate`. */
    batch?: number;
    /** Poisson arrivals, requests/s; Infinity: all at once (serving benchmark). */
    rate?: number;
    /** Requests in all: `batch` by default with `batch`, 1000 (benchmark_serving's --num-prompts default) with `rate`. */
    requests?: number;
    /** Seed of the Poisson arrivals. */
    seed?: number;
    /** vLLM server flags the engine model reads: --max-num-seqs, --max-num-batched-tokens, --max-model-len, --block-size. */
    extraArgs?: readonly string[];
    /** `name=value` overrides of the engine figures (as --param). */
    params?: readonly string[];
}

export interface EnginePoint {
    /** Mean time to first token, seconds. */
    ttftSeconds: number;
    /** Mean time per output token after the first, seconds. */
    tpotSeconds: number;
    /** Mean end-to-end latency, seconds. */
    latencySeconds: number;
    throughputRequestsPerSecond: number;
    outputTokensPerSecond: number;
    /** The replica's KV cache capacity, tokens. */
    kvCacheTokens: number;
    requests: number;
    completed: number;
    /** Refused for exceeding --max-model-len. */
    rejected: number;
    preemptions: number;
    durationSeconds: number;
}

/** Requests in all when none is given: benchmark_serving.py's --num-prompts default. */
export const DEFAULT_SERVING_REQUESTS = 1000;

const mean = (xs: readonly number[]) =>
    xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;

/** The replica's parameters for the operating point. */
export function enginePointParams(o: EnginePointOptions): ReplicaParams {
    return overrideParams(replicaParams(o.gpu, o.model, o.gpus, o.extraArgs ?? []), o.params ?? []);
}

/** Runs the operating point to the last completion. */
export function enginePoint(o: EnginePointOptions): EnginePoint {
    if ((o.batch === undefined) === (o.rate === undefined)) {
        throw new Error("give batch or rate, not both nor neither");
    }
    const params = enginePointParams(o);
    const n = o.requests ?? o.batch ?? DEFAULT_SERVING_REQUESTS;
    const random = new Random(o.seed ?? 1);
    const arrivals: number[] = [];
    let t = 0;
    for (let i = 0; o.rate !== undefined && i < n; i++) {
        arrivals.push(t);
        if (Number.isFinite(o.rate)) {
            t += random.exponential(1 / o.rate);
        }
    }
    const records: RequestRecord[] = [];
    const done: RequestRecord[] = [];
    const replica = new Replica(
        "engine",
        params,
        0,
        (r) => done.push(r),
        () => {},
    );
    const submit = (i: number, at: number) => {
        const r: RequestRecord = {
            id: i,
            arrival: at,
            promptTokens: o.inputTokens,
            outputTokens: o.outputTokens,
            preemptions: 0,
        };
        records.push(r);
        replica.submit(r, at);
    };
    let now = 0;
    if (o.batch !== undefined) {
        // Batches of `batch` one after another, each sent when the previous one has completed.
        const batch = o.batch;
        for (let first = 0; first < n; first += batch) {
            for (let i = first; i < Math.min(n, first + batch); i++) {
                submit(i, now);
            }
            now = runUntilEmpty(replica, now);
        }
    } else {
        for (let i = 0; i < n; i++) {
            replica.advance(arrivals[i]);
            submit(i, arrivals[i]);
        }
        now = runUntilEmpty(replica, arrivals[n - 1] ?? 0);
    }
    if (replica.rejected > 0) {
        throw new Error(
            `--input ${o.inputTokens} + --output ${o.outputTokens} tokens exceed the longest request the replica accepts, ${replica.maxModelLen} tokens (--max-model-len, or the KV cache)`,
        );
    }
    const completed = records.filter((r) => r.finished !== undefined);
    const start = Math.min(...records.map((r) => r.arrival));
    const end = Math.max(...completed.map((r) => r.finished as number));
    const duration = end - start;
    return {
        ttftSeconds: mean(completed.map((r) => (r.firstToken as number) - r.arrival)),
        tpotSeconds: mean(
            completed
                .filter((r) => r.outputTokens > 1)
                .map(
                    (r) =>
                        ((r.finished as number) - (r.firstToken as number)) / (r.outputTokens - 1),
                ),
        ),
        latencySeconds: mean(completed.map((r) => (r.finished as number) - r.arrival)),
        throughputRequestsPerSecond: completed.length / duration,
        outputTokensPerSecond:
            completed.reduce((s, r) => s + Math.max(1, r.outputTokens), 0) / duration,
        kvCacheTokens: params.kvCacheTokens,
        requests: n,
        completed: completed.length,
        rejected: replica.rejected,
        preemptions: records.reduce((s, r) => s + r.preemptions, 0),
        durationSeconds: now - start,
    };
}

/** Advances the replica from step end to step end until it holds nothing; returns the time. */
function runUntilEmpty(replica: Replica, from: number): number {
    let t = from;
    replica.advance(t);
    while (replica.load > 0) {
        const next = replica.nextEvent();
        if (!Number.isFinite(next)) {
            throw new Error("the engine holds requests it cannot schedule");
        }
        t = Math.max(t, next) + 1e-9;
        replica.advance(t);
    }
    return t;
}
