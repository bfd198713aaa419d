import { describe, expect, it } from 'vitest';
import { isUnstable, quantile, summarize } from './statistics';

describe('quantile', () => {
  it('interpolates between closest ranks (type 7)', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1)).toBeCloseTo(1.9, 12);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
    expect(quantile([7], 0.9)).toBe(7);
  });

  it('refuses nonsense', () => {
    expect(() => quantile([], 0.5)).toThrow(/no values/);
    expect(() => quantile([1], 1.5)).toThrow(/outside/);
  });
});

describe('summarize', () => {
  it('gives median, p10, p90 and the coefficient of variation', () => {
    const s = summarize([12, 10, 11, 13, 14, 10, 12, 11, 13, 14]);
    expect(s).toMatchObject({ n: 10, median: 12, min: 10, max: 14, mean: 12 });
    expect(s.p10).toBeCloseTo(10, 12);
    expect(s.p90).toBeCloseTo(14, 12);
    // sample sd of the ten values = sqrt(20/9)
    expect(s.cv).toBeCloseTo(Math.sqrt(20 / 9) / 12, 12);
    expect(isUnstable(s)).toBe(false);
  });

  it('flags a spread too large to trust', () => {
    expect(isUnstable(summarize([10, 10, 10, 30, 10]))).toBe(true);
  });

  it('rejects non-finite or negative timings instead of averaging them', () => {
    expect(() => summarize([1, Number.NaN])).toThrow(/finite/);
    expect(() => summarize([1, -2])).toThrow(/non-negative/);
    expect(() => summarize([])).toThrow(/no samples/);
  });
});
