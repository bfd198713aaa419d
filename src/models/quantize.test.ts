import { describe, expect, it } from 'vitest';
import { halfToFloat } from '../scaling/half';
import { matrixStorageBytes } from '../scaling/precision';
import { dequantizeMatrix, type QuantizeOptions, quantizedBytes, quantizeMatrix } from './quantize';
import { NormalSampler, sfc32 } from './random';

const Q4_SYM: QuantizeOptions = { bits: 4, blockSize: 32, symmetric: true };

function normal(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  new NormalSampler(sfc32(seed)).fill(out, 0, 0.02);
  return out;
}

describe('quantizeMatrix', () => {
  it('packs 4-bit values low nibble first, with the f16 scale of the largest magnitude', () => {
    // One column of 16 weights: -4, -3.5, …, 3.5. The largest magnitude, -4, maps to q = 0:
    // scale = -4 / -8 = 0.5, and q = w / 0.5 + 8 runs 0 … 15.
    const weight = Float32Array.from({ length: 16 }, (_, i) => (i - 8) * 0.5);
    const q = quantizeMatrix(weight, 16, 1, { bits: 4, blockSize: 16, symmetric: true });
    expect([...q.data]).toEqual([0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe]);
    expect([...q.scales]).toEqual([0x3800]); // 0.5 in f16
    expect(q.zeroPoints).toBeNull();
    expect([...dequantizeMatrix(q)]).toEqual([...weight]);
  });

  it('reads back every weight to within one step of its block scale, at 4 and 8 bits', () => {
    const [K, N] = [96, 40];
    const weight = normal(K * N, 7);
    for (const options of [
      Q4_SYM,
      { bits: 4, blockSize: 32, symmetric: false },
      { bits: 8, blockSize: 32, symmetric: true },
      { bits: 8, blockSize: 64, symmetric: false },
    ] as const) {
      const q = quantizeMatrix(weight, K, N, options);
      const back = dequantizeMatrix(q);
      const perColumn = Math.ceil(K / options.blockSize);
      let halfStep = 0;
      for (let k = 0; k < K; k++) {
        for (let n = 0; n < N; n++) {
          const step = Math.abs(
            halfToFloat(q.scales[n * perColumn + Math.floor(k / options.blockSize)]!),
          );
          const error = Math.abs(back[k * N + n]! - weight[k * N + n]!);
          // A clamped top value is one step off, plus what rounding the scale to f16 (2⁻¹¹
          // relative) moved the 2^bits levels: under 1 % of a step at 4 and 8 bits.
          expect(error).toBeLessThanOrEqual(step * 1.01);
          if (error <= step / 2 + 1e-9) halfStep++;
        }
      }
      // Rounding to the nearest level: all but the clamped top of a block within half a step.
      expect(halfStep / (K * N)).toBeGreaterThan(0.97);
    }
  });

  it('stores asymmetric zero points packed, and holds 0 exactly', () => {
    const [K, N] = [64, 3];
    const weight = normal(K * N, 11).map((v) => Math.abs(v) + 0.01); // all positive
    weight[5 * N + 1] = 0;
    const q = quantizeMatrix(weight, K, N, { bits: 4, blockSize: 32, symmetric: false });
    // Two blocks per column: one byte of zero points per column. lo = 0: every zero point is 0.
    expect(q.zeroPoints).toEqual(new Uint8Array(3));
    expect(dequantizeMatrix(q)[5 * N + 1]).toBe(0);
  });

  it('pads a K that is not a multiple of the block, and reads back only K rows', () => {
    const [K, N] = [40, 5]; // two blocks of 32 per column, the second 8 values long
    const weight = normal(K * N, 3);
    const q = quantizeMatrix(weight, K, N, Q4_SYM);
    expect(q.data.length).toBe(N * 2 * 16);
    expect(q.scales.length).toBe(N * 2);
    const back = dequantizeMatrix(q);
    expect(back.length).toBe(K * N);
    // Padding is the zero point (8): the second block's bytes past its 8 values are 0x88.
    expect(q.data[16 + 4]).toBe(0x88);
  });

  it('refuses blocks MatMulNBits does not take', () => {
    expect(() => quantizeMatrix(new Float32Array(48), 48, 1, { ...Q4_SYM, blockSize: 24 })).toThrow(
      /power of two ≥ 16/,
    );
    expect(() => quantizeMatrix(new Float32Array(4), 16, 1, Q4_SYM)).toThrow(/needs 16/);
  });
});

describe('quantizedBytes', () => {
  it('is the bytes the arrays hold, and the precision table agrees', () => {
    for (const [K, N, options] of [
      [768, 2304, Q4_SYM],
      [1600, 6400, { bits: 4, blockSize: 128, symmetric: false }],
      [40, 5, { bits: 8, blockSize: 32, symmetric: false }],
    ] as const) {
      const q = quantizeMatrix(new Float32Array(K * N), K, N, options);
      const held = q.data.length + 2 * q.scales.length + (q.zeroPoints?.length ?? 0);
      expect(quantizedBytes(K, N, options)).toBe(held);
    }
    // gpt2-124m's c_attn at q4, blocks of 32: 2304 columns × 24 blocks × (16 + 2) bytes.
    expect(quantizedBytes(768, 2304, Q4_SYM)).toBe(2304 * 24 * 18);
    expect(matrixStorageBytes(768, 2304, 'f16')).toBe(768 * 2304 * 2);
  });
});
