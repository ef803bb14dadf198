/**
 * One vLLM replica, stepped as vLLM V1's engine core steps: each step the scheduler hands tokens
 * to requests within a token budget, the model runs them, and the step's outputs update the
 * requests. What follows vLLM's code was read at these commits of vllm-project/vllm:
 *
 * - vllm/v1/core/sched/scheduler.py @ 00024d314514900f361ad072af6931e403b7f589, `Scheduler.schedule`:
 *   `token_budget = self.max_num_scheduled_tokens` (--max-num-batched-tokens); "# First, schedule
 *   the RUNNING requests." (`while req_index < len(self.running) and token_budget > 0`, each one's
 *   `num_new_tokens = request.num_tokens_with_spec + ... - request.num_computed_tokens`, then
 *   `min(num_new_tokens, token_budget)`: 1 for a decode, the rest of the prompt up to the budget
 *   for a chunked prefill); when `kv_cache_manager.allocate_slots` returns None,
 *   `preempted_req = self.running.pop()` (FCFS: the last running request) until it succeeds or
 *   the request preempted itself, then `break`; "# Next, schedule the WAITING requests." only
 *   `if not preempted_reqs`, `while self.waiting and token_budget > 0`, `if len(self.running) ==
 *   self.max_num_running_reqs: break`, `num_new_tokens = request.num_tokens - num_computed_tokens`
 *   capped by the budget (chunked prefill), `break` when `allocate_slots` returns None.
 * - same file, `Scheduler._preempt_request`: `self.kv_cache_manager.free(request)`,
 *   `request.num_computed_tokens = 0`, `request.num_preemptions += 1`,
 *   `self.waiting.prepend_request(request)` (recomputed later: prompt and output so far).
 * - same file, `Scheduler._update_after_schedule`: `request.num_computed_tokens +=
 *   num_scheduled_token`; a request whose computed tokens reach its tokens samples one more
 *   (`update_from_output`), and `check_stop` finishes it at its max_tokens.
 * - vllm/v1/core/kv_cache_manager.py @ 003df2961dd8830c317a61f9745ccd557da9fa06,
 *   `KVCacheManager.allocate_slots`: blocks for `num_computed_tokens + num_new_tokens` (the tokens
 *   of this step, not the whole request), None when more blocks are needed than are free;
 *   `KVCacheManager.usage` is `block_pool.get_usage()`, the share of blocks in use
 *   (vllm:kv_cache_usage_perc). Block size 16 (vLLM's default --block-size on CUDA).
 * Not read at a pinned commit here (from vLLM's documented behaviour; check before relying on the
 * wording): the default block size, the gauges' and queue time's definitions, the 400 below.
 * - vllm:num_requests_running / vllm:num_requests_waiting are `len(self.running)` and
 *   `len(self.waiting)` (`Scheduler.make_stats`); vllm:request_queue_time_seconds is the time
 *   from arrival to the first time the request is scheduled, observed when it finishes.
 * - A request whose prompt plus max_tokens exceeds --max-model-len never reaches the engine:
 *   vLLM's OpenAI server answers 400 ("This model's maximum context length is ..."). It is
 *   counted (`rejected`) and not run.
 *
 * Steps are atomic: a step's batch and duration are fixed when it starts, requests that arrive
 * during it join the next one, and its results land at its end. So the result does not depend on
 * how often the caller advances the replica. A step lasts the longer of reading the weights and
 * the scheduled requests' KV cache, and computing its tokens, plus a fixed cost and, with tensor
 * parallelism, its all-reduces (hardware.ts).
 */
import { kernelShare } from "./gpu-counter";
import type { ReplicaParams } from "./hardware";
import type { Observation } from "./windowed";

/** One request's life, filled in as it happens (times in seconds since the trace start). */
export interface RequestRecord {
    readonly id: number;
    readonly arrival: number;
    readonly promptTokens: number;
    readonly outputTokens: number;
    /** When a step first scheduled it; queue time is admitted - arrival (vLLM's request_queue_time). */
    admitted?: number;
    firstToken?: number;
    finished?: number;
    preemptions: number;
    /** Refused at the API: prompt + output over --max-model-len (never admitted nor finished). */
    rejected?: boolean;
}

interface Sequence {
    readonly record: RequestRecord;
    /** Output tokens it will generate (vLLM's max_tokens; at least 1). */
    readonly maxTokens: number;
    /** Output tokens generated so far. */
    output: number;
    /** vLLM's num_computed_tokens: tokens whose KV is in the cache (0 after a preemption). */
    computed: number;
    /** KV cache blocks it holds. */
    blocks: number;
}

/** One engine step: what it runs, when it started and when it ends. */
interface Step {
    readonly start: number;
    readonly end: number;
    readonly scheduled: readonly { readonly seq: Sequence; readonly tokens: number }[];
}

/** vLLM's default KV cache block size, tokens (vllm/config/cache.py, --block-size). */
export const DEFAULT_BLOCK_SIZE = 16;

/** vLLM's request.num_tokens: the prompt and the tokens generated so far. */
function numTokens(s: Sequence): number {
    return s.record.promptTokens + s.output;
}

export class Replica {
    private readonly waiting: Sequence[] = [];
    private readonly running: Sequence[] = [];
    private now = 0;
    /** When the engine may start its next step (the end of the last one, or the idle engine's wake-up). */
    private freeAt = 0;
    private current: Step | undefined;
    private busySeconds = 0;
    private kernelSeconds = 0;
    private readonly blockSize: number;
    private readonly totalBlocks: number;
    private usedBlocks = 0;
    /** Longest request (prompt + output) it accepts, tokens. */
    readonly maxModelLen: number;
    private rejectedCount = 0;
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
        private readonly onReject?: (r: RequestRecord) => void,
    ) {
        this.now = startTime;
        this.freeAt = startTime;
        this.blockSize = params.blockSize ?? DEFAULT_BLOCK_SIZE;
        this.totalBlocks = Math.max(1, Math.floor(params.kvCacheTokens / this.blockSize));
        // vLLM refuses to start when one request of max_model_len does not fit the KV cache
        // (vllm/v1/core/kv_cache_utils.py, check_enough_kv_cache_memory); the simulator caps it
        // instead, so that a request it accepts can always run alone.
        this.maxModelLen = Math.min(
            params.maxModelLen ?? Infinity,
            this.totalBlocks * this.blockSize,
        );
    }

    /** vLLM's gauges: vllm:num_requests_running, vllm:num_requests_waiting, vllm:kv_cache_usage_perc. */
    get numRunning(): number {
        return this.running.length;
    }
    get numWaiting(): number {
        return this.waiting.length;
    }
    get kvCacheUsage(): number {
        return this.usedBlocks / this.totalBlocks;
    }
    /** Requests refused for exceeding --max-model-len. */
    get rejected(): number {
        return this.rejectedCount;
    }
    /** Seconds the GPU has been busy since the replica started (DCGM's GPU utilisation integrates this). */
    get busy(): number {
        const step = this.current;
        const inStep = step ? Math.max(0, Math.min(this.now, step.end) - step.start) : 0;
        return this.busySeconds + inStep;
    }
    /**
     * Seconds DCGM's GPU utilisation counter has seen a kernel run since the replica started: each
     * step's busy time times the kernel share of its batch (gpu-counter.ts).
     */
    get kernelBusy(): number {
        const step = this.current;
        const inStep = step ? Math.max(0, Math.min(this.now, step.end) - step.start) : 0;
        return this.kernelSeconds + (step ? inStep * kernelShare(step.scheduled.length) : 0);
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

    /** A request arrives at `at`; it joins the first step that starts after it (or at it, when idle). */
    submit(record: RequestRecord, at: number): void {
        this.advance(at);
        const maxTokens = Math.max(1, record.outputTokens);
        if (record.promptTokens + maxTokens > this.maxModelLen) {
            record.rejected = true;
            this.rejectedCount++;
            this.onReject?.(record);
            return;
        }
        this.waiting.push({ record, maxTokens, output: 0, computed: 0, blocks: 0 });
        if (!this.current) {
            this.freeAt = Math.max(this.freeAt, at);
        }
    }

    /** When the step under way ends; Infinity when the engine is idle. */
    nextEvent(): number {
        if (this.current) {
            return this.current.end;
        }
        return this.load > 0 ? this.freeAt : Infinity;
    }

    /**
     * Moves time to `t`: every step that ends by `t` lands, and the next one starts at the end of
     * the last. A step starts only once time has moved past its start, so every request that
     * arrived at that instant is in it.
     */
    advance(t: number): void {
        for (;;) {
            if (this.current) {
                if (this.current.end > t) {
                    break;
                }
                this.finishStep(this.current);
                continue;
            }
            if (this.freeAt >= t || this.load === 0) {
                break;
            }
            const step = this.schedule(this.freeAt);
            if (!step) {
                break;
            }
            this.current = step;
        }
        this.now = Math.max(this.now, t);
    }

    /** Allocates the blocks `seq` needs to hold `tokens` more; false when too few are free. */
    private allocate(seq: Sequence, tokens: number): boolean {
        const needed = Math.ceil((seq.computed + tokens) / this.blockSize) - seq.blocks;
        if (needed > this.totalBlocks - this.usedBlocks) {
            return false;
        }
        if (needed > 0) {
            seq.blocks += needed;
            this.usedBlocks += needed;
        }
        return true;
    }

    private free(seq: Sequence): void {
        this.usedBlocks -= seq.blocks;
        seq.blocks = 0;
    }

    /** scheduler.py, Scheduler._preempt_request: free its KV, recompute it later, front of WAITING. */
    private preempt(seq: Sequence): void {
        this.free(seq);
        seq.computed = 0;
        seq.record.preemptions++;
        this.waiting.unshift(seq);
    }

    /** scheduler.py, Scheduler.schedule: the step that starts at `at`, or undefined if nothing can run. */
    private schedule(at: number): Step | undefined {
        const p = this.params;
        let budget = p.maxBatchedTokens;
        const scheduled: { seq: Sequence; tokens: number }[] = [];
        let preempted = false;
        // First, the RUNNING requests, in order.
        let i = 0;
        while (i < this.running.length && budget > 0) {
            const seq = this.running[i];
            const tokens = Math.min(numTokens(seq) - seq.computed, budget);
            let allocated = this.allocate(seq, tokens);
            while (!allocated) {
                // Preempt the lowest-priority request: the last running one (FCFS policy).
                const victim = this.running.pop() as Sequence;
                this.preempt(victim);
                preempted = true;
                if (victim === seq) {
                    break;
                }
                allocated = this.allocate(seq, tokens);
            }
            if (!allocated) {
                break;
            }
            scheduled.push({ seq, tokens });
            budget -= tokens;
            i++;
        }
        // Then the WAITING ones, unless this step preempted a request.
        if (!preempted) {
            while (this.waiting.length > 0 && budget > 0) {
                if (this.running.length >= p.maxNumSeqs) {
                    break;
                }
                const seq = this.waiting[0];
                const tokens = Math.min(numTokens(seq) - seq.computed, budget);
                if (!this.allocate(seq, tokens)) {
                    break;
                }
                this.waiting.shift();
                this.running.push(seq);
                seq.record.admitted ??= at;
                scheduled.push({ seq, tokens });
                budget -= tokens;
            }
        }
        if (scheduled.length === 0) {
            return undefined;
        }
        let tokens = 0;
        let kvRead = 0;
        for (const s of scheduled) {
            tokens += s.tokens;
            kvRead += s.seq.computed + s.tokens;
        }
        const memory = (p.weightBytes + kvRead * p.kvBytesPerToken) / p.bandwidth;
        const compute = (tokens * p.flopsPerToken) / p.flops;
        const seconds =
            p.stepOverheadSeconds + (p.commSecondsPerStep ?? 0) + Math.max(memory, compute);
        return { start: at, end: at + seconds, scheduled };
    }

    /** The step's outputs: computed tokens advance, caught-up requests sample a token, finished ones leave. */
    private finishStep(step: Step): void {
        const at = step.end;
        this.busySeconds += step.end - step.start;
        this.kernelSeconds += (step.end - step.start) * kernelShare(step.scheduled.length);
        this.current = undefined;
        this.freeAt = at;
        this.now = Math.max(this.now, at);
        const finished = new Set<Sequence>();
        for (const { seq, tokens } of step.scheduled) {
            seq.computed += tokens;
            if (seq.computed < numTokens(seq)) {
                continue; // a prefill chunk: no token sampled
            }
            seq.output++;
            if (seq.record.firstToken === undefined) {
                seq.record.firstToken = at;
                this.observed.ttft.push({ at, value: at - seq.record.arrival });
            }
            if (seq.output >= seq.maxTokens) {
                finished.add(seq);
            }
        }
        if (finished.size === 0) {
            return;
        }
        for (let i = 0; i < this.running.length; i++) {
            const seq = this.running[i];
            if (!finished.has(seq)) {
                continue;
            }
            this.running.splice(i--, 1);
            this.free(seq);
            seq.record.finished = at;
            this.observed.queueTime.push({
                at,
                value: (seq.record.admitted ?? seq.record.arrival) - seq.record.arrival,
            });
            this.onFinish(seq.record);
        }
    }
}
