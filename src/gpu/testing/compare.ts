/** Comparing GPU results with CPU references: usable in Node and in the browser. Test-only. */

/** Tolerance as onnxruntime-web states it for f32: close when within abs OR rel. */
export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

export const F32_TOLERANCE: Tolerance = { abs: 1e-3, rel: 1e-5 };

/**
 * The first index where `actual` and `expected` disagree beyond the tolerance, described;
 * null when they agree everywhere. Length mismatches and non-finite values count.
 */
export function firstMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance = F32_TOLERANCE,
): string | null {
  if (actual.length !== expected.length) {
    return `length ${actual.length}, expected ${expected.length}`;
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const diff = Math.abs(a - e);
    const ok =
      Object.is(a, e) ||
      (Number.isFinite(a) && (diff <= tolerance.abs || diff <= tolerance.rel * Math.abs(e)));
    if (!ok) return `at ${i}: got ${a}, expected ${e} (|diff| ${diff})`;
  }
  return null;
}

/** Deterministic floats in [−scale, scale) (mulberry32): tests reproduce exactly. */
export function seededFloats(n: number, seed: number, scale = 1): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}
