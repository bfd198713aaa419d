/**
 * The engine table: every fact about an engine in one frozen entry. The protocol, the page's
 * runner, <ps-bench>'s options and labels, <ps-chart>'s colours and the result schema read it;
 * nothing else compares engine ids.
 *
 * Adding an engine is one entry here (the compiler then asks for it wherever a table is keyed
 * by EngineId) and a folder beside this file with its `Engine` implementation, imported by
 * `create` on first use so that the page loads no engine it does not run.
 */
import type { GpuProvider } from '../gpu';
import type { ModelSourceKind } from '../models/source';
import {
  type ArchitectureFamily,
  BYTES_PER_GIB,
  type HoldingConvention,
  ONNX_DECODER_HOLDING,
  PRECISIONS,
  type Precision,
  WGSL_HOLDING,
} from '../scaling';
import type { Engine } from './engine';
import type { DownloadProgress } from './hub/hub-download';

export const ENGINE_IDS = ['wgsl', 'ort-webgpu', 'ort-wasm', 'hub-webgpu', 'hub-wasm'] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

/** What the page gives every engine it makes. */
export interface EngineContext {
  /** The page's shared WebGPU device (onnxruntime-web makes its own: see ort/runtime.ts). */
  readonly gpu: GpuProvider;
  /** Bytes of bytes while an engine downloads its model (the hub engines). */
  readonly onDownload?: (progress: DownloadProgress) => void;
}

/** A size past which an engine cannot take a model, and why: said as an estimate. */
export interface ModelBytesLimit {
  readonly bytes: number;
  /** The skip reason after "N GiB of <precision> weights: ", given the limit in words. */
  reason(limit: string): string;
}

export interface EngineEntry {
  readonly id: EngineId;
  /** How the UI names it: the option in <ps-bench>. */
  readonly label: string;
  /** The same in a phrase: `f16 runs on <shortLabel> only`. */
  readonly shortLabel: string;
  /** Its series' default colour; `--ps-engine-<id>` overrides it. */
  readonly color: string;
  /** Runs on a WebGPU device: needs one, has a bandwidth floor, and a node on the CPU is a fallback. */
  readonly usesGpu: boolean;
  /** The precisions it can hold a model's weights in. */
  readonly precisions: readonly Precision[];
  /** Why it holds no others: the skip reason for any other precision. */
  readonly precisionNote: string;
  /** The kinds of model source it can run (src/models/source.ts). */
  readonly sources: readonly ModelSourceKind[];
  /** The architecture families it runs, where it does not run every one. */
  readonly families?: readonly ArchitectureFamily[];
  readonly modelBytesLimit: ModelBytesLimit | null;
  /**
   * Which tensors of a generated GPT-2 it holds at which precision (src/scaling/held.ts): what
   * its records' estimate and the calculator's column for it count. Null: it runs files as
   * they come (the hub's exports), and the estimate is the rule of thumb.
   */
  readonly holding: HoldingConvention | null;
  /** Makes the engine, loading its module on first use. `precision` is one of `precisions`. */
  create(context: EngineContext, precision: Precision): Promise<Engine>;
}

/**
 * onnxruntime-web parses the model inside its WebAssembly memory, at most 4 GiB in a 32-bit
 * build, next to the session's own copy of the weights: past about 2 GiB of model file there
 * is no room left. An estimate, said as one.
 */
export const ORT_MODEL_BYTES_LIMIT: ModelBytesLimit = Object.freeze({
  bytes: 2 * BYTES_PER_GIB,
  reason: (limit: string) =>
    `onnxruntime-web parses a model in its 4 GiB WebAssembly memory, and past ${limit} there is no room for the session too`,
});

/** What the two onnxruntime-web engines share: the same graphs, limits and module. */
const onnxruntimeWeb = (
  id: 'ort-webgpu' | 'ort-wasm',
  own: Pick<
    EngineEntry,
    'label' | 'shortLabel' | 'color' | 'usesGpu' | 'precisions' | 'precisionNote'
  >,
): EngineEntry => ({
  id,
  ...own,
  sources: ['synthetic'],
  modelBytesLimit: ORT_MODEL_BYTES_LIMIT,
  holding: ONNX_DECODER_HOLDING,
  create: async (_context, precision) => {
    const { OrtEngine, ORT_PRECISIONS } = await import('./ort/ort-engine');
    return new OrtEngine(id, narrow(ORT_PRECISIONS, precision, id));
  },
});

/** What the two transformers.js engines share: hub repos, the exports a repo publishes. */
const transformersJs = (
  id: 'hub-webgpu' | 'hub-wasm',
  own: Pick<EngineEntry, 'label' | 'shortLabel' | 'color' | 'usesGpu'>,
): EngineEntry => ({
  id,
  ...own,
  // The dtypes of transformers.js's exports that are a precision of ours (hub/hub-engine.ts);
  // a repo that lacks the one asked for fails its pair, naming what it publishes.
  precisions: ['f32', 'f16', 'q8', 'q4'],
  precisionNote: 'are not an ONNX export transformers.js loads',
  sources: ['hub'],
  // Checked from the listed size of the export that would run, before downloading (hub-engine.ts).
  modelBytesLimit: null,
  holding: null,
  create: async ({ onDownload }, precision) => {
    const { HubEngine } = await import('./hub/hub-engine');
    return new HubEngine(id, onDownload ? { precision, onDownload } : { precision });
  },
});

export const ENGINES: Readonly<Record<EngineId, EngineEntry>> = Object.freeze({
  // Our forward pass on our WGSL kernels, on the page's shared device.
  wgsl: {
    id: 'wgsl',
    label: 'paramscope (our WGSL kernels)',
    shortLabel: 'our engine',
    color: '#0072b2', // Okabe–Ito blue: the three engines stay apart in every common colour-blindness
    usesGpu: true,
    // q8 and q4: the four block projections in MatMulNBits blocks, the rest f32 (heldAs in
    // wgsl/gpt2-weights.ts), dequantised in registers by every matmul.
    precisions: ['f32', 'f16', 'q8', 'q4'],
    precisionNote: 'are not held by our engine: it holds f32, f16, q8 and q4',
    // Generated GPT-2s, and real GPT-2 checkpoints: a hub repo's model.safetensors, a file.
    sources: ['synthetic', 'hub', 'file'],
    families: ['gpt2'],
    modelBytesLimit: null,
    holding: WGSL_HOLDING,
    create: async ({ gpu }, precision) => {
      const { WgslEngine, WGSL_PRECISIONS } = await import('./wgsl/wgsl-engine');
      return new WgslEngine(gpu, { dtype: narrow(WGSL_PRECISIONS, precision, 'wgsl') });
    },
  },
  // onnxruntime-web's WebGPU execution provider (JSEP), on a device of its own.
  // The precisions of our ONNX decoder (models/onnx/decoder-dtype.ts) that JSEP has kernels
  // for. f16 needs shader-f16 and q4's MatMulNBits must pass a check on the device: the engine
  // fails the pair with the reason otherwise (ort/ort-engine.ts, ort/op-check.ts).
  'ort-webgpu': onnxruntimeWeb('ort-webgpu', {
    label: 'onnxruntime-web, WebGPU',
    shortLabel: 'ORT WebGPU',
    color: '#d55e00', // Okabe–Ito vermillion
    usesGpu: true,
    precisions: ['f32', 'f16', 'q4'],
    precisionNote:
      "are not run by onnxruntime-web's WebGPU EP (JSEP) on our decoder: its MatMulNBits takes 2- and 4-bit blocks only, and our ONNX writer writes f32, f16, q8 and q4",
  }),
  // onnxruntime-web's WASM execution provider: the CPU baseline.
  'ort-wasm': onnxruntimeWeb('ort-wasm', {
    label: 'onnxruntime-web, WASM (CPU baseline)',
    shortLabel: 'ORT WASM',
    color: '#009e73', // Okabe–Ito bluish green
    usesGpu: false,
    // Every precision of our ONNX decoder: f16 initializers and compute, or q8/q4 projections
    // as com.microsoft's MatMulNBits (models/onnx/decoder-dtype.ts).
    precisions: ['f32', 'f16', 'q8', 'q4'],
    precisionNote: "are not a precision our ONNX writer writes the ladder's decoder in",
  }),
  // transformers.js on onnxruntime-web's WebGPU EP (JSEP, the page's one ORT): hub models.
  'hub-webgpu': transformersJs('hub-webgpu', {
    label: 'transformers.js, WebGPU',
    shortLabel: 'transformers.js WebGPU',
    color: '#9c36b5',
    usesGpu: true,
  }),
  // transformers.js on onnxruntime-web's WASM EP: hub models on the CPU.
  'hub-wasm': transformersJs('hub-wasm', {
    label: 'transformers.js, WASM (CPU)',
    shortLabel: 'transformers.js WASM',
    color: '#f08c00',
    usesGpu: false,
  }),
} satisfies Record<EngineId, EngineEntry>);

export const isEngineId = (id: string): id is EngineId =>
  (ENGINE_IDS as readonly string[]).includes(id);

/** Every precision some engine holds, in the precision table's order. */
export const ENGINE_PRECISIONS: readonly Precision[] = Object.freeze(
  PRECISIONS.filter((p) => ENGINE_IDS.some((id) => ENGINES[id].precisions.includes(p))),
);

/** Why `engine` cannot hold weights at `precision`, or null when it can. */
export function unsupportedPrecision(engine: EngineId, precision: Precision): string | null {
  const entry = ENGINES[engine];
  return entry.precisions.includes(precision)
    ? null
    : `${precision} weights ${entry.precisionNote}`;
}

/** Makes `engine` holding `precision`; an engine is never made with weights it cannot hold. */
export async function createEngine(
  engine: EngineId,
  context: EngineContext,
  precision: Precision,
): Promise<Engine> {
  const unsupported = unsupportedPrecision(engine, precision);
  if (unsupported) throw new Error(`${engine}: ${unsupported}`);
  return ENGINES[engine].create(context, precision);
}

function narrow<P extends Precision>(held: readonly P[], precision: Precision, engine: string): P {
  if (!(held as readonly Precision[]).includes(precision)) {
    throw new Error(`${engine}: cannot hold ${precision} weights`);
  }
  return precision as P;
}
