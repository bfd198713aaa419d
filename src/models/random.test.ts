import { describe, expect, it } from 'vitest';
import { NormalSampler, portableLog, sfc32, streamSeed, uniform01 } from './random';

describe('sfc32', () => {
  // Golden values: if these change, every generated model changes. They were computed once in
  // V8; the generator uses only 32-bit integer ops, which every engine computes the same way.
  it('gives the same stream for the same seed, on every platform', () => {
    const next = sfc32(0);
    expect([next(), next(), next(), next()]).toEqual([
      1304597675, 77696087, 3347691316, 4141472436,
    ]);
  });

  it('gives unrelated streams for neighbouring seeds', () => {
    const a = sfc32(1);
    const b = sfc32(2);
    const same = Array.from({ length: 1000 }, () => a() === b()).filter(Boolean).length;
    expect(same).toBe(0);
  });

  it('is uniform enough: mean ½ and every decile populated', () => {
    const next = sfc32(7);
    const counts = new Array<number>(10).fill(0);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = uniform01(next);
      sum += u;
      counts[Math.floor(u * 10)]! += 1;
    }
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe('streamSeed', () => {
  it('depends on both the model seed and the name', () => {
    expect(streamSeed(0, 'transformer.wte.weight')).toBe(115338247);
    expect(streamSeed(1, 'transformer.wte.weight')).toBe(768642292);
    expect(streamSeed(0, 'transformer.wpe.weight')).not.toBe(
      streamSeed(0, 'transformer.wte.weight'),
    );
  });
});

describe('portableLog', () => {
  it('agrees with Math.log to within a few ulps over 600 binary orders of magnitude', () => {
    const next = sfc32(3);
    for (let i = 0; i < 20_000; i++) {
      const x = (uniform01(next) + 1e-9) * 2 ** (Math.floor(uniform01(next) * 600) - 300);
      const expected = Math.log(x);
      expect(Math.abs(portableLog(x) - expected)).toBeLessThanOrEqual(
        1e-15 * Math.max(1, Math.abs(expected)),
      );
    }
  });

  it('is exact where the answer is', () => {
    expect(portableLog(1)).toBe(0);
    expect(portableLog(2)).toBe(Math.LN2);
    expect(portableLog(0.25)).toBe(-2 * Math.LN2);
  });

  it('rejects what has no real logarithm', () => {
    expect(() => portableLog(0)).toThrow(RangeError);
    expect(() => portableLog(-1)).toThrow(RangeError);
    expect(() => portableLog(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('NormalSampler', () => {
  it('gives the same samples for the same source', () => {
    const sampler = new NormalSampler(sfc32(42));
    const samples = [sampler.next(), sampler.next(), sampler.next(), sampler.next()];
    expect(samples).toEqual([
      -0.08796009637857015, -0.29907746011863967, -0.15556905133321752, 0.6234369877959817,
    ]);
  });

  it('fill gives what next would, including an odd length that leaves a spare', () => {
    const bySample = new NormalSampler(sfc32(5));
    const expected = Float32Array.from({ length: 7 }, () => 0.5 + 2 * bySample.next());
    const byFill = new NormalSampler(sfc32(5));
    const first = new Float32Array(3);
    const rest = new Float32Array(4);
    byFill.fill(first, 0.5, 2);
    byFill.fill(rest, 0.5, 2);
    expect([...first, ...rest]).toEqual([...expected]);
  });

  it('has mean 0, variance 1 and normal tails', () => {
    const samples = new Float32Array(200_000);
    new NormalSampler(sfc32(9)).fill(samples, 0, 1);
    const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
    const variance = samples.reduce((s, x) => s + (x - mean) ** 2, 0) / samples.length;
    const beyondTwoSigma = samples.filter((x) => Math.abs(x) > 2).length / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.01);
    expect(beyondTwoSigma).toBeCloseTo(0.0455, 2); // P(|Z| > 2) = 0.0455
  });
});
