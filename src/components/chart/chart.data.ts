/**
 * What each metric of <ps-chart> shows, as plain data: one point per model and series (the
 * latest record), its p10–p90 whisker, a power-law fit per series, the memory estimate, the
 * bandwidth floor, and the table. A series is an engine with its weights at one precision on
 * one device (adapter and browser): f32 and f16 runs of an engine never share a point or a
 * fit, nor do records imported from another machine and this one's. No DOM and no Plot here
 * (chart.plot.ts draws it), so the chart and the table are computed once, from the same
 * numbers.
 */

import type { ResultRecord } from '../../bench/result';
import { UNSTABLE_CV } from '../../bench/statistics';
import { ENGINE_IDS, ENGINES, type EngineId } from '../../engines/registry';
import { LADDER_IDS, PRESETS } from '../../models/presets';
import { fitPowerLaw } from '../../scaling/fit';
import { formatBytes, formatCount, MISSING } from '../../scaling/format';
import { bandwidthFloorMs } from '../../scaling/memory';
import { countParams } from '../../scaling/params';
import { PRECISIONS, type Precision } from '../../scaling/precision';
import { formatExponent, formatMs, formatPercent, formatRatio, integer } from '../shared/format';
import { deviceKey, deviceLabel, deviceSlug, type Sourced } from './chart.devices';
import { type ChartMetric, METRICS, type Spread } from './chart.metrics';

export const X_LABEL = 'Parameters N';

const SOFTWARE_ADAPTER = 'software-adapter';

// ---------------------------------------------------------------------------------------------
// What a metric draws

/**
 * An engine with its weights at one precision on one device: its own points, fit, legend
 * entry and marks.
 */
export interface Series {
  /**
   * `data-series` of its legend entry: the engine's id for f32, so that selectors written
   * before f16 existed still find it, and `<engine>-f16` for f16; with records of more than
   * one device, `@<device slug>` follows.
   */
  readonly id: string;
  readonly engine: EngineId;
  readonly dtype: Precision;
  /** `NVIDIA GeForce RTX 4090 · Chrome 140` (chart.devices.ts). */
  readonly device: string;
  /** Which of the records' devices, in the order they first come: it shades the colour. */
  readonly deviceIndex: number;
  /**
   * `wgsl f16`: how the legend, the tips and the marks' descriptions name it; with more than
   * one device, `wgsl f16 · <device>`.
   */
  readonly name: string;
}

/** The devices of `records`, in the order they first come: index 0 is usually this one. */
export interface DeviceOrder {
  readonly keys: readonly string[];
  /** The index of a record's device in `keys`. */
  readonly of: (record: ResultRecord) => number;
}

/**
 * A record of a CPU engine has no adapter: it counts as the device of the first GPU record
 * with the same browser (a run of WebGPU and WASM engines on one machine is one device), and
 * as a device of its own only when there is none.
 */
export function deviceOrder(records: readonly (ResultRecord & Sourced)[]): DeviceOrder {
  // The browser and the file a record came from: a published CPU record joins its file's GPU.
  const machine = (r: ResultRecord & Sourced) => `${r.browser}\u0000${r.publishedIn ?? ''}`;
  const byMachine = new Map<string, string>();
  for (const r of records) {
    if (r.device !== null && !byMachine.has(machine(r))) byMachine.set(machine(r), deviceKey(r));
  }
  const keyOf = (r: ResultRecord) =>
    r.device === null ? (byMachine.get(machine(r)) ?? deviceKey(r)) : deviceKey(r);
  const keys = [...new Set(records.map(keyOf))];
  return { keys, of: (r) => keys.indexOf(keyOf(r)) };
}

export function seriesOf(record: ResultRecord, devices: DeviceOrder): Series {
  const { engine, dtype } = record;
  const device = deviceLabel(record);
  const several = devices.keys.length > 1;
  const base = dtype === 'f32' ? engine : `${engine}-${dtype}`;
  return {
    id: several ? `${base}@${deviceSlug(device)}` : base,
    engine,
    dtype,
    device,
    deviceIndex: Math.max(0, devices.of(record)),
    name: several ? `${engine} ${dtype} · ${device}` : `${engine} ${dtype}`,
  };
}

/** Devices past this many share the last shade (chart.styles.ts). */
export const DEVICE_SHADES = 4;

/**
 * The classes of a series' marks and legend entry (chart.styles.ts): the engine gives the
 * colour, the precision the shape, so f32 and f16 of one engine read as related; the device
 * shades the colour, so one engine on two machines reads as one engine.
 */
export function seriesClass(series: Series): string {
  const shade = Math.min(series.deviceIndex, DEVICE_SHADES - 1);
  return `engine-${series.engine} dtype-${series.dtype} device-${shade}`;
}

/** One measured value: a model in a series. */
export interface MeasuredPoint {
  /** The id of its Series. */
  readonly series: string;
  readonly model: string;
  readonly x: number;
  readonly y: number;
  /** p10 and p90 (for throughput, 1000 / p90 and 1000 / p10 of decode); null for memory. */
  readonly whisker: { readonly lo: number; readonly hi: number } | null;
  /** Drawn hollow: the spread is too wide to trust the median. */
  readonly unstable: boolean;
  readonly title: string;
}

/** A point of a guide, not a measurement: the memory estimate, the bandwidth floor. */
export interface GuidePoint {
  /** The precision of the weights it is computed for. */
  readonly dtype: Precision;
  /**
   * The line it is on: one per precision and way of holding it (src/scaling/held.ts), since our
   * engine and our ONNX decoder hold the same q4 in different bytes.
   */
  readonly line: string;
  readonly x: number;
  readonly y: number;
  readonly title: string;
}

/** A point of a fit extended past the sizes it was fitted on: a prediction, not a measurement. */
export interface PredictedPoint {
  readonly x: number;
  readonly y: number;
  /** The 95 % prediction interval of a new measurement at x; null with 2 sizes (no interval). */
  readonly lo: number | null;
  readonly hi: number | null;
}

/** A series' power-law fit, as a segment over the sizes it was fitted on. */
export interface FitLine {
  /** The id of its Series. */
  readonly series: string;
  readonly exponent: number;
  readonly from: { readonly x: number; readonly y: number };
  readonly to: { readonly x: number; readonly y: number };
  /** From its largest size up to the ladder's largest (LADDER_MAX_PARAMS): drawn dashed, shaded. */
  readonly prediction: readonly PredictedPoint[];
}

/** The ladder's largest model (gpt2-1.5b): how far a fit is extended as a prediction. */
export const LADDER_MAX_PARAMS = Math.max(
  ...LADDER_IDS.map((id) => countParams(PRESETS[id].config).total),
);

/** Points of a prediction per decade of N: enough for a smooth band on a log axis. */
const PREDICTION_STEPS_PER_DECADE = 8;

/** A row of the HTML legend. */
export interface LegendEntry {
  /** `data-series` of the entry: a Series' id, `estimate`, `floor`. */
  readonly series: string;
  /** The CSS classes that colour and shape its swatch (chart.styles.ts). */
  readonly className: string;
  /** `ort-webgpu f32 (webgpu, webgpu+wasm)`. */
  readonly label: string;
  /** The device it was measured on (chart.devices.ts); empty for a guide. */
  readonly device: string;
  /** Hidden by the reader: listed, not drawn. Guides cannot be hidden. */
  readonly hidden: boolean;
  /** The fit, or why there is none: `∝ N^0.82 (R² 0.99, 95% CI 0.71–0.93)`. */
  readonly detail: string;
}

export interface TableRow {
  readonly engine: EngineId;
  readonly unstable: boolean;
  readonly cells: readonly string[];
}

export interface ChartData {
  readonly metric: ChartMetric;
  /** No records at all: the element shows its empty state. */
  readonly empty: boolean;
  readonly title: string;
  readonly yLabel: string;
  /** The series drawn: in ENGINE_IDS order, f32 before f16 within an engine. */
  readonly series: readonly Series[];
  readonly points: readonly MeasuredPoint[];
  /** Every series with a point and its points, hidden ones included: what can be compared. */
  readonly comparable: {
    readonly series: readonly Series[];
    readonly points: readonly MeasuredPoint[];
  };
  readonly fits: readonly FitLine[];
  /** Memory: estimatedBytes per model size and precision. Empty for the other metrics. */
  readonly estimates: readonly GuidePoint[];
  /** Decode with a bandwidth: weightBytes ÷ bandwidth per model size and precision. Empty otherwise. */
  readonly floor: readonly GuidePoint[];
  readonly legend: readonly LegendEntry[];
  /** Sentences under the chart, each about something the reader sees in it. */
  readonly notes: readonly string[];
  readonly table: {
    readonly caption: string;
    readonly head: readonly string[];
    readonly rows: readonly TableRow[];
  };
}

export interface ChartInput {
  readonly records: readonly ResultRecord[];
  readonly metric: ChartMetric;
  /** Measured memory bandwidth in GB/s (10⁹ bytes per second); undefined when unknown. */
  readonly bandwidth: number | undefined;
  /** Ids of series the reader hid: in the legend and the table, not in the chart. */
  readonly hidden?: ReadonlySet<string>;
  /**
   * Records from a published file (`<ps-chart src>`), shown beside `records` and never mixed
   * into their series: each is labelled with `name` and the day it was measured.
   */
  readonly published?: { readonly name: string; readonly records: readonly ResultRecord[] };
}

/** `records` and the published ones, each of those with its source (chart.devices.ts). */
function allRecords({ records, published }: ChartInput): (ResultRecord & Sourced)[] {
  return [
    ...records,
    ...(published?.records ?? []).map((r) => ({
      ...r,
      publishedIn: `${published!.name}, ${r.time.slice(0, 10)}`,
    })),
  ];
}

/** The value a record gives for `metric`; null when the run did not measure it. */
export function metricValue(record: ResultRecord, metric: ChartMetric): number | null {
  return METRICS[metric].value(record);
}

/**
 * For each (model, engine, dtype, device) the most recent record (by `time`) that has a value
 * for `metric`, or the most recent one when none has; with how many records had a value.
 */
export function latestRecords(
  records: readonly ResultRecord[],
  metric: ChartMetric,
): { record: ResultRecord; of: number }[] {
  const groups = new Map<string, ResultRecord[]>();
  for (const record of records) {
    const key = JSON.stringify([record.model, record.engine, record.dtype, deviceKey(record)]);
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups.values()].map((group) => {
    const measured = group.filter((r) => metricValue(r, metric) !== null);
    const candidates = measured.length ? measured : group;
    const record = candidates.reduce((a, b) => (Date.parse(b.time) > Date.parse(a.time) ? b : a));
    return { record, of: measured.length };
  });
}

/**
 * The floor of `record` at `bandwidth`, or undefined when it does not apply: the bandwidth is
 * the GPU's, and a CPU engine (no device: ort-wasm) is bound by the CPU's memory instead.
 */
function gpuFloorMs(record: ResultRecord, bandwidth: number | undefined): number | undefined {
  return bandwidth === undefined || record.device === null
    ? undefined
    : bandwidthFloorMs(record.weightBytes, bandwidth);
}

/** A bandwidth that can be used: finite and above 0 GB/s. */
export function usableBandwidth(bandwidth: number | null | undefined): number | undefined {
  return typeof bandwidth === 'number' && Number.isFinite(bandwidth) && bandwidth > 0
    ? bandwidth
    : undefined;
}

export function chartData(input: ChartInput): ChartData {
  const { metric, bandwidth, hidden = new Set() } = input;
  const records = allRecords(input);
  const devices = deviceOrder(records);
  const device = devices.of;
  const shown = latestRecords(records, metric).sort(
    (a, b) =>
      ENGINE_IDS.indexOf(a.record.engine) - ENGINE_IDS.indexOf(b.record.engine) ||
      PRECISIONS.indexOf(a.record.dtype) - PRECISIONS.indexOf(b.record.dtype) ||
      device(a.record) - device(b.record) ||
      a.record.params - b.record.params ||
      a.record.model.localeCompare(b.record.model),
  );
  const withFloor = METRICS[metric].bandwidthFloor ? usableBandwidth(bandwidth) : undefined;
  const measured = shown.flatMap(({ record, of }) => {
    const point = measuredPoint(record, metric, of, withFloor, devices);
    return point ? [point] : [];
  });
  // `shown` is in series order, and a Map keeps its keys in the order they first came.
  const withPoints = new Set(measured.map((p) => p.series));
  const listed = [
    ...new Map(shown.map(({ record }) => seriesOf(record, devices)).map((s) => [s.id, s])).values(),
  ].filter(({ id }) => withPoints.has(id));
  const series = listed.filter(({ id }) => !hidden.has(id));
  const points = measured.filter((p) => !hidden.has(p.series));
  const fits = series.flatMap(({ id }) => {
    const line = fitLine(id, points);
    return line ? [line] : [];
  });
  const estimates = METRICS[metric].estimate
    ? guidePoints(
        shown.map(({ record }) => record),
        (r) => r.estimatedBytes,
        (r, y) =>
          `Estimate for ${r.model}: ${formatBytes(y)}\nParameters: ${integer(r.params)}\nWeights + KV cache + activations (${r.dtype}, ${r.promptTokens}+${r.decodeTokens} tokens): ${estimateBasis(r)}, the rest estimated: not a measurement`,
      )
    : [];
  const floor =
    withFloor === undefined
      ? []
      : guidePoints(
          shown.map(({ record }) => record),
          (r) => bandwidthFloorMs(r.weightBytes, withFloor),
          (r, y) =>
            `Bandwidth floor for ${r.model} (${r.dtype}): ${formatMs(y)} ms per token\n${formatBytes(r.weightBytes)} of ${r.dtype} weights ÷ ${formatRatio(withFloor)} GB/s`,
        );

  const shownRecords = shown.map(({ record }) => record);
  return {
    metric,
    empty: records.length === 0,
    title: `${METRICS[metric].text.yLabel.split(',')[0]} against parameters`,
    yLabel: METRICS[metric].text.yLabel,
    series,
    points,
    comparable: { series: listed, points: measured },
    fits,
    estimates,
    floor,
    legend: [
      ...listed.map((own) => legendEntry(own, measured, shownRecords, devices, hidden.has(own.id))),
      ...(estimates.length
        ? [
            {
              series: 'estimate',
              className: 'estimate',
              label: 'estimate',
              device: '',
              hidden: false,
              detail: 'from the parameter count and the bytes held',
            },
          ]
        : []),
      ...(withFloor !== undefined && floor.length
        ? [
            {
              series: 'floor',
              className: 'floor',
              label: 'bandwidth floor',
              device: '',
              hidden: false,
              detail: `weight bytes ÷ ${formatRatio(withFloor)} GB/s`,
            },
          ]
        : []),
    ],
    notes: notes(metric, shown, series, points, withFloor, devices),
    table: table(metric, shown, withFloor, devices),
  };
}

function measuredPoint(
  record: ResultRecord,
  metric: ChartMetric,
  of: number,
  bandwidth: number | undefined,
  devices: DeviceOrder,
): MeasuredPoint | undefined {
  const y = metricValue(record, metric);
  // A log axis has no place for 0 (or a missing value): the table still lists the record.
  if (y === null || !(y > 0 && Number.isFinite(y))) return undefined;
  const unstable = isUnstable(record, metric);
  return {
    series: seriesOf(record, devices).id,
    model: record.model,
    x: record.params,
    y,
    whisker: whiskerOf(record, metric),
    unstable,
    title: tipText(record, metric, of, bandwidth),
  };
}

function isUnstable(record: ResultRecord, metric: ChartMetric): boolean {
  const flag = METRICS[metric].unstableFlag;
  return flag !== undefined && record.flags.includes(flag);
}

/** p10–p90 in the metric's unit; null where it cannot be drawn on a log axis. */
function whiskerOf(record: ResultRecord, metric: ChartMetric): MeasuredPoint['whisker'] {
  const { timing } = METRICS[metric];
  const spread = timing?.spread(record);
  if (!timing || !spread) return null;
  const [lo, hi] = timing.whisker(spread);
  return lo > 0 && hi > 0 && Number.isFinite(lo) && Number.isFinite(hi) ? { lo, hi } : null;
}

/** The timing summary behind a record's value of `metric`; null for memory or unmeasured. */
function spreadOf(record: ResultRecord, metric: ChartMetric): Spread | null {
  return METRICS[metric].timing?.spread(record) ?? null;
}

/**
 * Distinct (dtype, params, value) triples of the records, in size order: one per model size
 * and precision, since f16 weights take fewer bytes than f32 ones.
 */
/** What a record's estimate counts its weights from. */
function estimateBasis(record: ResultRecord): string {
  return ENGINES[record.engine].holding
    ? `the weights' bytes as ${ENGINES[record.engine].shortLabel} holds them`
    : 'every parameter at the precision';
}

function guidePoints(
  records: readonly ResultRecord[],
  value: (record: ResultRecord) => number,
  title: (record: ResultRecord, y: number) => string,
): GuidePoint[] {
  const seen = new Map<string, GuidePoint>();
  for (const record of records) {
    const y = value(record);
    if (!(y > 0 && Number.isFinite(y))) continue;
    // A point two conventions share (f32 is the same bytes in each) is drawn once, on the
    // line of the first; they share it at every size, so neither line is left with a gap.
    const line = `${record.dtype} ${ENGINES[record.engine].holding?.id ?? 'as-run'}`;
    const key = `${record.dtype}:${record.params}:${y}`;
    if (!seen.has(key)) {
      seen.set(key, { dtype: record.dtype, line, x: record.params, y, title: title(record, y) });
    }
  }
  return [...seen.values()].sort((a, b) => a.x - b.x || a.y - b.y);
}

/** The fit of a series' points, when it has at least two distinct sizes. */
function fitLine(series: string, points: readonly MeasuredPoint[]): FitLine | undefined {
  const own = points.filter((p) => p.series === series);
  const fit = fitOf(own);
  if (!fit) return undefined;
  const xs = own.map((p) => p.x);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return {
    series,
    exponent: fit.exponent,
    from: { x: lo, y: fit.predict(lo) },
    to: { x: hi, y: fit.predict(hi) },
    prediction: predicted(fit, hi),
  };
}

function predicted(fit: NonNullable<ReturnType<typeof fitOf>>, from: number): PredictedPoint[] {
  if (!(from < LADDER_MAX_PARAMS)) return [];
  const decades = Math.log10(LADDER_MAX_PARAMS / from);
  const steps = Math.max(2, Math.ceil(decades * PREDICTION_STEPS_PER_DECADE));
  return Array.from({ length: steps + 1 }, (_, i) => {
    const x = i === steps ? LADDER_MAX_PARAMS : from * 10 ** ((decades * i) / steps);
    const interval = fit.predictionInterval(x);
    return { x, y: fit.predict(x), lo: interval?.[0] ?? null, hi: interval?.[1] ?? null };
  });
}

/** The power-law fit of points, when they span 2 or more sizes and it is finite. */
export function fitOf(points: readonly MeasuredPoint[]) {
  if (new Set(points.map((p) => p.x)).size < 2) return undefined;
  const fit = fitPowerLaw(points.map(({ x, y }) => ({ x, y })));
  return Number.isFinite(fit.exponent) && Number.isFinite(fit.coefficient) ? fit : undefined;
}

function legendEntry(
  series: Series,
  points: readonly MeasuredPoint[],
  records: readonly ResultRecord[],
  devices: DeviceOrder,
  hidden: boolean,
): LegendEntry {
  const providers = [
    ...new Set(records.filter((r) => seriesOf(r, devices).id === series.id).map((r) => r.provider)),
  ];
  const own = points.filter((p) => p.series === series.id);
  return {
    series: series.id,
    className: seriesClass(series),
    label: `${series.engine} ${series.dtype} (${providers.join(', ')})`,
    device: series.device,
    hidden,
    detail: fitText(own),
  };
}

/** `∝ N^0.82 (R² 0.99, 95% CI 0.71–0.93)`, or why there is no fit. */
export function fitText(points: readonly MeasuredPoint[]): string {
  const sizes = new Set(points.map((p) => p.x)).size;
  const fit = fitOf(points);
  if (!fit) return sizes === 1 ? '1 size: no fit' : 'no fit';
  const interval = fit.exponentInterval;
  const spread = interval
    ? `95% CI ${formatExponent(interval[0])}–${formatExponent(interval[1])}`
    : `${sizes} sizes: no interval`;
  return `∝ N^${formatExponent(fit.exponent)} (R² ${fit.r2.toFixed(2)}, ${spread})`;
}

function notes(
  metric: ChartMetric,
  shown: readonly { record: ResultRecord; of: number }[],
  series: readonly Series[],
  points: readonly MeasuredPoint[],
  bandwidth: number | undefined,
  devices: DeviceOrder,
): string[] {
  const out: string[] = [];
  if (devices.keys.length > 1) {
    out.push(
      `Results from ${devices.keys.length} devices: each engine and precision has a series and a fit per device, one shade of the engine's colour each.`,
    );
  }
  const perPrecision =
    new Set(shown.map(({ record }) => record.dtype)).size > 1
      ? ', one line per weight precision'
      : '';
  const { timing, estimate } = METRICS[metric];
  if (timing && shown.some(({ record }) => record.flags.includes(SOFTWARE_ADAPTER))) {
    out.push(
      'Measured on a software adapter (SwiftShader: WebGPU emulated on the CPU): these timings are not GPU timings.',
    );
  }
  if (points.length) {
    out.push(
      !timing
        ? 'Dots: the measured peak of the GPU bytes each engine allocated. Lines: power-law fits y ∝ N^k on the log-log axes, per engine and weight precision with 2 or more sizes.'
        : 'Dots: medians, whiskers p10–p90. Lines: power-law fits y ∝ N^k on the log-log axes, per engine and weight precision with 2 or more sizes.',
    );
  }
  if (points.length && new Set(points.map((p) => p.x)).size > 1) {
    out.push(
      `Dotted past the largest size run: each fit extended as a prediction up to ${formatCount(LADDER_MAX_PARAMS)} parameters (the ladder's largest), shaded by its 95% prediction interval where 3 or more sizes give one — not measured.`,
    );
  }
  if (series.some((s) => s.dtype === 'f16')) {
    out.push(
      'Squares and dashed fits: f16 weights; circles and solid fits: f32. Both precisions of an engine share its colour.',
    );
  }
  if (points.some((p) => p.unstable)) {
    out.push(
      `Hollow dots are unstable: their runs vary by more than ${UNSTABLE_CV * 100}% (coefficient of variation), so the median says little.`,
    );
  }
  if (estimate) {
    out.push(
      `Hollow dashed: the estimate of weights (the bytes the engine holds), KV cache and activations from the parameter count — not a measurement${perPrecision}.`,
    );
    const unmeasured = shown.filter(({ record }) => record.peakGpuBytes === null).length;
    if (unmeasured) {
      out.push(
        `${unmeasured} ${unmeasured === 1 ? 'result has' : 'results have'} no measured GPU memory (an engine on the CPU, or one that cannot tell): only the estimate.`,
      );
    }
  }
  if (bandwidth !== undefined) {
    out.push(
      `Dotted: the bandwidth floor, weight bytes ÷ ${formatRatio(bandwidth)} GB/s${perPrecision}. Decoding one token reads every weight once, so it cannot take less time than this; the table gives the share of that limit reached (floor ÷ median).`,
    );
  }
  // The dtype is left out: f32 and f16 are separate series, compared on purpose.
  const settings = new Set(
    shown.map(({ record: r }) => `${r.promptTokens}-token prompt, ${r.decodeTokens} decoded`),
  );
  if (settings.size > 1) {
    out.push(
      `These results were run with different settings (${[...settings].join('; ')}): compare like with like.`,
    );
  }
  if (shown.some(({ of }) => of > 1)) {
    out.push(
      'Where a model ran more than once on an engine at one precision, the latest run is shown.',
    );
  }
  return out;
}

function table(
  metric: ChartMetric,
  shown: readonly { record: ResultRecord; of: number }[],
  bandwidth: number | undefined,
  devices: DeviceOrder,
): ChartData['table'] {
  const lead = ['Model', 'Parameters', 'Engine', 'Dtype', 'Provider'];
  // With one device the caption's notes say which; with several, a column before the notes.
  const several = devices.keys.length > 1;
  const deviceHead = several ? ['Device'] : [];
  const deviceCell = (r: ResultRecord) => (several ? [deviceLabel(r)] : []);
  const { text, timing, format } = METRICS[metric];
  if (!timing) {
    return {
      caption:
        'Peak GPU memory (measured), the estimate and the weights, per model, engine and precision',
      head: [...lead, 'Peak GPU memory', 'Estimate', 'Weights', ...deviceHead, 'Notes'],
      rows: shown.map(({ record, of }) => ({
        engine: record.engine,
        unstable: false,
        cells: [
          ...leadCells(record),
          record.peakGpuBytes === null
            ? `${MISSING} (not measured)`
            : formatBytes(record.peakGpuBytes),
          formatBytes(record.estimatedBytes),
          formatBytes(record.weightBytes),
          ...deviceCell(record),
          rowNotes(record, metric, of),
        ],
      })),
    };
  }
  const { unit } = text;
  const floorHead = bandwidth === undefined ? [] : ['Bandwidth floor (ms/token)', '% of floor'];
  return {
    caption: `${text.yLabel.split(',')[0]} per model, engine and precision${bandwidth === undefined ? '' : `, against the bandwidth floor at ${formatRatio(bandwidth)} GB/s`}`,
    head: [
      ...lead,
      `Median (${unit})`,
      `p10–p90 (${unit})`,
      'n',
      'cv',
      ...floorHead,
      ...deviceHead,
      'Notes',
    ],
    rows: shown.map(({ record, of }) => {
      const median = metricValue(record, metric);
      const whisker = whiskerOf(record, metric);
      const spread = spreadOf(record, metric);
      return {
        engine: record.engine,
        unstable: isUnstable(record, metric),
        cells: [
          ...leadCells(record),
          format(median),
          whisker ? `${format(whisker.lo)}–${format(whisker.hi)}` : MISSING,
          spread ? String(spread.n) : MISSING,
          spread ? formatPercent(spread.cv * 100) : MISSING,
          ...floorCells(record, bandwidth),
          ...deviceCell(record),
          rowNotes(record, metric, of, bandwidth),
        ],
      };
    }),
  };
}

function leadCells(record: ResultRecord): string[] {
  return [record.model, integer(record.params), record.engine, record.dtype, record.provider];
}

function floorCells(record: ResultRecord, bandwidth: number | undefined): string[] {
  if (bandwidth === undefined) return [];
  const floor = gpuFloorMs(record, bandwidth);
  if (floor === undefined) return [MISSING, 'CPU engine: no GPU floor'];
  const median = record.decodeMsPerToken?.median;
  return [
    formatMs(floor),
    median !== undefined && median > 0 ? formatPercent((floor / median) * 100) : MISSING,
  ];
}

function rowNotes(
  record: ResultRecord,
  metric: ChartMetric,
  of: number,
  bandwidth?: number,
): string {
  const notes: string[] = [];
  if (isUnstable(record, metric)) notes.push('unstable');
  if (METRICS[metric].timing && record.flags.includes(SOFTWARE_ADAPTER)) {
    notes.push('software adapter');
  }
  if (metricValue(record, metric) === null)
    notes.push(`no ${METRICS[metric].text.name.toLowerCase()} measured`);
  if (of > 1) notes.push(`latest of ${of} records (${record.time})`);
  const median = record.decodeMsPerToken?.median;
  const floor = gpuFloorMs(record, bandwidth);
  if (METRICS[metric].bandwidthFloor && floor !== undefined && median !== undefined) {
    // Possible when the weights fit in a GPU cache, or when the bandwidth given is too low.
    if (floor > median) notes.push('faster than the floor');
  }
  return notes.join('; ');
}

/** The hover text of a measured point. */
function tipText(
  record: ResultRecord,
  metric: ChartMetric,
  of: number,
  bandwidth: number | undefined,
): string {
  const lines = [
    `${record.model} on ${record.engine} ${record.dtype} (${record.provider})`,
    `Device: ${deviceLabel(record)}`,
    `Parameters: ${integer(record.params)} (${formatCount(record.params)})`,
  ];
  const { text, timing, format } = METRICS[metric];
  if (!timing) {
    lines.push(
      `Peak GPU memory: ${formatBytes(record.peakGpuBytes)} (measured)`,
      `Estimate: ${formatBytes(record.estimatedBytes)} · weights: ${formatBytes(record.weightBytes)}`,
    );
  } else {
    const spread = spreadOf(record, metric);
    const whisker = whiskerOf(record, metric);
    const { unit } = text;
    lines.push(
      `${text.name}: ${format(metricValue(record, metric))} ${unit} median`,
      `p10–p90: ${whisker ? `${format(whisker.lo)}–${format(whisker.hi)}` : MISSING} ${unit}`,
      spread ? `n = ${spread.n}, cv ${formatPercent(spread.cv * 100)}` : '',
    );
    const floor = gpuFloorMs(record, bandwidth);
    if (floor !== undefined && spread) {
      lines.push(
        `Bandwidth floor: ${formatMs(floor)} ms/token, ${formatPercent((floor / spread.median) * 100)} reached`,
      );
    }
  }
  if (isUnstable(record, metric)) lines.push('Unstable: the median says little');
  if (record.flags.length) lines.push(`Flags: ${record.flags.join(', ')}`);
  if (of > 1) lines.push(`Latest of ${of} records: ${record.time}`);
  return lines.filter(Boolean).join('\n');
}
