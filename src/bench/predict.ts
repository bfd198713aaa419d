/**
 * Predicted decode speed of a model not yet run, from this device's own measurements: a
 * power law of decode ms/token against weight bytes (a decode step reads every weight once,
 * so bytes, not parameters, are what it scales with), fitted to the latest record of each
 * size that one engine ran at one precision on one device. An estimate, said as one: with the
 * fit's 95 % prediction interval, whether it extrapolates, and the bandwidth floor beside it.
 * Prefill is predicted the same way, over the records of one prompt length.
 */

import type { Precision } from '../scaling';
import { bandwidthFloorMs, fitPowerLaw } from '../scaling';
import type { ResultRecord } from './result';

export interface PredictionBasis {
  readonly engine: ResultRecord['engine'];
  readonly dtype: Precision;
  /** The adapter the measurements ran on, as the records describe it; null for a CPU engine. */
  readonly device: string | null;
  /** Sizes fitted (the latest record of each). */
  readonly n: number;
  /** The smallest and largest weight bytes measured. */
  readonly bytesRange: readonly [number, number];
}

export interface DecodePrediction {
  /** ESTIMATE: ms per token from the fit. */
  readonly msPerToken: number;
  /** 95 % prediction interval, or null with only two sizes measured. */
  readonly interval: readonly [number, number] | null;
  /** The model lies outside the sizes measured: the fit is extrapolated. */
  readonly extrapolated: boolean;
  /** weight bytes ÷ the measured bandwidth: no decode step can be faster; null without one. */
  readonly floorMs: number | null;
  readonly basis: PredictionBasis;
}

/** How a record (or a page) names its device: vendor, architecture and description; null: CPU. */
export function deviceKey(record: {
  readonly device: { vendor: string; architecture: string; description: string } | null;
}): string | null {
  const d = record.device;
  return d ? [d.vendor, d.architecture, d.description].filter(Boolean).join(' ') : null;
}

/**
 * Decode ms/token of a model of `weightBytes` on `engine` at `dtype` on the device `device`,
 * or null when fewer than two sizes were measured there ("run the ladder first").
 */
export function predictDecode(
  records: readonly ResultRecord[],
  series: Series,
  weightBytes: number,
  bandwidthGBs?: number,
): DecodePrediction | null {
  const fit = fitSeries(
    records.filter((r) => inSeries(r, series)),
    (r) => r.decodeMsPerToken?.median ?? null,
    weightBytes,
  );
  if (!fit) return null;
  return {
    msPerToken: fit.ms,
    interval: fit.interval,
    extrapolated: fit.extrapolated,
    floorMs:
      bandwidthGBs && bandwidthGBs > 0 && series.device !== null
        ? bandwidthFloorMs(weightBytes, bandwidthGBs)
        : null,
    basis: { ...series, n: fit.n, bytesRange: fit.bytesRange },
  };
}

export interface PrefillPrediction {
  /** ESTIMATE: ms for one prefill of `promptTokens` tokens, from the fit. */
  readonly ms: number;
  /** The prompt length the fitted prefills ran at: the prediction is for that length. */
  readonly promptTokens: number;
  readonly interval: readonly [number, number] | null;
  readonly extrapolated: boolean;
  readonly basis: PredictionBasis;
}

/**
 * Prefill ms of a model of `weightBytes`, fitted like decode but only over records of one
 * prompt length (prefill time grows with the tokens too): the length with the most sizes
 * measured, the longer on a tie. Null with fewer than two sizes at any one length.
 */
export function predictPrefill(
  records: readonly ResultRecord[],
  series: Series,
  weightBytes: number,
): PrefillPrediction | null {
  const mine = records.filter((r) => inSeries(r, series));
  const byPrompt = new Map<number, ResultRecord[]>();
  for (const r of mine) byPrompt.set(r.promptTokens, [...(byPrompt.get(r.promptTokens) ?? []), r]);
  const sizes = (rs: readonly ResultRecord[]) => new Set(rs.map((r) => r.weightBytes)).size;
  const [best] = [...byPrompt.entries()].sort(([ta, a], [tb, b]) => sizes(b) - sizes(a) || tb - ta);
  if (!best) return null;
  const fit = fitSeries(best[1], (r) => r.prefillMs.median, weightBytes);
  if (!fit) return null;
  return {
    ms: fit.ms,
    promptTokens: best[0],
    interval: fit.interval,
    extrapolated: fit.extrapolated,
    basis: { ...series, n: fit.n, bytesRange: fit.bytesRange },
  };
}

interface Series {
  readonly engine: ResultRecord['engine'];
  readonly dtype: Precision;
  readonly device: string | null;
}

const inSeries = (r: ResultRecord, s: Series) =>
  r.engine === s.engine && r.dtype === s.dtype && deviceKey(r) === s.device;

/** The power law of `time` against weight bytes over the latest record of each size. */
function fitSeries(
  records: readonly ResultRecord[],
  time: (r: ResultRecord) => number | null,
  weightBytes: number,
) {
  const latest = new Map<number, { at: number; y: number }>();
  for (const r of records) {
    const y = time(r);
    if (y === null || !(y > 0)) continue;
    const at = Date.parse(r.time);
    const seen = latest.get(r.weightBytes);
    if (!seen || at > seen.at) latest.set(r.weightBytes, { at, y });
  }
  if (latest.size < 2) return null;
  const points = [...latest.entries()].map(([x, { y }]) => ({ x, y }));
  const fit = fitPowerLaw(points);
  const xs = points.map((p) => p.x);
  const bytesRange = [Math.min(...xs), Math.max(...xs)] as const;
  return {
    ms: fit.predict(weightBytes),
    interval: fit.predictionInterval(weightBytes),
    extrapolated: weightBytes < bytesRange[0] || weightBytes > bytesRange[1],
    n: points.length,
    bytesRange,
  };
}
