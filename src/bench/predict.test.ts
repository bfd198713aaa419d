import { describe, expect, it } from 'vitest';
import { deviceKey, predictDecode, predictPrefill } from './predict';
import { sampleRecord } from './testing';

const GPU = {
  vendor: 'nvidia',
  architecture: 'hopper',
  device: '',
  description: 'NVIDIA H200',
  isFallbackAdapter: false,
  features: [],
  limits: {},
};
const spread = (median: number) => ({ n: 10, median, p10: median, p90: median, cv: 0.01 });

/** Decode time exactly 2 ms per GB read plus nothing: a pure bandwidth-bound device. */
const measured = [1e8, 4e8, 1.6e9].map((bytes, i) =>
  sampleRecord({
    engine: 'wgsl',
    dtype: 'f16',
    device: GPU,
    weightBytes: bytes,
    decodeMsPerToken: spread((bytes / 1e9) * 2 * (i === 1 ? 1.05 : 1)),
  }),
);
const series = { engine: 'wgsl', dtype: 'f16', device: 'nvidia hopper NVIDIA H200' } as const;

describe('predictDecode', () => {
  it('predicts from the power law of this device, engine and precision, with its interval', () => {
    expect(deviceKey(measured[0]!)).toBe(series.device);
    const p = predictDecode(measured, series, 8e8, 500)!;
    expect(p.basis).toMatchObject({ n: 3, bytesRange: [1e8, 1.6e9] });
    expect(p.msPerToken).toBeGreaterThan(1.5);
    expect(p.msPerToken).toBeLessThan(1.8); // 0.8 GB at ~2 ms/GB
    const [lo, hi] = p.interval!;
    expect(lo).toBeLessThan(p.msPerToken);
    expect(hi).toBeGreaterThan(p.msPerToken);
    expect(p.extrapolated).toBe(false);
    expect(p.floorMs).toBeCloseTo(1.6, 12); // 8e8 bytes at 500 GB/s
    expect(predictDecode(measured, series, 1e10)!.extrapolated).toBe(true);
  });

  it('is null until two sizes were measured there, and ignores other series', () => {
    expect(predictDecode(measured.slice(0, 1), series, 8e8)).toBeNull();
    expect(predictDecode(measured, { ...series, dtype: 'f32' }, 8e8)).toBeNull();
    expect(predictDecode(measured, { ...series, device: 'google swiftshader' }, 8e8)).toBeNull();
  });

  it('fits the latest record of each size', () => {
    const remeasured = sampleRecord({
      ...measured[0]!,
      time: '2026-12-01T00:00:00.000Z',
      decodeMsPerToken: spread(100),
    });
    const p = predictDecode([...measured, remeasured], series, 1e8)!;
    expect(p.msPerToken).toBeGreaterThan(10);
  });
});

describe('predictPrefill', () => {
  /** Prefill of 128 tokens: exactly 10 ms per GB of weights; a lone 512-token run beside it. */
  const prefills = [
    ...[1e8, 4e8, 1.6e9].map((bytes) =>
      sampleRecord({
        engine: 'wgsl',
        dtype: 'f16',
        device: GPU,
        weightBytes: bytes,
        promptTokens: 128,
        prefillMs: spread((bytes / 1e9) * 10),
      }),
    ),
    sampleRecord({
      engine: 'wgsl',
      dtype: 'f16',
      device: GPU,
      weightBytes: 4e8,
      promptTokens: 512,
      prefillMs: spread(40),
    }),
  ];

  it('fits the prompt length measured at the most sizes, and says which', () => {
    const p = predictPrefill(prefills, series, 8e8)!;
    expect(p.promptTokens).toBe(128);
    expect(p.ms).toBeCloseTo(8, 9); // 0.8 GB at 10 ms/GB, a perfect power law
    expect(p.basis).toMatchObject({ n: 3, bytesRange: [1e8, 1.6e9], engine: 'wgsl' });
    expect(p.extrapolated).toBe(false);
    expect(p.interval![0]).toBeCloseTo(8, 6); // no scatter: the interval closes on the fit
  });

  it('is null with one size at every length, or for another series', () => {
    expect(predictPrefill(prefills.slice(2), series, 8e8)).toBeNull();
    expect(predictPrefill(prefills, { ...series, engine: 'ort-webgpu' }, 8e8)).toBeNull();
  });
});
