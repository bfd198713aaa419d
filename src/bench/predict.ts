/**
 * Predicted decode speed of a model not yet run, from this device's own measurements: a
 * power law of decode ms/token against weight bytes (a decode step reads every weight once,
 * so bytes, not parameters, are what it scales with), fitted to the latest record of each
 * size that one engine ran at one precision on one device. An estimate, said as one: with the
 * fit's 95 % prediction interval, whether it extrapolates, and the bandwidth floor beside it.
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
  series: {
    readonly engine: ResultRecord['engine'];
    readonly dtype: Precision;
    readonly device: string | null;
  },
  weightBytes: number,
  bandwidthGBs?: number,
): DecodePrediction | null {
  const latest = new Map<number, ResultRecord>();
  for (const r of records) {
    if (r.engine !== series.engine || r.dtype !== series.dtype || deviceKey(r) !== series.device)
      continue;
    if (!r.decodeMsPerToken || !(r.decodeMsPerToken.median > 0)) continue;
    const seen = latest.get(r.weightBytes);
    if (!seen || Date.parse(r.time) > Date.parse(seen.time)) latest.set(r.weightBytes, r);
  }
  if (latest.size < 2) return null;
  const points = [...latest.values()].map((r) => ({
    x: r.weightBytes,
    y: r.decodeMsPerToken!.median,
  }));
  const fit = fitPowerLaw(points);
  const xs = points.map((p) => p.x);
  const bytesRange = [Math.min(...xs), Math.max(...xs)] as const;
  return {
    msPerToken: fit.predict(weightBytes),
    interval: fit.predictionInterval(weightBytes),
    extrapolated: weightBytes < bytesRange[0] || weightBytes > bytesRange[1],
    floorMs:
      bandwidthGBs && bandwidthGBs > 0 && series.device !== null
        ? bandwidthFloorMs(weightBytes, bandwidthGBs)
        : null,
    basis: { ...series, n: points.length, bytesRange },
  };
}
