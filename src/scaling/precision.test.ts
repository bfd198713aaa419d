import { describe, expect, it } from 'vitest';
import {
  DEFAULT_Q4_BLOCK_SIZE,
  heldPrecision,
  PRECISION,
  PRECISIONS,
  packedBytes,
  parsePrecision,
  storageBytes,
} from './precision';

describe('the precision table', () => {
  it('has one entry per id, keyed by its own id', () => {
    for (const id of PRECISIONS) expect(PRECISION[id].id).toBe(id);
    expect(PRECISIONS.map((p) => PRECISION[p].bits)).toEqual([32, 16, 16, 8, 4]);
  });

  it('reads the names the calculator took first as aliases', () => {
    expect(['fp32', 'fp16', 'bf16', 'int8', 'int4', ' F16 '].map(parsePrecision)).toEqual([
      'f32',
      'f16',
      'bf16',
      'q8',
      'q4',
      'f16',
    ]);
    expect(parsePrecision('fp8')).toBeNull();
  });
});

describe('bytes', () => {
  it('packs 4-bit elements two to a byte, rounding up', () => {
    expect(packedBytes(3, 'q4')).toBe(2);
    expect(packedBytes(4, 'q4')).toBe(2);
    expect(packedBytes(3, 'f16')).toBe(6);
  });

  it('adds an f16 scale per block of 128 to q4: 0.515625 bytes a weight', () => {
    expect(DEFAULT_Q4_BLOCK_SIZE).toBe(128);
    expect(storageBytes(128_000, 'q4') / 128_000).toBe(0.515625);
    // A partial last block still has its scale: 129 weights are 65 bytes and 2 scales.
    expect(storageBytes(129, 'q4')).toBe(65 + 4);
    // MatMulNBits-style blocks of 32 with 4-bit zero points: 16 + 2 + 0.5 bytes a block.
    const blocks = { blockSize: 32, scaleBits: 16, zeroPointBits: 4 };
    expect(storageBytes(64, 'q4', blocks)).toBe(2 * (16 + 2 + 0.5));
  });

  it('gives floats no scales, whatever blocks are asked for', () => {
    const blocks = { blockSize: 32, scaleBits: 16, zeroPointBits: null };
    expect(storageBytes(1000, 'f16', blocks)).toBe(2000);
    expect(storageBytes(1000, 'q8')).toBe(1000);
    expect(storageBytes(1024, 'q8', { ...blocks, blockSize: 128 })).toBe(1024 + 8 * 2);
  });

  it('keeps vectors f32 at every precision and gives matrices the model precision', () => {
    for (const p of PRECISIONS) {
      expect(heldPrecision(p, { shape: [768] })).toBe('f32');
      expect(heldPrecision(p, { shape: [768, 2304] })).toBe(p);
    }
  });
});
