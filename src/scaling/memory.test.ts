import { describe, expect, it } from 'vitest';
import { gpt2Config, llamaConfig } from './config';
import {
  BYTES_PER_GB,
  BYTES_PER_GIB,
  bandwidthFloorMs,
  gpusToHold,
  inferenceActivationBytes,
  inferenceMemory,
  kvCacheBytes,
  weightBytes,
} from './memory';

const LLAMA_2_7B = llamaConfig({ layers: 32, dModel: 4096, heads: 32, ffnDim: 11008 });
const LLAMA_2_70B = llamaConfig({
  layers: 80,
  dModel: 8192,
  heads: 64,
  kvHeads: 8,
  ffnDim: 28672,
});

describe('weightBytes', () => {
  // The explainer's "Memory Requirements" table: 1B, 7B, 70B, 175B at fp32 / fp16 / int8.
  it.each([
    [1e9, 4, 2, 1],
    [7e9, 28, 14, 7],
    [70e9, 280, 140, 70],
    [175e9, 700, 350, 175],
  ])('%d parameters: %d / %d / %d GB', (params, fp32, fp16, int8) => {
    expect(weightBytes(params, 'f32') / BYTES_PER_GB).toBe(fp32);
    expect(weightBytes(params, 'f16') / BYTES_PER_GB).toBe(fp16);
    expect(weightBytes(params, 'bf16') / BYTES_PER_GB).toBe(fp16);
    expect(weightBytes(params, 'q8') / BYTES_PER_GB).toBe(int8);
  });

  it('adds one fp16 scale per 128 weights to int4 by default', () => {
    // 7e9 · 0.5 = 3.5 GB packed, + 7e9 / 128 groups · 2 B = 0.109375 GB of scales.
    expect(weightBytes(7e9, 'q4')).toBe(3.5e9 + 109_375_000);
    expect(weightBytes(7e9, 'q4', { zeroPoint: true })).toBe(3.5e9 + 2 * 109_375_000);
    expect(weightBytes(7e9, 'q4', { groupSize: 64 })).toBe(3.5e9 + 218_750_000);
  });

  it('adds int8 scales only when a group size is given', () => {
    expect(weightBytes(1024, 'q8')).toBe(1024);
    expect(weightBytes(1024, 'q8', { groupSize: 128 })).toBe(1024 + 8 * 2);
  });

  it('rounds packed int4 storage up to whole bytes', () => {
    expect(weightBytes(3, 'q4', { groupSize: 128 })).toBe(2 + 2);
  });
});

describe('kvCacheBytes', () => {
  it('is exactly 2 GiB for Llama-2-7B at 4096 tokens in fp16', () => {
    // 32 layers · 2 (K, V) · 32 heads · 128 · 4096 tokens · 1 · 2 bytes = 2³¹.
    const bytes = kvCacheBytes(LLAMA_2_7B, { context: 4096, batch: 1, dtype: 'f16' });
    expect(bytes).toBe(2_147_483_648);
    expect(bytes / BYTES_PER_GIB).toBe(2);
  });

  it('shrinks by heads / kvHeads with grouped-query attention', () => {
    // Llama-2-70B: 80 · 2 · 8 · 128 · 4096 · 2 = 1.25 GiB, not 10 GiB.
    const bytes = kvCacheBytes(LLAMA_2_70B, { context: 4096, batch: 1, dtype: 'f16' });
    expect(bytes).toBe(80 * 2 * 8 * 128 * 4096 * 2);
    expect(bytes / BYTES_PER_GIB).toBe(1.25);
  });

  it('scales with batch and bytes per element', () => {
    const one = kvCacheBytes(LLAMA_2_7B, { context: 1024, batch: 1, dtype: 'f16' });
    expect(kvCacheBytes(LLAMA_2_7B, { context: 1024, batch: 8, dtype: 'f32' })).toBe(16 * one);
  });
});

describe('inference memory', () => {
  const gpt2 = gpt2Config({ layers: 12, dModel: 768, heads: 12 });

  it('estimates activations from the residual stream plus the larger of attention and MLP', () => {
    const s = 1024;
    // residual 2·s·d; attention: Q,K,V 3·s·d + scores 12·s²; MLP s·4d; logits V.
    const attention = 3 * s * 768 + 12 * s * s;
    const expected = (2 * s * 768 + Math.max(attention, s * 3072) + 50257) * 2;
    expect(inferenceActivationBytes(gpt2, { context: s, batch: 1, dtype: 'f16' })).toBe(expected);
    const fused = inferenceActivationBytes(gpt2, {
      context: s,
      batch: 1,
      dtype: 'f16',
      fusedAttention: true,
    });
    expect(fused).toBe((2 * s * 768 + s * 3072 + 50257) * 2);
  });

  it('adds weights, KV cache and activations', () => {
    const m = inferenceMemory(LLAMA_2_7B, { dtype: 'f16', context: 4096, batch: 1 });
    expect(m.weightsBytes).toBe(2 * 6_738_415_616);
    expect(m.kvCacheBytes).toBe(2 ** 31);
    expect(m.totalBytes).toBe(m.weightsBytes + m.kvCacheBytes + m.activationBytes);
  });

  it('counts GPUs needed to hold bytes', () => {
    expect(gpusToHold(140e9, 80)).toBe(2);
    expect(gpusToHold(1, 80)).toBe(1);
    expect(() => gpusToHold(1, 0)).toThrow(RangeError);
  });
});

describe('bandwidthFloorMs', () => {
  it('is the time to read every weight once', () => {
    expect(bandwidthFloorMs(1e9, 1)).toBe(1000);
    // GPT-2 124M in f32 (497,759,232 bytes) at an H100 SXM's 3.35 TB/s: 0.149 ms a token.
    expect(bandwidthFloorMs(4 * 124_439_808, 3350)).toBeCloseTo(0.14858, 5);
  });
});
