/**
 * Seedable random numbers for deterministic weights: the same seed gives the same bits in every
 * browser, in Node and on every CPU.
 *
 * That rules out Math.random (unseedable) and Math.log / Math.cos (ECMAScript lets each engine
 * approximate them differently, ECMA-262 §21.3.2). Everything here is integer arithmetic
 * (Math.imul, shifts) or double +, −, ×, ÷ and square root, which IEEE 754 requires correctly
 * rounded and so every engine computes bit for bit alike (JavaScript never fuses a multiply-add);
 * the one logarithm we need is computed from those (`portableLog`).
 */

/** Mixes a 32-bit value into a well-spread one: MurmurHash3's fmix32 finaliser (Appleby 2011). */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a hash of a string's UTF-16 code units (Fowler, Noll, Vo; IETF draft-eastlake-fnv). */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The seed of one named stream (a tensor) of a model: a hash of the model seed and the name,
 * so each tensor can be generated on its own, in any order.
 */
export function streamSeed(modelSeed: number, name: string): number {
  return fmix32(fnv1a32(name) ^ fmix32(modelSeed + 0x9e3779b9));
}

/** A source of uniformly distributed 32-bit unsigned integers. */
export type Uint32Source = () => number;

/**
 * sfc32, Chris Doty-Humphrey's "small fast chaotic" generator from PractRand: 128 bits of state,
 * passes PractRand and BigCrush, period at least 2³², in practice about 2¹²⁷. Its three state
 * words come from the seed through fmix32, and the first 12 outputs are dropped as PractRand's
 * seeding does, so nearby seeds give unrelated streams.
 */
export function sfc32(seed: number): Uint32Source {
  let a = fmix32(seed ^ 0x243f6a88);
  let b = fmix32(seed ^ 0x85a308d3);
  let c = fmix32(seed ^ 0x13198a2e);
  let counter = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A uniform double in [0, 1) from one 32-bit draw (32 bits of resolution are plenty here). */
export function uniform01(source: Uint32Source): number {
  return source() / 4294967296;
}

// Math.LN2 and Math.SQRT1_2 are constants (ECMA-262 §21.3.1), not computed: the same everywhere.
const LN2 = Math.LN2;
const SQRT_HALF = Math.SQRT1_2;

/**
 * Natural logarithm of a positive finite number from +, −, ×, ÷ only, so it is bit-identical on
 * every engine (unlike Math.log). Reduce x = m · 2ᵉ with m in [√½, √2) by exact doublings, then
 * ln m = 2·atanh(t) = 2·(t + t³/3 + t⁵/5 + …) with t = (m − 1)/(m + 1), |t| ≤ 0.172
 * (Abramowitz & Stegun 4.1.27); 13 terms leave an error below 10⁻¹⁶.
 */
export function portableLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x))
    throw new RangeError(`portableLog needs a positive x, got ${x}`);
  let mantissa = x;
  let exponent = 0;
  while (mantissa < SQRT_HALF) {
    mantissa *= 2;
    exponent -= 1;
  }
  while (mantissa >= 2 * SQRT_HALF) {
    mantissa /= 2;
    exponent += 1;
  }
  const t = (mantissa - 1) / (mantissa + 1);
  const t2 = t * t;
  // Horner form of 1 + t²/3 + t⁴/5 + … + t²⁴/25, written out: a loop over a coefficient array
  // runs four times slower in V8, and this is the hot path of weight generation.
  const series =
    1 +
    t2 *
      (1 / 3 +
        t2 *
          (1 / 5 +
            t2 *
              (1 / 7 +
                t2 *
                  (1 / 9 +
                    t2 *
                      (1 / 11 +
                        t2 *
                          (1 / 13 +
                            t2 *
                              (1 / 15 +
                                t2 *
                                  (1 / 17 +
                                    t2 * (1 / 19 + t2 * (1 / 21 + t2 * (1 / 23 + t2 / 25)))))))))));
  return exponent * LN2 + 2 * t * series;
}

/**
 * Standard normal samples by Marsaglia's polar form of the Box–Muller transform (Marsaglia &
 * Bray 1964): draw (u, v) uniform in the square [−1, 1)², keep it if s = u² + v² is in (0, 1),
 * then u·√(−2 ln s / s) and v·√(−2 ln s / s) are two independent N(0, 1) samples. It needs no
 * sine or cosine, only the portable logarithm above.
 */
export class NormalSampler {
  private readonly source: Uint32Source;
  private spare = 0;
  private hasSpare = false;

  constructor(source: Uint32Source) {
    this.source = source;
  }

  /** One N(0, 1) sample. */
  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    for (;;) {
      const u = this.source() / 2147483648 - 1; // [−1, 1)
      const v = this.source() / 2147483648 - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue; // outside the unit disc: about 21% of draws
      const scale = Math.sqrt((-2 * portableLog(s)) / s);
      this.spare = v * scale;
      this.hasSpare = true;
      return u * scale;
    }
  }

  /**
   * Fills `out` with N(mean, std²) samples rounded to float32: the same values `next()` would
   * give, one pair per accepted draw, in a loop without the spare bookkeeping (it is the hot path
   * of weight generation).
   */
  fill(out: Float32Array, mean: number, std: number): void {
    const source = this.source;
    let i = 0;
    if (this.hasSpare && out.length > 0) {
      out[i++] = mean + std * this.spare;
      this.hasSpare = false;
    }
    while (i < out.length) {
      const u = source() / 2147483648 - 1;
      const v = source() / 2147483648 - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const scale = Math.sqrt((-2 * portableLog(s)) / s);
      out[i++] = mean + std * (u * scale);
      if (i < out.length) {
        out[i++] = mean + std * (v * scale);
      } else {
        this.spare = v * scale;
        this.hasSpare = true;
      }
    }
  }
}
