/**
 * What one vLLM replica can do, from the accelerator and the model: the numbers a continuous
 * batching engine is bound by. Every number names its source; the efficiency factors are
 * assumptions (stated as such) and every derived parameter can be overridden (`--param`).
 *
 * Decode is memory-bound: a step reads every weight and every running sequence's KV cache once,
 * so its time is (weights + KV in use) / (bandwidth x efficiency), or the compute time of the
 * tokens it processes when that is longer. Prefill is compute-bound: 2 x parameters FLOPs per token.
 */
import type { Accelerator } from "../components/vocabulary/accelerators";
import { MODEL_FACTS } from "../components/vocabulary/models";

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
export const GPUS: Record<Accelerator, GpuSpec> = {
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
};

/** Assumptions, not measurements: override them with `--param` when you have your own figures. */
export const EFFICIENCY = {
    /** Share of peak bandwidth a decode step achieves. */
    bandwidth: 0.7,
    /** Share of peak FLOP/s prefill achieves (model FLOPs utilisation). */
    compute: 0.5,
    /** Fixed cost of one engine step (scheduling, sampling, kernel launches), seconds. */
    stepOverheadSeconds: 0.004,
    /** GPU memory vLLM takes (its --gpu-memory-utilization default, vllm/config/cache.py). */
    gpuMemoryUtilization: 0.9,
    /** Activation and CUDA-graph memory vLLM keeps out of the KV cache, bytes (assumed). */
    activationReserveBytes: 1 * GiB,
};

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
    "maxModelLen",
    "blockSize",
] as const satisfies readonly (keyof ReplicaParams)[];

/**
 * vLLM's default --max-model-len is the model's context length (max_position_embeddings in its
 * config.json on the Hub): gemma-3-1b-it 32768 and Qwen3-0.6B 40960 (as copies of their configs
 * list them), Llama 3.1 131072 (Meta's 128K context).
 */
const CONTEXT_LENGTH: Readonly<Record<string, number>> = {
    "google/gemma-3-1b-it": 32768,
    "meta-llama/Llama-3.1-8B-Instruct": 131072,
    "Qwen/Qwen3-0.6B": 40960,
};

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
    accelerator: Accelerator,
    model: string,
    gpusPerPod: number,
    extraArgs: readonly string[] = [],
): ReplicaParams {
    const gpu = GPUS[accelerator];
    const spec = MODEL_FACTS[model];
    if (!spec) {
        throw new Error(
            `no figures for model "${model}"; known: ${Object.keys(MODEL_FACTS).join(", ")}`,
        );
    }
    const big = gpu.memoryBytes >= 70 * GiB && !accelerator.startsWith("nvidia-a100");
    const weightBytes = spec.weightBytes;
    const maxModelLen = flagValue(extraArgs, "--max-model-len") ?? CONTEXT_LENGTH[model];
    const usable =
        gpu.memoryBytes * gpusPerPod * EFFICIENCY.gpuMemoryUtilization -
        weightBytes -
        EFFICIENCY.activationReserveBytes;
    if (usable <= 0) {
        throw new Error(
            `${model} (${(weightBytes / GB).toFixed(1)} GB of weights) does not fit ${gpusPerPod} x ${accelerator}`,
        );
    }
    return {
        maxNumSeqs: flagValue(extraArgs, "--max-num-seqs") ?? (big ? 1024 : 256),
        maxBatchedTokens: flagValue(extraArgs, "--max-num-batched-tokens") ?? (big ? 8192 : 2048),
        kvCacheTokens: Math.floor(usable / spec.kvBytesPerToken),
        weightBytes,
        kvBytesPerToken: spec.kvBytesPerToken,
        bandwidth: gpu.bandwidth * gpusPerPod * EFFICIENCY.bandwidth,
        flops: gpu.flops * gpusPerPod * EFFICIENCY.compute,
        flopsPerToken: 2 * spec.parameters,
        stepOverheadSeconds: EFFICIENCY.stepOverheadSeconds,
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
