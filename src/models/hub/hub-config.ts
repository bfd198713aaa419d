/**
 * A hub repo's config.json as one of our architecture configs (src/scaling/config.ts): what the
 * KV cache, the memory estimate and the parameter breakdown need. Only the families whose
 * fields we know are read; anything else is null, and the caller says "architecture unknown".
 *
 * Field names are those of Hugging Face's GPT2Config, LlamaConfig, MistralConfig and
 * Qwen2Config (SmolLM2 is a Llama; Llama 3.2 sets tie_word_embeddings for 1B and 3B): an
 * explicit head_dim, Qwen2's Q/K/V biases and a sliding window where it is in force.
 */
import { z } from 'zod';
import type { ArchitectureConfig } from '../../scaling';

const positive = z.number().int().positive();

const gpt2 = z.object({
  model_type: z.literal('gpt2'),
  vocab_size: positive,
  n_positions: positive,
  n_layer: positive,
  n_embd: positive,
  n_head: positive,
  n_inner: positive.nullish(),
  tie_word_embeddings: z.boolean().optional(),
});

const llamaLike = z.object({
  model_type: z.enum(['llama', 'mistral', 'qwen2']),
  vocab_size: positive,
  max_position_embeddings: positive,
  num_hidden_layers: positive,
  hidden_size: positive,
  num_attention_heads: positive,
  num_key_value_heads: positive.optional(),
  intermediate_size: positive,
  tie_word_embeddings: z.boolean().optional(),
  head_dim: positive.nullish(),
  sliding_window: positive.nullish(),
  /** Qwen2Config: the window applies only when this is true (it is false in Qwen2.5). */
  use_sliding_window: z.boolean().optional(),
});

/** The architecture config.json describes, or null for a family we do not read. */
export function architectureFromConfig(json: unknown): ArchitectureConfig | null {
  const asGpt2 = gpt2.safeParse(json);
  if (asGpt2.success) {
    const c = asGpt2.data;
    return {
      family: 'gpt2',
      vocabSize: c.vocab_size,
      contextLength: c.n_positions,
      layers: c.n_layer,
      dModel: c.n_embd,
      heads: c.n_head,
      ffnDim: c.n_inner ?? 4 * c.n_embd, // GPT2Config: n_inner None means 4 · n_embd
      tiedEmbeddings: c.tie_word_embeddings ?? true,
    };
  }
  const asLlama = llamaLike.safeParse(json);
  if (asLlama.success) {
    const c = asLlama.data;
    const windowed = c.model_type === 'qwen2' ? c.use_sliding_window === true : true;
    return {
      family: 'llama',
      vocabSize: c.vocab_size,
      contextLength: c.max_position_embeddings,
      layers: c.num_hidden_layers,
      dModel: c.hidden_size,
      heads: c.num_attention_heads,
      kvHeads: c.num_key_value_heads ?? c.num_attention_heads,
      ffnDim: c.intermediate_size,
      tiedEmbeddings: c.tie_word_embeddings ?? false,
      ...(c.head_dim ? { headDim: c.head_dim } : {}),
      ...(c.model_type === 'qwen2' ? { qkvBias: true } : {}), // Qwen2Attention: q/k/v bias=True
      ...(c.sliding_window && windowed ? { slidingWindow: c.sliding_window } : {}),
    };
  }
  return null;
}
