/**
 * How long capacity takes to arrive and to leave, per step, with where each default comes from.
 * Override any of them with `--param name=seconds`.
 */
export interface CapacityDelays {
    /** Node autoscaler's loop: it notices a pending pod at its next scan. */
    nodeAutoscalerScanSeconds: number;
    /** From the node autoscaler's request to a GPU node that can run pods (VM, join, driver, device plugin). */
    nodeProvisionSeconds: number;
    /** Pulling the vLLM image onto a node that does not have it. */
    imagePullSeconds: number;
    /** Starting vLLM and loading the weights when they must be downloaded. */
    modelLoadSeconds: number;
    /** The same with the weights in a node-local or shared cache. */
    cachedModelLoadSeconds: number;
    /** An empty node is removed after this long. */
    scaleDownUnneededSeconds: number;
    /** The HPA controller's sync period. */
    hpaSyncSeconds: number;
}

export const DEFAULT_DELAYS: CapacityDelays = {
    // cluster-autoscaler FAQ, "--scan-interval" default 10s.
    nodeAutoscalerScanSeconds: 10,
    // cluster-autoscaler FAQ ("What are the Service Level Objectives"): on GCE node provisioning
    // "usually is 3-4 minutes from CA request to when pods can be scheduled"; taken for every cloud.
    nodeProvisionSeconds: 210,
    // BentoML, cold start of a Llama-3.1-8B vLLM pod: about 10 minutes, 5-6 of them the image pull.
    imagePullSeconds: 330,
    // llm-d: 110 s pod start-up with the image present and no model cache, 52 s with a node-local cache (H100).
    modelLoadSeconds: 110,
    cachedModelLoadSeconds: 52,
    // cluster-autoscaler FAQ, "--scale-down-unneeded-time" default 10 minutes (GKE's and AKS's default profiles too).
    scaleDownUnneededSeconds: 600,
    // kube-controller-manager --horizontal-pod-autoscaler-sync-period, default 15s.
    hpaSyncSeconds: 15,
};

/** "15s", "1m30s", "500ms", "2h" in seconds. */
export function durationSeconds(text: string): number {
    const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
    let total = 0;
    const rest = text.replace(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g, (_, n: string, u: string) => {
        total += Number(n) * units[u];
        return "";
    });
    if (rest !== "" || text === "") {
        throw new Error(`"${text}" is not a duration such as "15s" or "1m"`);
    }
    return total;
}
