import { describe, expect, it } from 'vitest';
import { gpt2Config } from './config';
import { gpt2HeldBytes, ONNX_DECODER_HOLDING, WGSL_HOLDING } from './held';
import { weightBytes } from './memory';
import { countParams } from './params';

// GPT-2 124M: C = 768, F = 3072, 12 layers, V = 50257, T = 1024; 124,439,808 parameters.
const GPT2_124M = gpt2Config({ layers: 12, dModel: 768, heads: 12 });
// Per layer the projections hold 7,077,888 weights (768·2304 + 768·768 + 2·768·3072); the
// embeddings (50257 + 1024)·768 = 39,383,808; the vectors are the other 121,344.
const PROJECTIONS = 12 * 7_077_888;
const EMBEDDINGS = 39_383_808;
const VECTORS = 121_344;
const WIDE_F32 = 4 * (EMBEDDINGS + VECTORS); // 158,020,608 bytes

describe('gpt2HeldBytes', () => {
  it('splits GPT-2 124M as its state dict does', () => {
    expect(PROJECTIONS + EMBEDDINGS + VECTORS).toBe(countParams(GPT2_124M).total);
  });

  it('holds f32 as four bytes a parameter under every convention', () => {
    for (const convention of [WGSL_HOLDING, ONNX_DECODER_HOLDING]) {
      expect(gpt2HeldBytes(GPT2_124M, 'f32', convention)).toBe(4 * 124_439_808);
    }
  });

  it('f16: our engine keeps the vectors f32, the ONNX decoder makes them f16 too', () => {
    const matrices = 2 * (PROJECTIONS + EMBEDDINGS);
    expect(gpt2HeldBytes(GPT2_124M, 'f16', WGSL_HOLDING)).toBe(matrices + 4 * VECTORS);
    expect(gpt2HeldBytes(GPT2_124M, 'f16', ONNX_DECODER_HOLDING)).toBe(2 * 124_439_808);
  });

  it('q4, worked by hand: blocks of 128 along K, a 64-byte block of nibbles and its scale', () => {
    // c_attn: 2304 columns × 6 blocks; attn.c_proj 768 × 6; c_fc 3072 × 6; mlp.c_proj 768 × 24.
    const blocksPerLayer = 2304 * 6 + 768 * 6 + 3072 * 6 + 768 * 24; // 55,296
    expect(gpt2HeldBytes(GPT2_124M, 'q4', WGSL_HOLDING)).toBe(
      12 * blocksPerLayer * (64 + 2) + WIDE_F32,
    );
    expect(gpt2HeldBytes(GPT2_124M, 'q4', WGSL_HOLDING)).toBe(201_815_040);
    // The same integers with f32 scales: 2 bytes a block more.
    expect(gpt2HeldBytes(GPT2_124M, 'q4', ONNX_DECODER_HOLDING)).toBe(
      201_815_040 + 2 * 12 * blocksPerLayer,
    );
  });

  it('q8: blocks of 32, each 32 bytes and an f16 scale', () => {
    const blocksPerLayer = 2304 * 24 + 768 * 24 + 3072 * 24 + 768 * 96; // 221,184
    expect(gpt2HeldBytes(GPT2_124M, 'q8', WGSL_HOLDING)).toBe(12 * blocksPerLayer * 34 + WIDE_F32);
    expect(gpt2HeldBytes(GPT2_124M, 'q8', WGSL_HOLDING)).toBe(248_263_680);
  });

  it('says how far the rule of thumb is from what an engine holds: f32 embeddings', () => {
    // Every parameter at q4 with its scales: 0.515625 bytes each, 3.1× less than is held.
    const ruleOfThumb = weightBytes(124_439_808, 'q4');
    expect(ruleOfThumb).toBeCloseTo(64_164_276, 0);
    expect((gpt2HeldBytes(GPT2_124M, 'q4', WGSL_HOLDING) ?? 0) / ruleOfThumb).toBeCloseTo(3.15, 2);
  });

  it('pads a K shorter than a block to a whole block, as MatMulNBits lays it out', () => {
    // gpt2-3m's C = 64: every K = 64 projection is one padded q4 block per column.
    const tiny = gpt2Config({ layers: 1, dModel: 64, heads: 2, vocabSize: 10, contextLength: 4 });
    const blocks = 3 * 64 + 64 + 4 * 64 + 2 * 64; // mlp.c_proj has K = 256: two blocks
    const wide = 4 * (countParams(tiny).total - 12 * 64 * 64);
    expect(gpt2HeldBytes(tiny, 'q4', WGSL_HOLDING)).toBe(blocks * 66 + wide);
  });

  it('says null for a precision the convention does not hold', () => {
    expect(gpt2HeldBytes(GPT2_124M, 'bf16', WGSL_HOLDING)).toBeNull();
  });
});
