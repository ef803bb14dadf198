/**
 * What one vLLM replica can do, from the accelerator and the model: the numbers a continuous
 * batching engine is bound by. Every number names its source; the efficiency factors are
 * assumptions (stated as such) and every derived parameter can be overridden (`--param`).
 *
 * Decode is memory-bound: a step reads every weight and every running sequence's KV cache once,
 * so its time is (weights + KV in use) / (bandwidth x efficiency), or the compute time of the
 * tokens it processes when that is longer. Prefill is compute-bound: 2 x parameters FLOPs per token.
 */
import { ACCELERATORS, Accelerator } from "../components/vocabulary/accelerators";
import { MODEL_FACTS } from "../components/vocabulary/models";

/**
 * The simulator's GPU ids: the package's accelerators (components/vocabulary/accelerators.ts, the
 * ones node pools offer) and GPUs the simulator can model before any node pool offers them. Adding
 * these to the package's Accelerator enum would change its schema; the simulator keeps its own.
 */
export const SIMULATOR_ONLY_GPUS = ["nvidia-h200-141gb", "nvidia-b200"] as const;
export type GpuId = Accelerator | (typeof SIMULATOR_ONLY_GPUS)[number];
export const GPU_IDS: readonly GpuId[] = [...ACCELERATORS, ...SIMULATOR_ONLY_GPUS];

export interface GpuSpec {
    /** HBM/GDDR bytes per second. */
    readonly bandwidth: number;
    /** Dense FP16/BF16 tensor FLOP/s. */
    readonly flops: number;
    readonly memoryBytes: number;
    readonly source: string;
}

const GB = 1e9;
const GiB = 2 ** 30;
const TFLOPS = 1e12;

/** NVIDIA's datasheets (dense tensor throughput, i.e. without structured sparsity). */
export const GPUS: Record<GpuId, GpuSpec> = {
    "nvidia-t4": {
        bandwidth: 320 * GB,
        flops: 65 * TFLOPS,
        memoryBytes: 16 * GiB,
        source: "NVIDIA T4 datasheet: 320 GB/s, 65 TFLOPS FP16",
    },
    "nvidia-l4": {
        bandwidth: 300 * GB,
        flops: 121 * TFLOPS,
        memoryBytes: 24 * GiB,
        source: "NVIDIA L4 datasheet: 300 GB/s, 242 TFLOPS FP16 with sparsity (121 dense)",
    },
    "nvidia-a10g": {
        bandwidth: 600 * GB,
        flops: 125 * TFLOPS,
        memoryBytes: 24 * GiB,
        source: "NVIDIA A10 datasheet: 600 GB/s, 125 TFLOPS FP16 (AWS's A10G variant is clocked lower: an upper bound)",
    },
    "nvidia-a100-40gb": {
        bandwidth: 1555 * GB,
        flops: 312 * TFLOPS,
        memoryBytes: 40 * GiB,
        source: "NVIDIA A100 datasheet: 1,555 GB/s (40GB), 312 TFLOPS BF16",
    },
    "nvidia-a100-80gb": {
        bandwidth: 2039 * GB,
        flops: 312 * TFLOPS,
        memoryBytes: 80 * GiB,
        source: "NVIDIA A100 datasheet: 2,039 GB/s (80GB SXM), 312 TFLOPS BF16",
    },
    "nvidia-h100-80gb": {
        bandwidth: 3350 * GB,
        flops: 989 * TFLOPS,
        memoryBytes: 80 * GiB,
        source: "NVIDIA H100 datasheet: 3.35 TB/s (SXM), 989 TFLOPS BF16 dense",
    },
    // https://www.nvidia.com/en-us/data-center/h200/ (H200 SXM): "GPU Memory 141GB", "GPU Memory
    // Bandwidth 4.8TB/s", "BFLOAT16 Tensor Core 1,979 TFLOPS" (with sparsity: 989 dense, the
    // H100's Hopper die). Confirmed through copies of the table (aiwiki.ai/wiki/nvidia_h200,
    // ai-hpc.github.io 8x-H200 page: "BF16 Tensor Core TFLOPS ~1,979 TFLOPS per GPU").
    "nvidia-h200-141gb": {
        bandwidth: 4800 * GB,
        flops: 989 * TFLOPS,
        memoryBytes: 141 * GB,
        source: "NVIDIA H200 datasheet (SXM): 141 GB HBM3e, 4.8 TB/s, 1,979 TFLOPS BF16 with sparsity (989 dense)",
    },
    // https://www.nvidia.com/en-us/data-center/dgx-b200/: "GPU Memory 1,440GB total, 64TB/s HBM3e
    // bandwidth" for 8 GPUs (180 GB and 8 TB/s each); https://www.nvidia.com/en-us/data-center/hgx/
    // (HGX B200, 8 GPUs): "FP16/BF16 Tensor Core 36 PFLOPS" with sparsity, i.e. 2.25 PFLOPS dense per
    // GPU. Confirmed through copies (glennklockwood.com/garden/processors/B200: HGX B200 at 1,000 W,
    // BF16 2,250 dense / 4,500 sparse TFLOPS; brent-newsom-nvidia.github.io DGX B200 page).
    "nvidia-b200": {
        bandwidth: 8000 * GB,
        flops: 2250 * TFLOPS,
        memoryBytes: 180 * GB,
        source: "NVIDIA DGX B200 datasheet: 1,440 GB and 64 TB/s for 8 GPUs; HGX B200: 2,250 TFLOPS BF16 dense per GPU",
    },
};

/** The constants of the engine model on one kind of GPU (see CALIBRATED for the fitted ones). */
export interface EngineConstants {
    /** Share of peak bandwidth a decode step achieves. */
    readonly bandwidth: number;
    /** Share of peak FLOP/s a step's matrix multiplications achieve (model FLOPs utilisation). */
    readonly compute: number;
    /** Fixed cost of one engine step (scheduling, sampling, kernel launches), seconds. */
    readonly stepOverheadSeconds: number;
    /** Activation and CUDA-graph memory vLLM keeps out of the KV cache, bytes per GPU. */
    readonly activationReserveBytes: number;
    /**
     * Tensor parallelism: the latency of one all-reduce between two GPUs, seconds. A Llama layer
     * all-reduces twice per step (after attention and after the MLP); on n GPUs a ring all-reduce
     * takes n - 1 times as long (its 2(n - 1) hops, latency-bound at decode's message sizes).
     */
    readonly tpAllReduceSeconds: number;
}

/**
 * Assumptions, not measurements, for GPUs without published operating points to fit them to:
 * override them with `--param` when you have your own figures.
 */
export const EFFICIENCY = {
    bandwidth: 0.7,
    compute: 0.5,
    stepOverheadSeconds: 0.004,
    /** GPU memory vLLM takes (its --gpu-memory-utilization default, vllm/config/cache.py). */
    gpuMemoryUtilization: 0.9,
    activationReserveBytes: 1 * GiB,
    tpAllReduceSeconds: 25e-6,
};

/**
 * Constants fitted once to the published operating points of /work/shared/simulator/CALIBRATION.md
 * (kept in tests/simulator/calibration.test.ts with their tolerance); no per-row adjustment.
 *
 * - H100 (rows 1-9): bandwidth 0.70 and a 1 ms step from the light-load time per output token
 *   (row 1: 8.0 ms; 16 GB of weights at 0.70 x 3.35 TB/s is 6.9 ms, plus the step and the KV of a
 *   few running requests; vLLM v0.6.0 ran 10 scheduler steps per CPU round trip, hence the small
 *   fixed cost); compute 0.47 from the two saturated throughputs (rows 4 and 7, 31 and 59 req/s)
 *   and row 9's prompt (1024 tokens of Llama2-70B on two GPUs in 158 ms), which all three agree
 *   on; all-reduce 40 us from row 9's time per output token (37.4 ms: 29.4 ms of weights at 0.70,
 *   the step, and 2 x 80 all-reduces).
 * - A100 80GB (row 10): bandwidth 0.74 from its time per output token (54.8 ms) and compute 0.62
 *   from its prompt time (377 ms); the step cost and the all-reduce are the H100's (one row
 *   cannot separate them from the bandwidth).
 * The memory reserve is not constrained by these rows (none reports a KV cache size): it stays
 * the assumed default.
 */
export const CALIBRATED: Partial<Record<GpuId, Partial<EngineConstants>>> = {
    "nvidia-h100-80gb": {
        bandwidth: 0.7,
        compute: 0.47,
        stepOverheadSeconds: 0.001,
        tpAllReduceSeconds: 40e-6,
    },
    "nvidia-a100-80gb": {
        bandwidth: 0.74,
        compute: 0.62,
        stepOverheadSeconds: 0.001,
        tpAllReduceSeconds: 40e-6,
    },
};

/** The engine constants on `gpu`: fitted where CALIBRATED has them, EFFICIENCY's assumptions elsewhere. */
export function engineConstants(gpu: GpuId): EngineConstants {
    return { ...EFFICIENCY, ...CALIBRATED[gpu] };
}

/**
 * A model as the engine model needs it, from its config.json (num_hidden_layers,
 * num_key_value_heads, head_dim or hidden_size / num_attention_heads) and its parameter count.
 */
export interface ModelConfig {
    readonly parameters: number;
    readonly layers: number;
    readonly kvHeads: number;
    readonly headDim: number;
    /** Bytes per weight as served (2 for BF16/FP16, 1 for FP8). KV cache is BF16 (2 bytes). */
    readonly bytesPerParameter: number;
    /** max_position_embeddings: vLLM's default --max-model-len. Absent: only the KV cache bounds it. */
    readonly contextLength?: number;
    readonly source: string;
}

/**
 * Models by Hugging Face id: the package's (components/vocabulary/models.ts), and the Llama 3 8B
 * and Llama2-70B of CALIBRATION.md's rows, from copies of their config.json on the Hub.
 */
export const MODELS: Readonly<Record<string, ModelConfig>> = {
    // The package's models: their figures are components/vocabulary/models.ts's.
    ...Object.fromEntries(
        Object.entries(MODEL_FACTS).map(([id, f]) => [
            id,
            {
                parameters: f.parameters,
                layers: f.layers,
                kvHeads: f.kvHeads,
                headDim: f.headDim,
                bytesPerParameter: 2,
                contextLength: f.contextLength,
                source: f.source,
            },
        ]),
    ),
    "meta-llama/Meta-Llama-3-8B-Instruct": {
        parameters: 8.03e9,
        layers: 32,
        kvHeads: 8,
        headDim: 128,
        bytesPerParameter: 2,
        contextLength: 8192,
        source: 'config.json: "num_hidden_layers": 32, "num_key_value_heads": 8, "head_dim": 128 (4096 / 32 heads), "max_position_embeddings": 8192; 8.03B parameters',
    },
    "meta-llama/Llama-2-70b-hf": {
        parameters: 68.98e9,
        layers: 80,
        kvHeads: 8,
        headDim: 128,
        bytesPerParameter: 2,
        contextLength: 4096,
        source: 'config.json: "num_hidden_layers": 80, "num_key_value_heads": 8, hidden_size 8192 / 64 heads = head dim 128, "max_position_embeddings": 4096; 68.98B parameters (Splitwise)',
    },
};

/** KV cache bytes per token: K and V, every layer, every KV head, BF16. */
export function kvBytesPerToken(m: ModelConfig): number {
    return 2 * m.layers * m.kvHeads * m.headDim * 2;
}

/** The engine parameters of one replica, as the simulator uses them. */
export interface ReplicaParams {
    /** vLLM --max-num-seqs: running sequences at most. */
    maxNumSeqs: number;
    /** vLLM --max-num-batched-tokens: tokens one step processes at most (prefill chunks included). */
    maxBatchedTokens: number;
    /** KV cache capacity, tokens. */
    kvCacheTokens: number;
    /** Bytes a decode step reads besides the KV cache (the weights). */
    weightBytes: number;
    kvBytesPerToken: number;
    /** Effective bandwidth (bytes/s) and compute (FLOP/s) of the replica. */
    bandwidth: number;
    flops: number;
    /** FLOPs per token processed (2 x parameters). */
    flopsPerToken: number;
    stepOverheadSeconds: number;
    /** Tensor parallelism's all-reduces of one step, seconds (0 on one GPU). */
    commSecondsPerStep?: number;
    /**
     * vLLM --max-model-len: longest request (prompt + max_tokens) the server accepts; longer ones
     * are refused with a 400. Absent: only the KV cache bounds it (replica.ts).
     */
    maxModelLen?: number;
    /** vLLM --block-size: tokens per KV cache block (16 when absent, vLLM's default on CUDA). */
    blockSize?: number;
}

export const PARAM_NAMES = [
    "maxNumSeqs",
    "maxBatchedTokens",
    "kvCacheTokens",
    "weightBytes",
    "kvBytesPerToken",
    "bandwidth",
    "flops",
    "flopsPerToken",
    "stepOverheadSeconds",
    "commSecondsPerStep",
    "maxModelLen",
    "blockSize",
] as const satisfies readonly (keyof ReplicaParams)[];

/** A vLLM flag's value in the server's extra arguments (`--flag value` or `--flag=value`). */
function flagValue(extraArgs: readonly string[], flag: string): number | undefined {
    for (let i = 0; i < extraArgs.length; i++) {
        if (extraArgs[i] === flag && i + 1 < extraArgs.length) {
            return Number(extraArgs[i + 1]);
        }
        if (extraArgs[i].startsWith(`${flag}=`)) {
            return Number(extraArgs[i].slice(flag.length + 1));
        }
    }
    return undefined;
}

/**
 * The replica's parameters. vLLM's defaults for the OpenAI server: 256 sequences and 2048 batched
 * tokens, or 1024 and 8192 on GPUs of 70 GiB and more that are not A100s
 * (vllm/engine/arg_utils.py, get_batch_defaults).
 */
export function replicaParams(
    accelerator: GpuId,
    model: string | ModelConfig,
    gpusPerPod: number,
    extraArgs: readonly string[] = [],
): ReplicaParams {
    const gpu = GPUS[accelerator];
    const spec = typeof model === "string" ? MODELS[model] : model;
    const name = typeof model === "string" ? model : "the model";
    if (!gpu) {
        throw new Error(`no figures for GPU "${accelerator}"; known: ${GPU_IDS.join(", ")}`);
    }
    if (!spec) {
        throw new Error(
            `no figures for model "${model as string}"; known: ${Object.keys(MODELS).join(", ")}`,
        );
    }
    const k = engineConstants(accelerator);
    const big = gpu.memoryBytes >= 70 * GiB && !accelerator.startsWith("nvidia-a100");
    const weightBytes = spec.parameters * spec.bytesPerParameter;
    const kvPerToken = kvBytesPerToken(spec);
    const maxModelLen = flagValue(extraArgs, "--max-model-len") ?? spec.contextLength;
    const usable =
        (gpu.memoryBytes * EFFICIENCY.gpuMemoryUtilization - k.activationReserveBytes) *
            gpusPerPod -
        weightBytes;
    if (usable <= 0) {
        throw new Error(
            `${name} (${(weightBytes / GB).toFixed(1)} GB of weights) does not fit ${gpusPerPod} x ${accelerator}`,
        );
    }
    return {
        maxNumSeqs: flagValue(extraArgs, "--max-num-seqs") ?? (big ? 1024 : 256),
        maxBatchedTokens: flagValue(extraArgs, "--max-num-batched-tokens") ?? (big ? 8192 : 2048),
        kvCacheTokens: Math.floor(usable / kvPerToken),
        weightBytes,
        kvBytesPerToken: kvPerToken,
        bandwidth: gpu.bandwidth * gpusPerPod * k.bandwidth,
        flops: gpu.flops * gpusPerPod * k.compute,
        flopsPerToken: 2 * spec.parameters,
        stepOverheadSeconds: k.stepOverheadSeconds,
        commSecondsPerStep:
            gpusPerPod > 1 ? 2 * spec.layers * (gpusPerPod - 1) * k.tpAllReduceSeconds : 0,
        ...(maxModelLen === undefined ? {} : { maxModelLen }),
        blockSize: flagValue(extraArgs, "--block-size") ?? 16,
    };
}

/** Applies `name=value` overrides, refusing unknown names. */
export function overrideParams(params: ReplicaParams, overrides: readonly string[]): ReplicaParams {
    const out = { ...params };
    for (const o of overrides) {
        const [name, value] = o.split("=");
        if (
            !(PARAM_NAMES as readonly string[]).includes(name) ||
            !Number.isFinite(Number(value)) ||
            Number(value) <= 0
        ) {
            throw new Error(
                `--param ${o}: expected name=positive number, name one of ${PARAM_NAMES.join(", ")}`,
            );
        }
        out[name as keyof ReplicaParams] = Number(value);
    }
    return out;
}
