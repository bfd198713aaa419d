import { describe, expect, it } from 'vitest';
import { GPU_SPECS, gpuSpec } from './gpu-specs';

describe('GPU_SPECS', () => {
  it('has unique ids, a source and positive figures for every row', () => {
    const ids = GPU_SPECS.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const gpu of GPU_SPECS) {
      expect(gpu.source.length).toBeGreaterThan(10);
      expect(gpu.memoryGB).toBeGreaterThan(0);
      expect(gpu.halfPrecisionFlops).toBeGreaterThan(gpu.fp32Flops);
      expect(gpu.watts).toBeGreaterThan(0);
    }
  });

  it('lists dense, not sparse, peaks', () => {
    expect(gpuSpec('a100-80gb')?.halfPrecisionFlops).toBe(312e12);
    expect(gpuSpec('h100-sxm')?.halfPrecisionFlops).toBe(1979e12 / 2);
    expect(gpuSpec('nope')).toBeUndefined();
  });
});
