/**
 * Facts about the models the component knows by Hugging Face id: their size (which sets how long
 * a start-up may take) and their KV cache bytes per token (which the simulator needs). Any other
 * model works too; the figures that depend on it then fall back to conservative defaults.
 */

export interface ModelFacts {
    readonly parameters: number;
    /** Bytes of the weights as served (BF16: 2 bytes per parameter). */
    readonly weightBytes: number;
    /** KV cache bytes per token: 2 (K and V) x layers x KV heads x head dim x 2 bytes (BF16). */
    readonly kvBytesPerToken: number;
    readonly source: string;
}

const kv = (layers: number, kvHeads: number, headDim: number) => 2 * layers * kvHeads * headDim * 2;
const facts = (parameters: number, kvBytesPerToken: number, source: string): ModelFacts => ({
    parameters,
    weightBytes: parameters * 2,
    kvBytesPerToken,
    source,
});

/** By Hugging Face id; architecture from each model's config.json on the Hub, size from its model card. */
export const MODEL_FACTS: Readonly<Record<string, ModelFacts>> = {
    // Gemma 3 keeps a sliding window on 5 of 6 layers; counting every layer in full overstates KV use.
    "google/gemma-3-1b-it": facts(
        1.0e9,
        kv(26, 1, 256),
        "config.json: 26 layers, 1 KV head, head_dim 256; 1B parameters",
    ),
    "meta-llama/Llama-3.1-8B-Instruct": facts(
        8.03e9,
        kv(32, 8, 128),
        "config.json: 32 layers, 8 KV heads, head_dim 128; 8.03B parameters",
    ),
    "Qwen/Qwen3-0.6B": facts(
        0.6e9,
        kv(28, 8, 128),
        "config.json: 28 layers, 8 KV heads, head_dim 128; 0.6B parameters",
    ),
};
