import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatBytesApart,
  formatCount,
  formatDuration,
  formatFlopRate,
  formatFlops,
  formatUsd,
  MISSING,
} from './format';

describe('formatters', () => {
  it('formats counts', () => {
    expect(formatCount(124_439_808)).toBe('124.4M');
    expect(formatCount(6_738_415_616)).toBe('6.74B');
    expect(formatCount(3_382_080)).toBe('3.38M');
    expect(formatCount(51_475_968)).toBe('51.5M');
    expect(formatCount(512)).toBe('512');
    expect(formatCount(999_960_000)).toBe('1.00B');
    expect(formatCount(1.7e12)).toBe('1.70T');
  });

  it('labels GB and GiB', () => {
    expect(formatBytes(14e9)).toBe('14.0 GB');
    expect(formatBytes(2 ** 31, 'binary')).toBe('2.00 GiB');
    expect(formatBytes(2 ** 31)).toBe('2.15 GB');
    expect(formatBytes(512)).toBe('512 B');
  });

  it('formats FLOPs, rates, durations and dollars', () => {
    expect(formatFlops(3.14e23)).toBe('3.14e23 FLOP');
    expect(formatFlopRate(312e12)).toBe('312.0 TFLOP/s');
    expect(formatDuration(90)).toBe('1.50 min');
    expect(formatDuration(3.1e6)).toBe('35.9 days');
    expect(formatUsd(4.6e6)).toBe('$4.60M');
  });

  it('never prints NaN or Infinity', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, undefined]) {
      expect(formatCount(bad)).toBe(MISSING);
      expect(formatBytes(bad)).toBe(MISSING);
      expect(formatFlops(bad)).toBe(MISSING);
      expect(formatFlopRate(bad)).toBe(MISSING);
      expect(formatDuration(bad)).toBe(MISSING);
      expect(formatUsd(bad)).toBe(MISSING);
    }
    expect(MISSING).toBe('—');
  });
});

describe('formatBytesApart', () => {
  it('prints two different sizes differently, in the unit of the larger', () => {
    expect(formatBytesApart(150_994_944, 134_217_728)).toEqual(['144.00 MiB', '128.00 MiB']);
    // Once "0.02 GiB but at most 0.02 GiB": now in MiB, the difference shows.
    expect(formatBytesApart(21_000_000, 20_000_000)).toEqual(['20.03 MiB', '19.07 MiB']);
    expect(formatBytesApart(2 ** 30, 2 ** 30 - 1)).toEqual(['1.000000000 GiB', '0.999999999 GiB']);
    expect(formatBytesApart(3 * 2 ** 30, 2 * 2 ** 30)).toEqual(['3.00 GiB', '2.00 GiB']);
    expect(formatBytesApart(512, 500)).toEqual(['512 B', '500 B']);
  });

  it('prints equal sizes alike, with two decimals', () => {
    expect(formatBytesApart(2 ** 31, 2 ** 31)).toEqual(['2.00 GiB', '2.00 GiB']);
  });
});
