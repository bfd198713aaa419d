/**
 * Every fact about a metric of <ps-chart>, in one table: how it is named, how a record gives
 * its value and spread, which flag makes it unstable, what it draws besides the points, and
 * how its numbers are written. chart.data.ts, chart.plot.ts and the element read it, so a
 * new metric is one entry here and the compiler finds nothing else to change.
 */

import type { ResultRecord } from '../../bench/result';
import { formatBytes } from '../../scaling/format';
import { formatMs } from '../shared/format';

export const CHART_METRICS = ['prefill', 'decode', 'memory', 'throughput'] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

export function isChartMetric(value: unknown): value is ChartMetric {
  return (CHART_METRICS as readonly unknown[]).includes(value);
}

/** The timing summary of a record: median, p10, p90, n and cv. */
export type Spread = ResultRecord['prefillMs'];

/** What a metric is called and what it says; in chart.data.ts' sentences too. */
export interface MetricText {
  /** The tab's name, and the metric's name in tips and notes: `Decode`. */
  readonly name: string;
  /** The y axis; up to its comma, the chart's title and the table's caption. */
  readonly yLabel: string;
  /** The unit of its timings in heads and tips (`ms/token`); memory writes its own. */
  readonly unit: string;
  /** Shown instead of a chart when no record measured it. */
  readonly nothingMeasured: string;
}

export interface MetricEntry {
  readonly text: MetricText;
  /** The value a record gives; null when the run did not measure it. */
  readonly value: (record: ResultRecord) => number | null;
  /**
   * A timing's spread, for the whisker, n and cv; null for memory, which is measured once
   * per run. Only timings get the software-adapter note: SwiftShader says nothing of a GPU's
   * speed, but its memory counts are real.
   */
  readonly timing: {
    /** The timing the value comes from; null when the run did not measure it. */
    readonly spread: (record: ResultRecord) => Spread | null;
    /** p10–p90 of the spread in the metric's unit. */
    readonly whisker: (spread: Spread) => readonly [lo: number, hi: number];
  } | null;
  /** The flag the bench sets when its cv is over UNSTABLE_CV; memory has none. */
  readonly unstableFlag: string | undefined;
  /** Draws the memory estimate beside the measured points. */
  readonly estimate: boolean;
  /** Draws the bandwidth floor, when a bandwidth is known. */
  readonly bandwidthFloor: boolean;
  /** A value in its unit, for the table and the tips (the unit is in the head). */
  readonly format: (value: number | null) => string;
  /** A y-axis tick label. */
  readonly tick: (value: number) => string;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact' });
const SI_BYTES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/** `20 MB`, `1.5 GB`: tick labels, shorter than formatBytes' `20.0 MB`. */
function bytesTick(bytes: number): string {
  let unit = 0;
  while (unit < SI_BYTES.length - 1 && bytes >= 1000 ** (unit + 1)) unit++;
  return `${Number((bytes / 1000 ** unit).toPrecision(3))} ${SI_BYTES[unit]}`;
}

const p10ToP90 = (spread: Spread) => [spread.p10, spread.p90] as const;
const timingNotMeasured = (name: string) =>
  `No ${name} timings in these results: the runs did not measure it.`;

export const METRICS: Readonly<Record<ChartMetric, MetricEntry>> = Object.freeze({
  prefill: {
    text: {
      name: 'Prefill',
      yLabel: 'Prefill latency, median (ms)',
      unit: 'ms',
      nothingMeasured: timingNotMeasured('prefill'),
    },
    value: (record) => record.prefillMs.median,
    timing: { spread: (record) => record.prefillMs, whisker: p10ToP90 },
    unstableFlag: 'unstable-prefill',
    estimate: false,
    bandwidthFloor: false,
    format: formatMs,
    tick: formatMs,
  },
  decode: {
    text: {
      name: 'Decode',
      yLabel: 'Decode latency, median (ms per token)',
      unit: 'ms/token',
      nothingMeasured: timingNotMeasured('decode'),
    },
    value: (record) => record.decodeMsPerToken?.median ?? null,
    timing: { spread: (record) => record.decodeMsPerToken, whisker: p10ToP90 },
    unstableFlag: 'unstable-decode',
    estimate: false,
    // Decoding a token reads every weight once: the floor is a decode time.
    bandwidthFloor: true,
    format: formatMs,
    tick: formatMs,
  },
  memory: {
    text: {
      name: 'Memory',
      yLabel: 'Peak GPU memory (bytes)',
      unit: 'bytes',
      nothingMeasured: 'No memory was measured in these results.',
    },
    value: (record) => record.peakGpuBytes,
    timing: null,
    unstableFlag: undefined,
    estimate: true,
    bandwidthFloor: false,
    format: formatBytes,
    tick: bytesTick,
  },
  throughput: {
    text: {
      name: 'Throughput',
      yLabel: 'Decode throughput, median (tokens/s)',
      unit: 'tokens/s',
      nothingMeasured: timingNotMeasured('throughput'),
    },
    value: (record) => record.tokensPerSecond,
    timing: {
      spread: (record) => record.decodeMsPerToken,
      // Tokens per second fall as milliseconds rise: p90 of the time is p10 of the throughput.
      whisker: (spread) => [1000 / spread.p90, 1000 / spread.p10] as const,
    },
    unstableFlag: 'unstable-decode',
    estimate: false,
    bandwidthFloor: false,
    format: formatMs, // tokens/s read well to 3 significant figures too
    tick: (rate) => compact.format(rate),
  },
});

/** The tab names. */
export const METRIC_NAMES: Readonly<Record<ChartMetric, string>> = Object.freeze({
  prefill: METRICS.prefill.text.name,
  decode: METRICS.decode.text.name,
  memory: METRICS.memory.text.name,
  throughput: METRICS.throughput.text.name,
});
