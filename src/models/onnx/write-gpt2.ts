/**
 * Assembles a GPT-2 ONNX file: the decoder graph of gpt2-graph.ts plus deterministic weights as
 * initializers named as the HF state dict names them.
 *
 * Memory. Weights are never all held twice:
 * - Inline (the usual case): the model is encoded once with every raw_data pointing at the same
 *   zero-filled scratch array (views, no copies), so protobufjs allocates the output exactly once;
 *   then each tensor is generated straight into its place in the output, found by decoding the
 *   output (protobufjs returns raw_data as views into it). Peak: the output (≈ 4 bytes per
 *   parameter) + the scratch (the largest tensor, usually wte; its pages are only read as zeros
 *   and written for tensors whose raw_data is not 4-byte aligned) + a small object tree.
 *   Measured in Node 20: gpt2-124m +631 MB RSS for a 498 MB file, gpt2-355m +1545 MB for 1419 MB.
 * - External data (above `externalDataThreshold`, protobuf's 2 GiB limit by default): the .onnx
 *   holds only the graph and small constants; each weight is generated straight into its slot of
 *   one data buffer (peak ≈ 4 bytes per parameter; gpt2-774m: +2937 MB RSS for 3097 MB), or
 *   streamed tensor by tensor with gpt2ExternalDataChunks (peak: the largest tensor) where a
 *   caller writes a file. GPT-2 XL's 6.2 GB exceeds Node 20's 4 GiB typed-array cap: stream it.
 */
import type { Gpt2Config } from '../../scaling';
import {
  elementCount,
  GPT2_WEIGHT_INIT,
  generateTensor,
  modelWeightBytes,
  type TensorSpec,
  tensorSpecs,
  type WeightInit,
} from '../weights';
import {
  type DecoderDtype,
  decoderInitializers,
  decoderWeightBytes,
  isQuantized,
} from './decoder-dtype';
import {
  buildGpt2DecoderGraph,
  GPT2_OPSET,
  type Gpt2DecoderGraph,
  MICROSOFT_DOMAIN,
} from './gpt2-graph';
import {
  DataLocation,
  DataType,
  decodeModel,
  encodeModel,
  type ModelProto,
  type TensorProto,
} from './schema';

/** IR version 8 is the one that goes with opset 17 (ONNX docs/Versioning.md). */
export const IR_VERSION = 8;

/** Protobuf cannot parse a message of 2 GiB or more (its sizes are int32). */
export const PROTOBUF_SIZE_LIMIT = 2 ** 31 - 1;

/**
 * External tensors start on 4096-byte boundaries, as onnx.proto recommends ("Offset values
 * SHOULD be multiples of 4096 (page size) to enable mmap support").
 */
const EXTERNAL_DATA_ALIGNMENT = 4096;

/** Bytes of protobuf per initializer besides its data: name, dims, tags; generous. */
const INITIALIZER_OVERHEAD_BYTES = 256;

export interface Gpt2OnnxOptions {
  readonly init?: WeightInit;
  /**
   * The precision of the graph (decoder-dtype.ts): f32 (the default), f16, q8 or q4. Only f32
   * writes external data; the others are written inline (gpt2-774m's q4 is 0.4 GB).
   */
  readonly dtype?: DecoderDtype;
  /** Use external data when the inline file would be larger than this many bytes. */
  readonly externalDataThreshold?: number;
  /** File name of the external data, relative to the .onnx file. */
  readonly externalDataLocation?: string;
}

export interface Gpt2Onnx {
  /** The .onnx file. */
  readonly model: Uint8Array;
  /** The weights file the model refers to, when the weights are external. */
  readonly externalData?: { readonly location: string; readonly data: Uint8Array };
}

/** Where one tensor sits in the external data file. */
export interface ExternalSlot {
  readonly spec: TensorSpec;
  readonly offset: number;
  readonly length: number;
}

const DEFAULT_EXTERNAL_DATA_LOCATION = 'model.onnx.data';

/**
 * A GPT-2 decoder as ONNX bytes, with the inputs and outputs of the hub's exports (see
 * gpt2-graph.ts), at `options.dtype`; f32 weights inline or (for large models) external.
 */
export function writeDecoderOnnx(config: Gpt2Config, options: Gpt2OnnxOptions = {}): Gpt2Onnx {
  const init = options.init ?? GPT2_WEIGHT_INIT;
  const threshold = options.externalDataThreshold ?? PROTOBUF_SIZE_LIMIT;
  const location = options.externalDataLocation ?? DEFAULT_EXTERNAL_DATA_LOCATION;
  const dtype = options.dtype ?? 'f32';
  if (dtype !== 'f32') return { model: writeConverted(config, init, dtype) };
  const graph = buildGpt2DecoderGraph(config);
  const specs = tensorSpecs(config, init);
  const inlineBytes =
    encodeModel(modelProto(config, init, graph, [])).length +
    modelWeightBytes(config) +
    specs.length * INITIALIZER_OVERHEAD_BYTES;
  if (inlineBytes <= threshold) return { model: writeInline(config, init, graph, specs) };

  const slots = externalDataLayout(specs);
  const model = encodeModel(
    modelProto(
      config,
      init,
      graph,
      slots.map((slot) => externalInitializer(slot, location)),
    ),
  );
  const data = allocateBytes(externalDataBytes(slots));
  for (const { spec, offset } of slots) {
    generateTensor(
      spec,
      init.seed,
      new Float32Array(data.buffer, offset, elementCount(spec.shape)),
    );
  }
  return { model, externalData: { location, data } };
}

/** The .onnx file alone, every weight in external data at `location` (see gpt2ExternalDataChunks). */
export function writeDecoderOnnxExternalModel(
  config: Gpt2Config,
  options: Omit<Gpt2OnnxOptions, 'externalDataThreshold'> = {},
): Uint8Array {
  const init = options.init ?? GPT2_WEIGHT_INIT;
  const location = options.externalDataLocation ?? DEFAULT_EXTERNAL_DATA_LOCATION;
  const slots = externalDataLayout(tensorSpecs(config, init));
  const initializers = slots.map((slot) => externalInitializer(slot, location));
  return encodeModel(modelProto(config, init, buildGpt2DecoderGraph(config), initializers));
}

/**
 * The external data file of writeDecoderOnnxExternalModel, in order, one tensor (or alignment
 * padding) at a time: write the chunks to a file one after another. Nothing is kept between
 * chunks, so a multi-gigabyte model streams through the memory of its largest tensor.
 */
export function* gpt2ExternalDataChunks(
  config: Gpt2Config,
  init: WeightInit = GPT2_WEIGHT_INIT,
): Generator<Uint8Array> {
  let position = 0;
  for (const { spec, offset, length } of externalDataLayout(tensorSpecs(config, init))) {
    if (offset > position) yield new Uint8Array(offset - position);
    const data = generateTensor(spec, init.seed);
    yield new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    position = offset + length;
  }
}

/** Offsets of each tensor in the external data file, in state-dict order, 4096-aligned. */
export function externalDataLayout(specs: readonly TensorSpec[]): ExternalSlot[] {
  let offset = 0;
  return specs.map((spec) => {
    offset = Math.ceil(offset / EXTERNAL_DATA_ALIGNMENT) * EXTERNAL_DATA_ALIGNMENT;
    const slot = { spec, offset, length: 4 * elementCount(spec.shape) };
    offset += slot.length;
    return slot;
  });
}

function externalDataBytes(slots: readonly ExternalSlot[]): number {
  const last = slots[slots.length - 1];
  return last === undefined ? 0 : last.offset + last.length;
}

function externalInitializer(slot: ExternalSlot, location: string): TensorProto {
  return {
    name: slot.spec.name,
    dims: [...slot.spec.shape],
    dataType: DataType.FLOAT,
    dataLocation: DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: location },
      { key: 'offset', value: String(slot.offset) },
      { key: 'length', value: String(slot.length) },
    ],
  };
}

/** A graph of another precision: its initializers made one tensor at a time, then encoded. */
function writeConverted(config: Gpt2Config, init: WeightInit, dtype: DecoderDtype): Uint8Array {
  requireLittleEndian();
  const bytes = decoderWeightBytes(config, dtype);
  if (bytes > PROTOBUF_SIZE_LIMIT) {
    throw new Error(
      `a ${dtype} decoder of ${bytes} bytes of weights is past protobuf's 2 GiB and this writer writes ${dtype} inline only`,
    );
  }
  const graph = buildGpt2DecoderGraph(config, dtype);
  return encodeModel(
    modelProto(config, init, graph, decoderInitializers(config, dtype, init), dtype),
  );
}

/** Encode with placeholder data, then generate each tensor into its place in the output. */
function writeInline(
  config: Gpt2Config,
  init: WeightInit,
  graph: Gpt2DecoderGraph,
  specs: readonly TensorSpec[],
): Uint8Array {
  requireLittleEndian();
  const scratch = new Float32Array(Math.max(...specs.map((spec) => elementCount(spec.shape))));
  const placeholders: TensorProto[] = specs.map((spec) => ({
    name: spec.name,
    dims: [...spec.shape],
    dataType: DataType.FLOAT,
    rawData: new Uint8Array(scratch.buffer, 0, 4 * elementCount(spec.shape)),
  }));
  const bytes = encodeModel(modelProto(config, init, graph, placeholders));

  const rawData = new Map(decodeModel(bytes).graph.initializer.map((t) => [t.name, t.rawData]));
  for (const spec of specs) {
    const target = rawData.get(spec.name);
    if (target === undefined || target.buffer !== bytes.buffer) {
      throw new Error(`${spec.name}: could not locate its raw_data inside the encoded model`);
    }
    const size = elementCount(spec.shape);
    if (target.byteOffset % 4 === 0) {
      generateTensor(spec, init.seed, new Float32Array(target.buffer, target.byteOffset, size));
    } else {
      // Float32Array views need 4-byte alignment; protobuf framing does not give it.
      const values = generateTensor(spec, init.seed, scratch.subarray(0, size));
      target.set(new Uint8Array(values.buffer, 0, values.byteLength));
    }
  }
  return bytes;
}

function modelProto(
  config: Gpt2Config,
  init: WeightInit,
  graph: Gpt2DecoderGraph,
  weights: TensorProto[],
  dtype: DecoderDtype = 'f32',
): ModelProto {
  const opsetImport = [{ domain: '', version: GPT2_OPSET }];
  if (isQuantized(dtype)) opsetImport.push({ domain: MICROSOFT_DOMAIN, version: 1 });
  return {
    irVersion: IR_VERSION,
    opsetImport,
    producerName: 'paramscope',
    docString: 'GPT-2 decoder with KV cache and deterministic synthetic weights',
    graph: {
      name: 'gpt2_decoder',
      node: graph.nodes,
      initializer: [...graph.constants, ...weights],
      input: graph.inputs,
      output: graph.outputs,
    },
    metadataProps: [
      { key: 'paramscope.config', value: JSON.stringify(config) },
      { key: 'paramscope.weight_init', value: JSON.stringify(init) },
      { key: 'paramscope.dtype', value: dtype },
    ],
  };
}

/** One buffer for all external data, or an error that says how to do without one. */
function allocateBytes(byteLength: number): Uint8Array {
  try {
    return new Uint8Array(byteLength);
  } catch (error) {
    // Node 20 caps a typed array at 4 GiB; GPT-2 XL's float32 weights are 6.2 GB.
    throw new Error(
      `external data of ${byteLength} bytes does not fit in one ArrayBuffer here; write it with ` +
        'writeDecoderOnnxExternalModel and gpt2ExternalDataChunks instead',
      { cause: error },
    );
  }
}

/** raw_data is little-endian (onnx.proto) and typed arrays use the platform's byte order. */
function requireLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new Error('writing ONNX raw_data through typed arrays needs a little-endian platform');
  }
}
