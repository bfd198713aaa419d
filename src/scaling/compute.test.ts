import { describe, expect, it } from 'vitest';
import {
  forwardFlopsPerToken,
  matmulParamsPerToken,
  modelFlopsUtilization,
  trainingFlops,
  trainingFlopsPerToken,
} from './compute';
import { bertConfig, gpt2Config, moeConfig } from './config';

const GPT2_124M = gpt2Config({ layers: 12, dModel: 768, heads: 12 });
// 124,439,808 − token table 38,597,376 − position table 786,432.
const GPT2_NON_EMBEDDING = 85_056_000;

describe('FLOPs per token', () => {
  it('uses non-embedding parameters without the head, as Kaplan Table 1', () => {
    expect(matmulParamsPerToken(GPT2_124M)).toBe(GPT2_NON_EMBEDDING);
    expect(matmulParamsPerToken(GPT2_124M, { includeLmHead: true })).toBe(
      GPT2_NON_EMBEDDING + 768 * 50257,
    );
  });

  it('is 2N + 2·n_layer·n_ctx·d_attn forward (Kaplan et al. 2020 Table 1)', () => {
    // 2 · 85,056,000 + 2 · 12 · 1024 · 768 = 170,112,000 + 18,874,368.
    expect(forwardFlopsPerToken(GPT2_124M, 1024)).toBe(188_986_368);
    expect(forwardFlopsPerToken(GPT2_124M, 1024, { includeLmHead: true })).toBe(
      188_986_368 + 2 * 768 * 50257,
    );
  });

  it('is 6N + 12·L·H·Q·T for training (PaLM Appendix B, nanoGPT estimate_mfu)', () => {
    // N with the tied head = 85,056,000 + 38,597,376 = 123,653,376 (nanoGPT's non-embedding
    // count, which subtracts only wpe); 12 · 12 · 12 · 64 · 1024 = 113,246,208.
    expect(trainingFlopsPerToken(GPT2_124M, 1024)).toBe(6 * 123_653_376 + 113_246_208);
  });

  it('counts only the routed experts for mixture-of-experts', () => {
    const moe = moeConfig({ layers: 1, dModel: 64, heads: 4, ffnDim: 128, experts: 8 });
    const twoExperts = 2 * 3 * 64 * 128;
    const attention = 4 * 64 * 64;
    const norms = 64 + 64 + 64; // two block RMSNorms + final norm
    const router = 64 * 8;
    expect(matmulParamsPerToken(moe)).toBe(twoExperts + attention + norms + router);
  });

  it('adds no LM head for a BERT encoder', () => {
    const bert = bertConfig({ layers: 1, dModel: 64, heads: 4 });
    expect(matmulParamsPerToken(bert, { includeLmHead: true })).toBe(matmulParamsPerToken(bert));
  });
});

describe('trainingFlops', () => {
  it('is 6ND', () => {
    // GPT-3: 6 · 175e9 · 300e9 = 3.15e23 (Brown et al. 2020 Table D.1 lists 3.14e23).
    expect(trainingFlops(175e9, 300e9)).toBeCloseTo(3.15e23, -20);
    // Chinchilla: 6 · 70e9 · 1.4e12 = 5.88e23.
    expect(trainingFlops(70e9, 1.4e12)).toBeCloseTo(5.88e23, -20);
  });
});

describe('modelFlopsUtilization', () => {
  it('divides achieved model FLOP/s by peak', () => {
    expect(
      modelFlopsUtilization({ flopsPerToken: 1e9, tokensPerSecond: 1e5, peakFlopsPerSecond: 4e14 }),
    ).toBe(0.25);
  });
});
