import { describe, expect, it } from 'vitest';
import { bertConfig, gpt2Config, llamaConfig, llamaFfnDim, moeConfig } from './config';
import { countParams } from './params';

describe('countParams', () => {
  it('writes the GPT-2 block as 12d² + 13d and the rest as tables + ln_f', () => {
    const d = 768;
    const count = countParams(gpt2Config({ layers: 12, dModel: d, heads: 12 }));
    // 4d² attention + 8d² MLP weights; biases 3d + d + 4d + d; two LayerNorms 4d.
    expect(count.perLayer).toBe(12 * d * d + 13 * d);
    expect(count.embedding).toBe(50257 * d + 1024 * d);
    expect(count.byComponent.finalNorm).toBe(2 * d);
    expect(count.byComponent.lmHead).toBe(0); // tied
    expect(count.total).toBe(124_439_808);
  });

  it('has components that add up to the total for every family', () => {
    const configs = [
      gpt2Config({ layers: 3, dModel: 96, heads: 3, tiedEmbeddings: false }),
      bertConfig({ layers: 2, dModel: 64, heads: 4 }),
      llamaConfig({ layers: 2, dModel: 128, heads: 8, kvHeads: 2 }),
      moeConfig({ layers: 2, dModel: 128, heads: 8, kvHeads: 4, experts: 4, expertsPerToken: 1 }),
    ];
    for (const config of configs) {
      const count = countParams(config);
      const sum = Object.values(count.byComponent).reduce((a, b) => a + b, 0);
      expect(sum).toBe(count.total);
      expect(count.embedding + count.nonEmbedding).toBe(count.total);
      expect(Number.isInteger(count.total)).toBe(true);
    }
  });

  it('counts an untied LM head as non-embedding (the file-level convention)', () => {
    const tied = countParams(
      llamaConfig({ layers: 2, dModel: 64, heads: 4, tiedEmbeddings: true }),
    );
    const untied = countParams(llamaConfig({ layers: 2, dModel: 64, heads: 4 }));
    expect(untied.total - tied.total).toBe(32000 * 64);
    expect(untied.embedding).toBe(tied.embedding);
    expect(untied.byComponent.lmHead).toBe(32000 * 64);
    expect(untied.nonEmbedding - tied.nonEmbedding).toBe(32000 * 64);
  });

  it('has no position table with rotary positions', () => {
    const count = countParams(llamaConfig({ layers: 1, dModel: 64, heads: 4 }));
    expect(count.byComponent.positionEmbedding).toBe(0);
    expect(count.embedding).toBe(32000 * 64);
  });

  it('shrinks K and V with grouped-query attention', () => {
    const d = 4096;
    const mha = countParams(llamaConfig({ layers: 1, dModel: d, heads: 32 }));
    const gqa = countParams(llamaConfig({ layers: 1, dModel: d, heads: 32, kvHeads: 8 }));
    expect(mha.byComponent.attention).toBe(4 * d * d);
    // q_proj and o_proj d×d; k_proj and v_proj d × (8 · 128).
    expect(gqa.byComponent.attention).toBe(2 * d * d + 2 * d * 8 * 128);
  });

  it('counts BERT token types, embedding LayerNorm and pooler', () => {
    const d = 768;
    const withAll = countParams(bertConfig({ layers: 12, dModel: d, heads: 12 }));
    expect(withAll.byComponent.tokenTypeEmbedding).toBe(2 * d);
    expect(withAll.byComponent.embeddingNorm).toBe(2 * d);
    expect(withAll.byComponent.pooler).toBe(d * d + d);
    const bare = countParams(
      bertConfig({ layers: 12, dModel: d, heads: 12, tokenTypes: 0, pooler: false }),
    );
    expect(withAll.total - bare.total).toBe(2 * d + d * d + d);
  });

  it('makes active differ from total only for mixture-of-experts', () => {
    const dense = countParams(llamaConfig({ layers: 2, dModel: 64, heads: 4 }));
    expect(dense.active).toBe(dense.total);
    const d = 64;
    const ffn = 128;
    const moe = countParams(
      moeConfig({ layers: 2, dModel: d, heads: 4, ffnDim: ffn, experts: 8, expertsPerToken: 2 }),
    );
    expect(moe.total - moe.active).toBe(2 * 6 * 3 * d * ffn); // 6 idle experts × 2 layers
    expect(moe.byComponent.router).toBe(2 * d * 8);
  });

  it('derives LLaMA MLP widths from 2/3 · 4d rounded up to 256', () => {
    expect(llamaFfnDim(4096)).toBe(11008);
    expect(llamaFfnDim(5120)).toBe(13824);
  });
});
