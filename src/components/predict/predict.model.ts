/**
 * What <ps-predict> shows, as plain data: a hub model's or a file's exact size from its headers, memory
 * per precision, the KV cache, whether its largest tensor can be bound on this device, and
 * its decode speed predicted from this device's own measurements. Each figure says whether it
 * is exact, measured or an estimate.
 */
import { type FitVerdict, fitsDevice } from '../../bench/fits-device';
import {
  type DecodePrediction,
  deviceKey,
  type PrefillPrediction,
  predictDecode,
  predictPrefill,
} from '../../bench/predict';
import type { ResultRecord } from '../../bench/result';
import type { EngineId } from '../../engines/registry';
import type { DeviceDescription } from '../../gpu';
import { type OnnxExport, onnxExports } from '../../models/hub/onnx-files';
import type { DtypeTotal, ModelReading } from '../../models/reading';
import { sourceFacts } from '../../models/source';
import {
  countParams,
  kvCacheBytes,
  type ParamCount,
  PRECISIONS,
  type Precision,
  storageBytes,
} from '../../scaling';

export type Kind = 'exact' | 'estimate';

export interface WeightFigure {
  readonly precision: Precision;
  readonly bytes: number;
  /** Exact for what the repo stores; an estimate (the precision table on every weight) else. */
  readonly kind: Kind;
}

export interface PredictFigures {
  readonly model: string;
  readonly params: number;
  readonly bytesRead: number;
  /** Exact parameters and bytes per dtype as the file stores them (`F16`, `Q4_K`, `FLOAT`). */
  readonly byDtype: Readonly<Record<string, DtypeTotal>>;
  readonly weights: readonly WeightFigure[];
  /**
   * The count the architecture gives (src/scaling/params.ts), split into embedding, attention
   * and MLP, and whether it agrees with the headers' exact count; null without an architecture.
   */
  readonly breakdown: { readonly fromConfig: ParamCount; readonly agrees: boolean } | null;
  /** The ONNX exports the repo publishes (transformers.js dtypes), with their exact sizes. */
  readonly onnx: readonly OnnxExport[];
  /** Bytes the KV cache adds per token held, in f16 as runtimes keep it. */
  readonly kvPerToken: number;
  readonly context: number;
  readonly kvAtContext: number;
  readonly largest: { readonly name: string; readonly bytes: number } | null;
  /** The device's maxStorageBufferBindingSize; null without WebGPU. */
  readonly bindingLimit: number | null;
  /** The largest tensor fits one binding; null when either is unknown. */
  readonly fitsBinding: boolean | null;
  readonly precision: Precision;
  /** The largest tensor at `precision`: exact when stored so, else an estimate from its count. */
  readonly largestAtPrecision: {
    readonly name: string;
    readonly bytes: number;
    readonly kind: Kind;
  } | null;
  /** Weights at `precision` + KV cache at `context` against this device's limits. */
  readonly memory: FitVerdict;
  readonly prediction: DecodePrediction | null;
  /** Prefill of the prompt length this device measured most, predicted the same way. */
  readonly prefill: PrefillPrediction | null;
}

export interface PredictInput {
  readonly reading: ModelReading;
  /** Tokens held for the KV cache figure; the model's context when absent. */
  readonly context: number | undefined;
  /** The precision to predict for; what the repo stores when absent. */
  readonly precision: Precision | undefined;
  readonly engine: EngineId;
  /** This device as far as the figures need it (a DeviceDescription is one); null: none. */
  readonly device:
    | (Pick<DeviceDescription, 'vendor' | 'architecture' | 'description'> & {
        readonly limits: Pick<
          DeviceDescription['limits'],
          'maxStorageBufferBindingSize' | 'maxBufferSize'
        >;
      })
    | null;
  readonly records: readonly ResultRecord[];
  readonly bandwidthGBs: number | undefined;
}

export function predictFigures(input: PredictInput): PredictFigures {
  const { model, bytesRead, byDtype } = input.reading;
  const facts = sourceFacts(model);
  const stored = PRECISIONS.filter((p) => facts.weightBytes(p) !== null);
  const weights = PRECISIONS.map((precision): WeightFigure => {
    const exact = facts.weightBytes(precision);
    return exact === null
      ? { precision, bytes: storageBytes(facts.params, precision), kind: 'estimate' }
      : { precision, bytes: exact, kind: 'exact' };
  });
  const precision = input.precision ?? stored[0] ?? 'f32';
  const context = input.context ?? facts.contextLength;
  const kv = (tokens: number) =>
    facts.config ? kvCacheBytes(facts.config, { context: tokens, batch: 1, dtype: 'f16' }) : 0;
  const largest = stored[0] ? facts.largestTensor(stored[0]) : null;
  const bindingLimit = input.device?.limits.maxStorageBufferBindingSize ?? null;
  const device = input.device ? deviceKey({ device: input.device }) : null;
  const weightBytes = weights.find((w) => w.precision === precision)!.bytes;
  const largestAtPrecision = largestAt(input.reading, precision);
  const series = { engine: input.engine, dtype: precision, device };
  return {
    model: model.id,
    params: facts.params,
    bytesRead,
    byDtype,
    weights,
    breakdown: facts.config
      ? (() => {
          const fromConfig = countParams(facts.config);
          return { fromConfig, agrees: fromConfig.total === facts.params };
        })()
      : null,
    onnx: model.kind === 'hub' ? onnxExports(model.files) : [],
    kvPerToken: kv(1),
    context,
    kvAtContext: kv(context),
    largest,
    bindingLimit,
    fitsBinding: largest && bindingLimit !== null ? largest.bytes <= bindingLimit : null,
    precision,
    largestAtPrecision,
    memory: fitsDevice(
      {
        weightBytes,
        kvBytes: kv(context),
        layers: facts.config?.layers ?? 0,
        context,
        largestTensor: largestAtPrecision,
      },
      input.device?.limits ?? null,
    ),
    prediction: predictDecode(input.records, series, weightBytes, input.bandwidthGBs),
    prefill: predictPrefill(input.records, series, weightBytes),
  };
}

/** The largest tensor at `precision`: the file's own when it stores that precision. */
function largestAt(
  reading: ModelReading,
  precision: Precision,
): PredictFigures['largestAtPrecision'] {
  const stored = sourceFacts(reading.model).largestTensor(precision);
  if (stored) return { ...stored, kind: 'exact' };
  let widest: ModelReading['tensors'][number] | null = null;
  for (const t of reading.tensors) if (!widest || t.params > widest.params) widest = t;
  return widest
    ? { name: widest.name, bytes: storageBytes(widest.params, precision), kind: 'estimate' }
    : null;
}
