/**
 * Domains and tick values for log axes over measured data, which may span less than a decade
 * (three model sizes, latencies from 3 to 12 ms). Labelling powers of ten only, as axis.ts
 * does for the scaling laws' many decades, would leave such an axis with no label at all.
 */

/**
 * The smallest ratio hi / lo a domain is widened to: any such range holds at least two of
 * 1…9 × 10^k, so `logTicks` always finds two ticks to label.
 */
const MIN_RATIO = 3;

/** Room left beyond the extreme values, as a fraction of the log span on each side. */
const PAD = 0.06;

/**
 * A log-axis domain around positive, finite `values` (others are ignored): padded so that
 * no dot sits on the frame, and at least a factor 3 wide. Undefined when no value is usable.
 */
export function logDomain(values: readonly number[]): [number, number] | undefined {
  const usable = values.filter((v) => v > 0 && Number.isFinite(v));
  if (usable.length === 0) return undefined;
  let lo = Math.log10(Math.min(...usable));
  let hi = Math.log10(Math.max(...usable));
  const minSpan = Math.log10(MIN_RATIO);
  if (hi - lo < minSpan) {
    const middle = (lo + hi) / 2;
    lo = middle - minSpan / 2;
    hi = middle + minSpan / 2;
  }
  const pad = (hi - lo) * PAD;
  return [10 ** (lo - pad), 10 ** (hi + pad)];
}

/** Mantissas tried in turn, coarse to fine. */
const STEPS: readonly (readonly number[])[] = [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]];

/**
 * Tick values in [lo, hi]: the powers of ten when there are at least three, else 1-2-5 steps,
 * else 1…9 steps, whichever first gives two or more. `logTicks(3, 40)` → 5, 10, 20.
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0 && hi >= lo && Number.isFinite(hi))) return [];
  let ticks: number[] = [];
  for (const [index, mantissas] of STEPS.entries()) {
    ticks = [];
    for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
      for (const m of mantissas) {
        // m · 10^k through the decimal string: 3 · 10^-1 is 0.30000000000000004 otherwise.
        const value = Number(`${m}e${k}`);
        if (value >= lo && value <= hi) ticks.push(value);
      }
    }
    if (ticks.length >= (index === 0 ? 3 : 2)) return ticks;
  }
  return ticks;
}
