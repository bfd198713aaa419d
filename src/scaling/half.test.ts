import { describe, expect, it } from 'vitest';
import { floatToHalf, halfToFloat, roundToHalf, toHalfBits } from './half';

/** The f32 bit pattern of `value`, and back: to step to the neighbouring f32. */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const nextF32 = (value: number, step: 1 | -1) => {
  f32[0] = value;
  u32[0]! += value >= 0 ? step : -step;
  return f32[0]!;
};

describe('f16 conversions', () => {
  it('converts the landmarks of binary16 both ways', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.5, 0x3800],
      [65504, 0x7bff], // largest finite
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [2 ** -14 - 2 ** -24, 0x03ff], // largest subnormal
      [Number.POSITIVE_INFINITY, 0x7c00],
      [Number.NEGATIVE_INFINITY, 0xfc00],
    ];
    for (const [value, bits] of cases) {
      expect(floatToHalf(value), `${value}`).toBe(bits);
      expect(Object.is(halfToFloat(bits), value), `${bits.toString(16)}`).toBe(true);
    }
    expect(halfToFloat(floatToHalf(Number.NaN))).toBeNaN();
  });

  it('round-trips every finite half exactly', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue; // infinities and NaNs
      expect(floatToHalf(halfToFloat(h))).toBe(h);
    }
  });

  it('rounds to nearest, ties to even, at every pair of neighbouring halves', () => {
    // Every positive finite half h and the next one up: the midpoint is an f32 (12 bits), and
    // goes to whichever of the two is even; an f32 step either side goes to the nearer one.
    for (let h = 0; h < 0x7bff; h++) {
      const mid = (halfToFloat(h) + halfToFloat(h + 1)) / 2;
      const even = h % 2 === 0 ? h : h + 1;
      if (floatToHalf(mid) !== even) expect.fail(`midpoint above ${h.toString(16)}`);
      if (floatToHalf(nextF32(mid, -1)) !== h) expect.fail(`below the midpoint of ${h}`);
      if (floatToHalf(nextF32(mid, 1)) !== h + 1) expect.fail(`above the midpoint of ${h}`);
      if (floatToHalf(-mid) !== (even | 0x8000)) expect.fail(`negative midpoint ${h}`);
    }
  });

  it('overflows to infinity past 65504 + half an ulp, and underflows to zero below 2⁻²⁵', () => {
    expect(floatToHalf(65519)).toBe(0x7bff);
    expect(floatToHalf(65520)).toBe(0x7c00); // the tie goes to the even pattern: infinity
    expect(floatToHalf(1e6)).toBe(0x7c00);
    expect(floatToHalf(-1e6)).toBe(0xfc00);
    expect(floatToHalf(2 ** -25)).toBe(0); // tie between 0 and 2⁻²⁴: to 0, the even one
    expect(floatToHalf(nextF32(2 ** -25, 1))).toBe(1);
    expect(floatToHalf(1e-10)).toBe(0);
    expect(floatToHalf(-1e-10)).toBe(0x8000);
  });

  it('converts arrays, and rounding keeps f32 values on the f16 grid', () => {
    const data = Float32Array.from([0.1, -Math.PI, 1000.7, 2 ** -20]);
    expect([...toHalfBits(data)]).toEqual([0x2e66, 0xc248, 0x63d1, 0x0010]);
    const rounded = roundToHalf(data);
    expect([...rounded]).toEqual([...toHalfBits(data)].map(halfToFloat));
    expect([...roundToHalf(rounded)]).toEqual([...rounded]);
    // f16's relative spacing is 2⁻¹⁰: rounding moves a normal value by at most 2⁻¹¹ of it.
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(rounded[i]! - data[i]!)).toBeLessThanOrEqual(Math.abs(data[i]!) * 2 ** -11);
    }
  });
});
