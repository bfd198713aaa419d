import { describe, expect, it } from 'vitest';
import { countParams } from '../scaling';
import {
  CATALOG,
  CATALOG_FAMILIES,
  catalogConfig,
  catalogModel,
  catalogModels,
  catalogParams,
} from './catalog';

/**
 * The published total of each model: the parameter count the hub shows for its safetensors
 * (GPT-2's without the causal-mask buffers, which are no parameters), and the model cards'
 * rounded figures for Qwen2.5 (total and non-embedding).
 */
const PUBLISHED: Readonly<Record<string, number>> = {
  'openai-community/gpt2': 124_439_808,
  'openai-community/gpt2-medium': 354_823_168,
  'openai-community/gpt2-large': 774_030_080,
  'openai-community/gpt2-xl': 1_557_611_200,
  'HuggingFaceTB/SmolLM2-135M': 134_515_008,
  'HuggingFaceTB/SmolLM2-360M': 361_821_120,
  'HuggingFaceTB/SmolLM2-1.7B': 1_711_376_384,
  'Qwen/Qwen2.5-0.5B': 494_032_768,
  'Qwen/Qwen2.5-1.5B': 1_543_714_304,
  'Qwen/Qwen2.5-3B': 3_085_938_688,
  'meta-llama/Llama-3.2-1B': 1_235_814_400,
  'meta-llama/Llama-3.2-3B': 3_212_749_824,
};

describe('the catalog of real model ladders', () => {
  it('holds at least three families of three or more sizes, smallest first', () => {
    const ladders = CATALOG_FAMILIES.filter((f) => CATALOG[f].models.length >= 3);
    expect(ladders.length).toBeGreaterThanOrEqual(3);
    for (const family of CATALOG_FAMILIES) {
      const counts = CATALOG[family].models.map(catalogParams);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    }
  });

  it('computes each model’s exact parameter count from its config.json', () => {
    const computed = Object.fromEntries(catalogModels().map((m) => [m.repo, catalogParams(m)]));
    expect(computed).toEqual(PUBLISHED);
  });

  it('counts Qwen2’s q/k/v biases, and a tied head once', () => {
    const qwen = catalogConfig(catalogModel('Qwen/Qwen2.5-0.5B')!);
    expect(qwen).toMatchObject({
      family: 'llama',
      qkvBias: true,
      tiedEmbeddings: true,
      kvHeads: 2,
    });
    // 24 layers × (896 + 2·128) bias values: without them the count is 27,648 short.
    if (qwen.family !== 'llama') throw new Error('Qwen2 reads as a Llama-like config');
    const unbiased = countParams({ ...qwen, qkvBias: false }).total;
    expect(catalogParams(catalogModel('Qwen/Qwen2.5-0.5B')!) - unbiased).toBe(24 * (896 + 256));
    // Model card: 0.49B total, 0.36B non-embedding; 1.54B / 1.31B; 3.09B / 2.77B.
    const card = ['Qwen/Qwen2.5-0.5B', 'Qwen/Qwen2.5-1.5B', 'Qwen/Qwen2.5-3B'].map((repo) => {
      const count = countParams(catalogConfig(catalogModel(repo)!));
      return [+(count.total / 1e9).toFixed(2), +(count.nonEmbedding / 1e9).toFixed(2)];
    });
    expect(card).toEqual([
      [0.49, 0.36],
      [1.54, 1.31],
      [3.09, 2.77],
    ]);
    const llama = catalogConfig(catalogModel('meta-llama/Llama-3.2-1B')!);
    expect(countParams(llama).byComponent.lmHead).toBe(0);
  });

  it('stores no file sizes: those are read from the hub at run time', () => {
    for (const model of catalogModels()) {
      expect(Object.keys(model).sort()).toEqual(
        ['configJson', 'family', 'repo', 'size', ...('access' in model ? ['access'] : [])].sort(),
      );
    }
  });
});
