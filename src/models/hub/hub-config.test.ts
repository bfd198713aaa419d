import { describe, expect, it } from 'vitest';
import { countParams, kvCacheBytes } from '../../scaling';
import { catalogModel } from '../catalog';
import { architectureFromConfig } from './hub-config';

describe('architectureFromConfig', () => {
  it("reads SmolLM2-135M's config.json (a Llama with GQA and a tied head)", () => {
    // HuggingFaceTB/SmolLM2-135M config.json, the fields that fix its shape (../catalog.ts).
    const config = architectureFromConfig(catalogModel('HuggingFaceTB/SmolLM2-135M')!.configJson);
    expect(config).toMatchObject({ family: 'llama', kvHeads: 3, tiedEmbeddings: true });
    // 49152·576 + 30 · (2·576² + 2·576·192 + 3·576·1536 + 2·576) + 576 = 134,515,008.
    expect(countParams(config!).total).toBe(134_515_008);
  });

  it("reads GPT-2's, where n_inner null means 4·n_embd and the head is tied", () => {
    const config = architectureFromConfig({
      model_type: 'gpt2',
      vocab_size: 50257,
      n_positions: 1024,
      n_layer: 12,
      n_embd: 768,
      n_head: 12,
      n_inner: null,
    });
    expect(countParams(config!).total).toBe(124_439_808);
  });

  it("reads Qwen2.5-0.5B's: Q/K/V biases, and a sliding window that is not in force", () => {
    // Qwen/Qwen2.5-0.5B config.json.
    const config = architectureFromConfig({
      model_type: 'qwen2',
      vocab_size: 151936,
      max_position_embeddings: 32768,
      num_hidden_layers: 24,
      hidden_size: 896,
      num_attention_heads: 14,
      num_key_value_heads: 2,
      intermediate_size: 4864,
      tie_word_embeddings: true,
      sliding_window: 32768,
      use_sliding_window: false,
    });
    expect(config).toMatchObject({ family: 'llama', qkvBias: true, kvHeads: 2 });
    expect(config).not.toHaveProperty('slidingWindow');
    // The published total: 494,032,768 (biases: 24 · (896 + 2·128)).
    expect(countParams(config!).total).toBe(494_032_768);
  });

  it("reads Mistral-7B-v0.1's sliding window: its KV cache at 32k is the 4096-token window", () => {
    const config = architectureFromConfig({
      model_type: 'mistral',
      vocab_size: 32000,
      max_position_embeddings: 32768,
      num_hidden_layers: 32,
      hidden_size: 4096,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      intermediate_size: 14336,
      sliding_window: 4096,
    })!;
    expect(countParams(config).total).toBe(7_241_732_096);
    const kv = (context: number) => kvCacheBytes(config, { context, batch: 1, dtype: 'f16' });
    expect(kv(32768)).toBe(kv(4096));
    expect(kv(4096)).toBe(32 * 2 * 8 * 128 * 4096 * 2); // 512 MiB
    expect(kv(1000)).toBe(32 * 2 * 8 * 128 * 1000 * 2);
  });

  it("reads Mistral-Nemo's explicit head_dim (128, not 5120 / 32)", () => {
    const config = architectureFromConfig({
      model_type: 'mistral',
      vocab_size: 131072,
      max_position_embeddings: 1024000,
      num_hidden_layers: 40,
      hidden_size: 5120,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      head_dim: 128,
      intermediate_size: 14336,
      sliding_window: null,
    })!;
    expect(config).toMatchObject({ headDim: 128 });
    expect(config).not.toHaveProperty('slidingWindow');
    // mistralai/Mistral-Nemo-Base-2407's published total.
    expect(countParams(config).total).toBe(12_247_782_400);
    expect(kvCacheBytes(config, { context: 1, batch: 1, dtype: 'f16' })).toBe(40 * 2 * 8 * 128 * 2);
  });

  it('reads no family it does not know, and no config with a field missing', () => {
    expect(architectureFromConfig({ model_type: 'bert' })).toBeNull();
    expect(architectureFromConfig({ model_type: 'gpt2', n_layer: 12 })).toBeNull();
    expect(architectureFromConfig('not an object')).toBeNull();
  });
});
