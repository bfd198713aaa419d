/**
 * Summary statistics of timed runs, as the measuring protocol (docs/methodology.md) reports
 * them: median, p10, p90, and the coefficient of variation, with a flag when the spread is
 * too large to trust the median.
 */

export interface Spread {
  /** Number of timed runs summarised. */
  readonly n: number;
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Sample standard deviation / mean; 0 for a single run. */
  readonly cv: number;
}

/**
 * Above this coefficient of variation a figure is flagged: a browser's timers, a GPU's clocks
 * and a busy machine easily produce 10–20 % noise, and past 25 % the median says little.
 */
export const UNSTABLE_CV = 0.25;

/**
 * Quantile by linear interpolation between closest ranks (Hyndman & Fan 1996, definition 7,
 * the default of NumPy and R): q = 0.5 on [1, 2, 3, 4] gives 2.5.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is outside [0, 1]`);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const fraction = position - below;
  return sorted[below]! + (sorted[above]! - sorted[below]!) * fraction;
}

export function summarize(samples: readonly number[]): Spread {
  if (samples.length === 0) throw new RangeError('no samples to summarise');
  if (samples.some((s) => !Number.isFinite(s) || s < 0)) {
    throw new RangeError(`timings must be finite and non-negative: ${samples.join(', ')}`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return {
    n,
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    min: sorted[0]!,
    max: sorted[n - 1]!,
    mean,
    cv: mean > 0 ? Math.sqrt(variance) / mean : 0,
  };
}

export const isUnstable = (spread: Spread) => spread.cv > UNSTABLE_CV;
