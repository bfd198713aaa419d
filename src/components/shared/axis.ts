/**
 * Tick labels and sample grids for the log axes that <ps-laws> and <ps-timeline> draw. Only
 * powers of ten get a label: Plot's log scale adds unlabelled minor ticks between them when
 * the axis spans few decades, and a label on each would crowd the axis.
 */

/** True when `value` is 10^k for an integer k (up to float error in `Math.log10`). */
export function isPowerOfTen(value: number): boolean {
  if (!(value > 0) || !Number.isFinite(value)) return false;
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9;
}

/** `1e21`, with no `+`; '' for anything that is not a power of ten. */
export function decadeTick(value: number): string {
  return isPowerOfTen(value) ? `1e${Math.round(Math.log10(value))}` : '';
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact' });

/** Counts on a log axis: `1M`, `10B`, `1T`; from 10¹⁵ up `1e15`; '' between decades. */
export function countTick(value: number): string {
  if (!isPowerOfTen(value)) return '';
  return value < 1e15 ? compact.format(value) : decadeTick(value);
}

/** `perDecade` log-spaced samples from `lo` to `hi`, both included. */
export function logSpace(lo: number, hi: number, perDecade: number): number[] {
  if (!(lo > 0 && hi >= lo && perDecade > 0)) {
    throw new RangeError(`need 0 < lo ≤ hi and perDecade > 0, got ${lo}, ${hi}, ${perDecade}`);
  }
  const from = Math.log10(lo);
  const steps = Math.max(1, Math.round((Math.log10(hi) - from) * perDecade));
  const step = (Math.log10(hi) - from) / steps;
  return Array.from({ length: steps + 1 }, (_, i) => 10 ** (from + i * step));
}

/** The powers of ten in [lo, hi]: `decades(1e6, 3e9)` → 1e6, 1e7, 1e8, 1e9. */
export function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let k = Math.ceil(Math.log10(lo) - 1e-9); k <= Math.floor(Math.log10(hi) + 1e-9); k++) {
    out.push(10 ** k);
  }
  return out;
}
