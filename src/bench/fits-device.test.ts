import { describe, expect, it } from 'vitest';
import { fitsDevice, wontFitBecause } from './fits-device';

const GiB = 2 ** 30;
const SWIFTSHADER = { maxBufferSize: GiB, maxStorageBufferBindingSize: GiB };
/** Llama-3-8B-like at f16: 16 GB of weights, the LM head 1 GiB (128256 × 4096 × 2). */
const llama = {
  weightBytes: 16.06e9,
  kvBytes: 32 * 2 * 8 * 128 * 2 * 8192, // 32 layers, K and V, 8 kv heads × 128, f16, 8k tokens
  layers: 32,
  context: 8192,
  largestTensor: { name: 'lm_head.weight', bytes: 128256 * 4096 * 2 },
};

describe('fitsDevice', () => {
  it('adds weights and KV cache, and passes what every limit allows', () => {
    const v = fitsDevice({ ...llama, largestTensor: { name: 'w', bytes: GiB } }, SWIFTSHADER);
    expect(v.totalBytes).toBe(16.06e9 + 1_073_741_824); // 8k tokens of KV: exactly 1 GiB
    expect(v.fits).toBe(true);
    expect(wontFitBecause(v)).toBeNull();
  });

  it("says why it won't fit: a tensor past one binding, or past one buffer", () => {
    // Llama 3's f16 LM head (1,050,673,152 bytes) just fits 1 GiB; at f32 it does not.
    expect(fitsDevice(llama, SWIFTSHADER).fits).toBe(true);
    const f32 = { ...llama, largestTensor: { name: 'lm_head.weight', bytes: 128256 * 4096 * 4 } };
    const bigBuffers = { maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: GiB };
    const v = fitsDevice(f32, bigBuffers);
    expect(v.fits).toBe(false);
    expect(wontFitBecause(v)).toBe(
      "won't fit because its largest tensor, lm_head.weight (1.96 GiB), is larger than one storage binding here (maxStorageBufferBindingSize 1.00 GiB)",
    );
    expect(fitsDevice(f32, SWIFTSHADER).reasons).toEqual([
      'its largest tensor, lm_head.weight (1.96 GiB), is larger than one buffer here (maxBufferSize 1.00 GiB)',
    ]);
  });

  it('checks one layer of KV cache and a known memory; no device, no verdict', () => {
    const long = {
      ...llama,
      largestTensor: null,
      context: 1 << 20,
      kvBytes: 32 * 2 * 1024 * 2 * (1 << 20),
    };
    const v = fitsDevice(long, { ...SWIFTSHADER, memoryBytes: 24e9 });
    expect(v.reasons).toHaveLength(2);
    expect(v.reasons[0]).toMatch(/^one layer's K cache at 1048576 tokens \(2\.00 GiB\)/);
    expect(v.reasons[1]).toMatch(/are more than the device's/);
    expect(fitsDevice(llama, null)).toEqual({
      totalBytes: llama.weightBytes + llama.kvBytes,
      fits: null,
      reasons: [],
    });
  });
});
