/**
 * How the elements write numbers, beside src/scaling/format.ts (counts, bytes, FLOPs): one
 * formatter per kind of number, so that a ratio or a latency reads the same in every element.
 * Numbers that are not finite never reach the screen: each formatter gives MISSING ('—').
 */

import { MISSING } from '../../scaling/format';

/** `value` to `figures` significant figures, without trailing zeros: 12.5, 0.0338, 1230. */
function significant(value: number, figures = 3): string {
  return String(Number(value.toPrecision(figures)));
}

/** An integer with thousands separators: `65535` → `"65,535"`. */
export function integer(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : MISSING;
}

/** Milliseconds (or tokens per second) to 3 significant figures: 12.5, 0.0338, 1230. */
export function formatMs(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return MISSING;
  return significant(ms);
}

/** A percentage with one decimal: `42.3%`. */
export function formatPercent(percent: number): string {
  return Number.isFinite(percent) ? `${percent.toFixed(1)}%` : MISSING;
}

/** A fitted exponent to 2 decimals, with a true minus sign: `0.82`, `−0.97`. */
export function formatExponent(exponent: number): string {
  return Number.isFinite(exponent) ? exponent.toFixed(2).replace('-', '−') : MISSING;
}

/**
 * A ratio: tokens per parameter, a bandwidth in GB/s. An integer is kept as it is (20, 1875,
 * 1234), since it is most often a value the reader typed and expects to see echoed; anything
 * else, computed, to 3 significant figures (1.71, 28.6, 1230).
 */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return MISSING;
  return Number.isInteger(ratio) ? String(ratio) : significant(ratio);
}

/** Loss in nats per token, 3 decimals. */
export function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? loss.toFixed(3) : MISSING;
}

/** PF-days: 3 significant figures, exponent notation outside [0.01, 10⁵). */
export function formatPfDays(pfDays: number): string {
  if (!Number.isFinite(pfDays)) return MISSING;
  return pfDays >= 0.01 && pfDays < 1e5
    ? significant(pfDays)
    : pfDays.toExponential(2).replace('e+', 'e');
}

/** Exponent notation with every digit and no `+`, as a field takes it: `5.76e23`. */
export function exponentNotation(value: number): string {
  return Number.isFinite(value) ? value.toExponential().replace('e+', 'e') : MISSING;
}
