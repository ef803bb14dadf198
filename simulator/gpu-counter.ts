/**
 * What DCGM's GPU utilisation (DCGM_FI_DEV_GPU_UTIL, NVML's utilization.gpu) reads while the
 * engine steps: the share of time one or more kernels run, whatever their size. A step is not
 * all kernel time (launch gaps, host work between kernels), and the share grows with the batch.
 *
 * Measured on one H200 decoding a Llama-3-8B shape without pause, eager mode, NVML sampled every
 * 50 ms (../shared/simulator/GPU-UTILISATION.md). vLLM's CUDA graphs close part of the launch
 * gaps, so real vLLM reads at least this much: the model is the counter's low side.
 */
const MEASURED: readonly { readonly batch: number; readonly share: number }[] = [
    { batch: 1, share: 0.74 },
    { batch: 8, share: 0.85 },
    { batch: 64, share: 0.94 },
    { batch: 256, share: 0.99 },
];

/** Share of a step's wall time the counter sees a kernel, for a step over `batch` requests. */
export function kernelShare(batch: number): number {
    const first = MEASURED[0];
    const last = MEASURED[MEASURED.length - 1];
    if (batch <= first.batch) {
        return first.share;
    }
    if (batch >= last.batch) {
        return last.share;
    }
    // Linear in log2(batch) between the measured points.
    const upper = MEASURED.findIndex((m) => m.batch >= batch);
    const lo = MEASURED[upper - 1];
    const hi = MEASURED[upper];
    const f =
        (Math.log2(batch) - Math.log2(lo.batch)) / (Math.log2(hi.batch) - Math.log2(lo.batch));
    return lo.share + f * (hi.share - lo.share);
}
