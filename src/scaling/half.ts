/**
 * IEEE 754 binary16 ("half", WGSL's f16) on the CPU: weights are rounded here before they are
 * uploaded as f16, and read back from f16 buffers. Node 20 has no Float16Array, and Chrome
 * only since 135, so the conversions are ours (a few lines each, tested exhaustively).
 */

const word = new Float32Array(1);
const bits = new Uint32Array(word.buffer);

/**
 * The binary16 bit pattern nearest to the f32 `value`, ties to even (IEEE 754's default, and
 * what GPUs do): finite values past 65504 + half an ulp become ±infinity, values below half
 * the smallest subnormal (2⁻²⁵) become ±0, NaN stays NaN.
 *
 * `value` is rounded to f32 first: called with an f32 (from a Float32Array), that is exact.
 */
export function floatToHalf(value: number): number {
  word[0] = value;
  const x = bits[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff; // biased by 127
  const mantissa = x & 0x7fffff; // 23 bits
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15; // biased by 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e > 0) {
    // Normal: drop 13 bits. A carry out of the mantissa lands in the exponent, which is right
    // (1.111…₂ rounds up to the next power of two, and 65520 up to infinity).
    return sign | ((e << 10) + roundShift(mantissa, 13));
  }
  // Subnormal in f16: the value in units of 2⁻²⁴ is the 24-bit significand shifted by 14 − e.
  const shift = 14 - e;
  if (shift > 24) return sign; // below 2⁻²⁵: rounds to zero
  return sign | roundShift(mantissa | 0x800000, shift);
}

/** m / 2^s rounded to the nearest integer, ties to even (1 ≤ s ≤ 24). */
function roundShift(m: number, s: number): number {
  const quotient = m >>> s;
  const rest = m & ((1 << s) - 1);
  const half = 1 << (s - 1);
  return quotient + (rest > half || (rest === half && quotient & 1) ? 1 : 0);
}

/** binary16 bit pattern → number (exact: every half is a double). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** f32 data as binary16 bit patterns, ready to upload as an f16 tensor. */
export function toHalfBits(data: Float32Array): Uint16Array {
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = floatToHalf(data[i]!);
  return out;
}

/** binary16 bit patterns as f32 values. */
export const fromHalfBits = (data: Uint16Array): Float32Array =>
  Float32Array.from(data, halfToFloat);

/** Each value rounded to the nearest f16, kept as f32: what an f16 weight holds. */
export const roundToHalf = (data: Float32Array): Float32Array => fromHalfBits(toHalfBits(data));
