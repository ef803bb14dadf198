/**
 * One vLLM replica as continuous batching, advanced event by event.
 *
 * Requests wait in a FIFO queue until the scheduler admits them (a free place among
 * `maxNumSeqs` and room for the prompt in the KV cache). Admitted requests first prefill their
 * prompt in chunks (the step's token budget left after one token per decoding request, oldest
 * first, as vLLM v1's scheduler fills a step), then decode one token per step. A step lasts the
 * longer of reading the weights and KV cache in use, and computing its tokens, plus a fixed cost
 * (see hardware.ts). Between two events the batch does not change, so progress is linear and the
 * next completion can be computed exactly. When the KV cache overflows, the newest request is
 * preempted and recomputed later, as vLLM does.
 */
import type { ReplicaParams } from "./hardware";
import type { Observation } from "./windowed";

/** One request's life, filled in as it happens (times in seconds since the trace start). */
export interface RequestRecord {
    readonly id: number;
    readonly arrival: number;
    readonly promptTokens: number;
    readonly outputTokens: number;
    /** When it first left the waiting queue; queue time is admitted - arrival (vLLM's request_queue_time). */
    admitted?: number;
    firstToken?: number;
    finished?: number;
    preemptions: number;
}

interface Sequence {
    readonly record: RequestRecord;
    /** Tokens to prefill: the prompt, plus what was generated before a preemption (recomputed). */
    readonly promptTotal: number;
    promptLeft: number;
    outputLeft: number;
    generated: number;
}

/** Token counts this close to zero are done (progress is computed in floating point). */
const EPSILON = 1e-6;
/** Smallest time step: keeps time moving when a completion is due within rounding. */
const MIN_STEP_SECONDS = 1e-6;

export class Replica {
    private readonly waiting: Sequence[] = [];
    private readonly running: Sequence[] = [];
    private now = 0;
    private busySeconds = 0;
    /** vLLM's latency histograms' observations: TTFT when the first token comes, queue time when the request finishes. */
    private readonly observed: { ttft: Observation[]; queueTime: Observation[] } = {
        ttft: [],
        queueTime: [],
    };

    constructor(
        readonly name: string,
        private readonly params: ReplicaParams,
        startTime: number,
        private readonly onFinish: (r: RequestRecord) => void,
    ) {
        this.now = startTime;
    }

    /** vLLM's gauges: vllm:num_requests_running, vllm:num_requests_waiting, vllm:kv_cache_usage_perc. */
    get numRunning(): number {
        return this.running.length;
    }
    get numWaiting(): number {
        return this.waiting.length;
    }
    get kvCacheUsage(): number {
        return this.kvComputed() / this.params.kvCacheTokens;
    }
    /** Seconds the GPU has been busy since the replica started (DCGM's GPU utilisation integrates this). */
    get busy(): number {
        return this.busySeconds;
    }
    /** The latency observations made after `from`; older ones are dropped (no window reaches them again). */
    takeObservations(from: number): {
        ttft: readonly Observation[];
        queueTime: readonly Observation[];
    } {
        for (const list of [this.observed.ttft, this.observed.queueTime]) {
            const stale = list.findIndex((o) => o.at > from);
            list.splice(0, stale === -1 ? list.length : stale);
        }
        return this.observed;
    }
    /** Requests it holds, waiting or running. */
    get load(): number {
        return this.running.length + this.waiting.length;
    }

    submit(record: RequestRecord, at: number): void {
        this.advance(at);
        this.waiting.push({
            record,
            promptTotal: record.promptTokens,
            promptLeft: record.promptTokens,
            outputLeft: record.outputTokens,
            generated: 0,
        });
        this.schedule();
    }

    /** Tokens whose KV is held: computed prompt tokens and generated tokens of running requests. */
    private kvComputed(): number {
        let sum = 0;
        for (const s of this.running) {
            sum += s.promptTotal - s.promptLeft + s.generated;
        }
        return sum;
    }

    /** Tokens reserved: whole prompts of admitted requests, plus what they generated. */
    private kvReserved(): number {
        let sum = 0;
        for (const s of this.running) {
            sum += s.promptTotal + s.generated;
        }
        return sum;
    }

    /** The current step: its duration, and how many prefill tokens it carries. */
    private step(): { seconds: number; prefillTokens: number; decoders: number } {
        let decoders = 0;
        let prefillLeft = 0;
        for (const s of this.running) {
            if (s.promptLeft > EPSILON) {
                prefillLeft += s.promptLeft;
            } else {
                decoders++;
            }
        }
        const p = this.params;
        const prefillTokens = Math.min(Math.max(0, p.maxBatchedTokens - decoders), prefillLeft);
        const memory = (p.weightBytes + this.kvComputed() * p.kvBytesPerToken) / p.bandwidth;
        const compute = ((decoders + prefillTokens) * p.flopsPerToken) / p.flops;
        return {
            seconds: p.stepOverheadSeconds + Math.max(memory, compute),
            prefillTokens,
            decoders,
        };
    }

    /** Time of the next completion (a prompt prefilled or a request finished); Infinity when idle. */
    nextEvent(): number {
        if (this.running.length === 0) {
            return Infinity;
        }
        const { seconds, prefillTokens } = this.step();
        let soonest = Infinity;
        const head = this.running.find((s) => s.promptLeft > EPSILON);
        if (head && prefillTokens > 0) {
            soonest = (head.promptLeft / prefillTokens) * seconds;
        }
        for (const s of this.running) {
            if (s.promptLeft <= EPSILON) {
                soonest = Math.min(soonest, s.outputLeft * seconds);
            }
        }
        return this.now + soonest;
    }

    /** Moves time to `t`: progress at the current rates, then completions, admissions, preemptions. */
    advance(t: number): void {
        while (this.now < t) {
            const next = Math.min(Math.max(this.nextEvent(), this.now + MIN_STEP_SECONDS), t);
            this.progress(next - this.now);
            this.now = next;
            this.complete();
            this.schedule();
        }
        this.now = Math.max(this.now, t);
    }

    private progress(dt: number): void {
        if (dt <= 0 || this.running.length === 0) {
            return;
        }
        this.busySeconds += dt;
        const { seconds, prefillTokens } = this.step();
        const decoded = dt / seconds;
        let prefill = (dt / seconds) * prefillTokens;
        for (const s of this.running) {
            if (s.promptLeft > EPSILON) {
                const done = Math.min(s.promptLeft, prefill);
                s.promptLeft -= done;
                prefill -= done;
            } else {
                s.outputLeft -= decoded;
                s.generated += decoded;
            }
        }
    }

    private complete(): void {
        for (let i = 0; i < this.running.length; i++) {
            const s = this.running[i];
            if (s.promptLeft <= EPSILON && s.record.firstToken === undefined) {
                // The step that finishes the prompt samples the first token.
                s.promptLeft = 0;
                s.record.firstToken = this.now;
                this.observed.ttft.push({ at: this.now, value: this.now - s.record.arrival });
                s.outputLeft -= 1;
                s.generated += 1;
            }
            if (s.promptLeft <= EPSILON && s.outputLeft <= EPSILON) {
                s.record.finished = this.now;
                this.observed.queueTime.push({
                    at: this.now,
                    value: (s.record.admitted ?? s.record.arrival) - s.record.arrival,
                });
                this.running.splice(i--, 1);
                this.onFinish(s.record);
            }
        }
    }

    /** vLLM's scheduler: preempt the newest while the cache overflows, then admit in arrival order. */
    private schedule(): void {
        while (this.running.length > 1 && this.kvComputed() > this.params.kvCacheTokens) {
            const victim = this.running.pop() as Sequence;
            victim.record.preemptions++;
            const recompute = victim.promptTotal + victim.generated;
            this.waiting.unshift({
                record: victim.record,
                promptTotal: recompute,
                promptLeft: recompute,
                outputLeft: victim.outputLeft,
                generated: 0,
            });
        }
        while (this.waiting.length > 0 && this.running.length < this.params.maxNumSeqs) {
            const next = this.waiting[0];
            const fits =
                this.kvReserved() + next.promptLeft <= this.params.kvCacheTokens ||
                this.running.length === 0;
            if (!fits) {
                break;
            }
            this.waiting.shift();
            next.record.admitted ??= this.now;
            this.running.push(next);
        }
    }
}
