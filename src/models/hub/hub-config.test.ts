import { describe, expect, it } from 'vitest';
import { countParams } from '../../scaling';
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

  it("reads Qwen2's, whose q/k/v projections have biases", () => {
    const config = architectureFromConfig({ ...catalogModel('Qwen/Qwen2.5-0.5B')!.configJson });
    expect(config).toMatchObject({ family: 'llama', kvHeads: 2, qkvBias: true });
    expect(countParams(config!).total).toBe(494_032_768);
  });

  it('reads no family it does not know, and no config with a field missing', () => {
    expect(architectureFromConfig({ model_type: 'bert' })).toBeNull();
    expect(architectureFromConfig({ model_type: 'gpt2', n_layer: 12 })).toBeNull();
    expect(architectureFromConfig('not an object')).toBeNull();
  });
});
