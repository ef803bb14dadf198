/**
 * Facts about the models the component knows by Hugging Face id: their size (which sets how long
 * a start-up may take) and their KV cache bytes per token (which the simulator needs). Any other
 * model works too; the figures that depend on it then fall back to conservative defaults.
 */

export interface ModelFacts {
    readonly parameters: number;
    /** num_hidden_layers, num_key_value_heads and head_dim in its config.json. */
    readonly layers: number;
    readonly kvHeads: number;
    readonly headDim: number;
    /** max_position_embeddings: vLLM's default --max-model-len. */
    readonly contextLength: number;
    /** Bytes of the weights as served (BF16: 2 bytes per parameter). */
    readonly weightBytes: number;
    /** KV cache bytes per token: 2 (K and V) x layers x KV heads x head dim x 2 bytes (BF16). */
    readonly kvBytesPerToken: number;
    readonly source: string;
}

const facts = (
    config: Pick<ModelFacts, "parameters" | "layers" | "kvHeads" | "headDim" | "contextLength">,
    source: string,
): ModelFacts => ({
    ...config,
    weightBytes: config.parameters * 2,
    kvBytesPerToken: 2 * config.layers * config.kvHeads * config.headDim * 2,
    source,
});

/** By Hugging Face id; architecture from each model's config.json on the Hub, size from its model card. */
export const MODEL_FACTS: Readonly<Record<string, ModelFacts>> = {
    // Gemma 3 keeps a sliding window on 5 of 6 layers; counting every layer in full overstates KV use.
    "google/gemma-3-1b-it": facts(
        { parameters: 1.0e9, layers: 26, kvHeads: 1, headDim: 256, contextLength: 32768 },
        "config.json: 26 layers, 1 KV head, head_dim 256, max_position_embeddings 32768; 1B parameters",
    ),
    "meta-llama/Llama-3.1-8B-Instruct": facts(
        { parameters: 8.03e9, layers: 32, kvHeads: 8, headDim: 128, contextLength: 131072 },
        "config.json: 32 layers, 8 KV heads, head_dim 128, max_position_embeddings 131072; 8.03B parameters",
    ),
    "Qwen/Qwen3-0.6B": facts(
        { parameters: 0.6e9, layers: 28, kvHeads: 8, headDim: 128, contextLength: 40960 },
        "config.json: 28 layers, 8 KV heads, head_dim 128, max_position_embeddings 40960; 0.6B parameters",
    ),
};
