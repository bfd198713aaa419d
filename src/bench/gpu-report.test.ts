import { describe, expect, it } from 'vitest';
import { gpuForAdapter, roofReport } from './gpu-report';
import { sampleRecord } from './testing';

const figure = (median: number, work: string) => ({
  rate: {
    n: 10,
    median,
    mean: median,
    min: median * 0.9,
    max: median * 1.1,
    p10: median * 0.95,
    p90: median * 1.05,
    cv: 0.03,
  },
  work,
});

const description = {
  vendor: 'nvidia',
  architecture: 'hopper',
  description: 'NVIDIA H100 80GB HBM3',
};

describe('gpuForAdapter', () => {
  it('knows the datasheet of the GPUs Vulkan names, and says nothing of the others', () => {
    expect(gpuForAdapter('NVIDIA H100 80GB HBM3')?.id).toBe('h100-sxm');
    expect(gpuForAdapter('NVIDIA H100 PCIe')?.id).toBe('h100-pcie');
    expect(gpuForAdapter('NVIDIA H200')?.id).toBe('h200-sxm');
    expect(gpuForAdapter('NVIDIA A100-SXM4-80GB')?.id).toBe('a100-80gb');
    expect(gpuForAdapter('NVIDIA A100-PCIE-40GB')?.id).toBe('a100-40gb');
    expect(gpuForAdapter('NVIDIA GeForce RTX 4090')?.id).toBe('rtx-4090');
    expect(gpuForAdapter('SwiftShader Device (Subzero)')).toBeUndefined();
    expect(gpuForAdapter('Apple M3 Max')).toBeUndefined();
  });
});

describe('roofReport', () => {
  const records = [
    // 335 MB of weights at 2,500 GB/s: a floor of 0.134 ms; decoded in 0.2 ms → 67.0 %.
    sampleRecord({
      model: 'gpt2-124m',
      engine: 'wgsl',
      weightBytes: 335_000_000,
      decodeMsPerToken: { n: 10, median: 0.2, p10: 0.19, p90: 0.21, cv: 0.03 },
    }),
    sampleRecord({
      model: 'gpt2-124m',
      engine: 'wgsl',
      dtype: 'f16',
      flags: ['f16-packed'],
      weightBytes: 167_500_000,
      decodeMsPerToken: null,
    }),
  ];
  const base = {
    description,
    bandwidth: figure(2500, '4 copies of 256 MiB per submission'),
    matmul: figure(33_500, '4 matmuls of 2048×2048×2048 per submission'),
    records,
  };

  it("gives each model's share of its bandwidth floor, and the matmul's share of the peak", () => {
    const report = roofReport({ ...base, gpu: gpuForAdapter(description.description) });
    expect(report).toContain('copy bandwidth: 2500.0 (p10–p90 2375.0–2625.0, n 10) GB/s');
    // 33.5 TFLOP/s of the H100 SXM's 67: 50.0 %.
    expect(report).toContain(
      '50.0 % of the f32 peak of 67.0 TFLOP/s (NVIDIA H100 SXM 80 GB, datasheet)',
    );
    expect(report).toContain('| gpt2-124m | f32 | 319.5 | 0.200 (0.190–0.210) | 0.134 | 67.0 % |');
    expect(report).toContain('| gpt2-124m | f16 (packed) | 159.7 | — | 0.067 | — |');
  });

  it('takes the peak given by hand, and says when it knows none', () => {
    expect(roofReport({ ...base, gpu: undefined, peakTflops: 134 })).toContain(
      '25.0 % of the f32 peak of 134.0 TFLOP/s (given with --peak-tflops)',
    );
    expect(roofReport({ ...base, gpu: undefined })).toContain(
      'f32 peak unknown for this adapter (pass --peak-tflops)',
    );
  });
});
