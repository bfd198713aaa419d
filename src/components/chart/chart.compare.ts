/**
 * Two series of <ps-chart> side by side: at each size both measured, the ratio of their
 * medians with the range their p10–p90 allow, and the ratio of their power-law fits with the
 * range their 95 % prediction intervals allow. Plain data, like chart.data.ts.
 */

import type { PowerLawFit } from '../../scaling/fit';
import { MISSING } from '../../scaling/format';
import { formatExponent, formatRatio, integer } from '../shared/format';
import { fitOf, type MeasuredPoint, type Series } from './chart.data';

export interface CompareRow {
  readonly model: string;
  readonly params: number;
  /** a ÷ b of the medians. */
  readonly ratio: number;
  /** a's p10 ÷ b's p90 to a's p90 ÷ b's p10: the widest the two spreads allow; null without whiskers. */
  readonly ratioRange: readonly [number, number] | null;
  /** a's fit ÷ b's fit at this size; null when either has no fit. */
  readonly fitRatio: number | null;
  /** From the two prediction intervals, as ratioRange; null with too few sizes. */
  readonly fitRange: readonly [number, number] | null;
}

export interface Comparison {
  readonly a: Series;
  readonly b: Series;
  readonly rows: readonly CompareRow[];
  /** `a ÷ b ≈ 1.9 × (N / 1M)^−0.12, from the fits`, or why there is none. */
  readonly summary: string;
}

/** lo ÷ hi to hi ÷ lo of two ranges: every ratio the two allow. */
function rangeRatio(
  a: readonly [number, number] | null,
  b: readonly [number, number] | null,
): readonly [number, number] | null {
  return a && b && b[0] > 0 && b[1] > 0 ? [a[0] / b[1], a[1] / b[0]] : null;
}

export function compareSeries(a: Series, b: Series, points: readonly MeasuredPoint[]): Comparison {
  const ownA = points.filter((p) => p.series === a.id);
  const ownB = points.filter((p) => p.series === b.id);
  const fitA = fitOf(ownA) ?? null;
  const fitB = fitOf(ownB) ?? null;
  const rows = ownA.flatMap((pa): CompareRow[] => {
    const pb = ownB.find((p) => p.x === pa.x);
    if (!pb) return [];
    const fitRatio = fitA && fitB ? fitA.predict(pa.x) / fitB.predict(pa.x) : null;
    return [
      {
        model: pa.model,
        params: pa.x,
        ratio: pa.y / pb.y,
        ratioRange: rangeRatio(
          pa.whisker && [pa.whisker.lo, pa.whisker.hi],
          pb.whisker && [pb.whisker.lo, pb.whisker.hi],
        ),
        fitRatio,
        fitRange:
          fitA && fitB
            ? rangeRatio(fitA.predictionInterval(pa.x), fitB.predictionInterval(pa.x))
            : null,
      },
    ];
  });
  return { a, b, rows, summary: summary(fitA, fitB, rows.length) };
}

function summary(fitA: PowerLawFit | null, fitB: PowerLawFit | null, shared: number): string {
  const sizes = shared === 0 ? 'No size was measured in both. ' : '';
  if (!fitA || !fitB) return `${sizes}The fitted ratio needs 2 or more sizes in each series.`;
  // a ÷ b = (ca / cb) · N^(ka − kb); written against N in millions, where the ladder starts.
  const exponent = fitA.exponent - fitB.exponent;
  const atMillion = (fitA.coefficient / fitB.coefficient) * 1e6 ** exponent;
  return `${sizes}From the fits: a ÷ b ≈ ${formatRatio(atMillion)} × (N / 1M)^${formatExponent(exponent)}.`;
}

export const COMPARE_HEAD = [
  'Model',
  'Parameters',
  'a ÷ b (medians)',
  'range (p10–p90)',
  'a ÷ b (fits)',
  'range (95% prediction)',
] as const;

const range = (r: readonly [number, number] | null) =>
  r ? `${formatRatio(r[0])}–${formatRatio(r[1])}` : MISSING;

/** The cells of a row, in COMPARE_HEAD's order. */
export function compareCells(row: CompareRow): string[] {
  return [
    row.model,
    integer(row.params),
    formatRatio(row.ratio),
    range(row.ratioRange),
    row.fitRatio === null ? MISSING : formatRatio(row.fitRatio),
    range(row.fitRange),
  ];
}
