/**
 * The safetensors format (github.com/huggingface/safetensors, README "Format"):
 *
 *   8 bytes   N, unsigned little-endian 64-bit: the header's length
 *   N bytes   UTF-8 JSON: { "__metadata__": { string: string }, name: { "dtype", "shape",
 *             "data_offsets": [begin, end] }, … }, offsets relative to the byte buffer below
 *   rest      the byte buffer: row-major little-endian tensor data
 *
 * The reader enforces the format's rules, each with an error that says what is wrong: offsets
 * inside the buffer, sizes that match dtype × shape, no overlaps and no holes (the spec forbids
 * holes so that a file cannot hide a second one inside it).
 */
import type { Gpt2Config, Precision } from '../scaling';
import type { TensorRow } from './reading';
import {
  elementCount,
  GPT2_WEIGHT_INIT,
  generateTensor,
  tensorSpecs,
  type WeightInit,
} from './weights';

/** Bytes per element of each safetensors dtype (README "Format": the dtype list). */
const DTYPE_BYTES = Object.freeze({
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
} as const);
export type SafetensorsDtype = keyof typeof DTYPE_BYTES;

/** The reference implementation refuses headers over 100 MB (safetensors lib.rs MAX_HEADER_SIZE). */
const MAX_HEADER_BYTES = 100_000_000;
/** The reference writer pads the header with spaces to a multiple of 8 so the data is aligned. */
const HEADER_ALIGNMENT = 8;

export interface SafetensorsTensor {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** The tensor's bytes: a view into the file when read, not a copy. */
  readonly data: Uint8Array;
}

export interface SafetensorsFile {
  readonly metadata: Readonly<Record<string, string>>;
  readonly tensors: ReadonlyMap<string, SafetensorsTensor>;
}

/** A tensor to write: any typed array whose element size matches the dtype. */
export interface TensorToWrite {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly data: ArrayBufferView;
}

export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

function isDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && Object.hasOwn(DTYPE_BYTES, value);
}

/** Header JSON and the byte layout for tensors given in order; data follows the header. */
function layout(
  tensors: readonly { name: string; dtype: SafetensorsDtype; shape: readonly number[] }[],
  metadata: Readonly<Record<string, string>>,
): { header: Uint8Array; offsets: number[]; dataBytes: number } {
  const entries: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) entries.__metadata__ = metadata;
  const offsets: number[] = [];
  let offset = 0;
  for (const { name, dtype, shape } of tensors) {
    if (name === '__metadata__' || Object.hasOwn(entries, name)) {
      throw new SafetensorsError(`tensor name ${JSON.stringify(name)} is reserved or repeated`);
    }
    const end = offset + DTYPE_BYTES[dtype] * elementCount(shape);
    entries[name] = { dtype, shape: [...shape], data_offsets: [offset, end] };
    offsets.push(offset);
    offset = end;
  }
  const json = new TextEncoder().encode(JSON.stringify(entries));
  const padded = Math.ceil((8 + json.length) / HEADER_ALIGNMENT) * HEADER_ALIGNMENT - 8;
  const header = new Uint8Array(padded).fill(0x20); // trailing spaces are valid JSON whitespace
  header.set(json);
  return { header, offsets, dataBytes: offset };
}

/** Allocates the whole file and writes the length prefix and header; returns the data start. */
function allocateFile(
  header: Uint8Array,
  dataBytes: number,
): { file: Uint8Array; dataStart: number } {
  const file = new Uint8Array(8 + header.length + dataBytes);
  new DataView(file.buffer).setBigUint64(0, BigInt(header.length), true);
  file.set(header, 8);
  return { file, dataStart: 8 + header.length };
}

/** Serialises tensors (in the order given) and string metadata into one safetensors file. */
export function writeSafetensors(
  tensors: readonly TensorToWrite[],
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const { header, offsets, dataBytes } = layout(tensors, metadata);
  const { file, dataStart } = allocateFile(header, dataBytes);
  tensors.forEach((tensor, i) => {
    const expected = DTYPE_BYTES[tensor.dtype] * elementCount(tensor.shape);
    if (tensor.data.byteLength !== expected) {
      throw new SafetensorsError(
        `${tensor.name}: ${tensor.data.byteLength} bytes of data for ${tensor.dtype} ${JSON.stringify(tensor.shape)}, which needs ${expected}`,
      );
    }
    file.set(
      new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength),
      dataStart + offsets[i]!,
    );
  });
  return file;
}

/**
 * A GPT-2 model's deterministic weights as model.safetensors, named as HF's save_pretrained
 * names them (tied lm_head left out). Each tensor is generated straight into the file, so the
 * peak memory is the file itself.
 */
export function writeGpt2Safetensors(
  config: Gpt2Config,
  init: WeightInit = GPT2_WEIGHT_INIT,
): Uint8Array {
  const specs = tensorSpecs(config, init).map((spec) => ({ ...spec, dtype: 'F32' as const }));
  const { header, offsets, dataBytes } = layout(specs, { format: 'pt' });
  const { file, dataStart } = allocateFile(header, dataBytes);
  // dataStart is a multiple of 8 and every F32 tensor a multiple of 4 bytes: views are aligned.
  specs.forEach((spec, i) => {
    generateTensor(
      spec,
      init.seed,
      new Float32Array(file.buffer, dataStart + offsets[i]!, elementCount(spec.shape)),
    );
  });
  return file;
}

/** Parses and checks a safetensors file; tensor data are views into `bytes`. */
export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) {
    throw new SafetensorsError(
      `file is ${bytes.length} bytes: too short for the 8-byte header length`,
    );
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8)) {
    throw new SafetensorsError(
      `header length ${headerLength} runs past the end of the ${bytes.length}-byte file`,
    );
  }
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError(
      `header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit`,
    );
  }
  const headerEnd = 8 + Number(headerLength);
  const header = parseHeader(bytes.subarray(8, headerEnd));
  const buffer = bytes.subarray(headerEnd);

  const metadata = readMetadata(header.__metadata__);
  const tensors = new Map<string, SafetensorsTensor>();
  const extents: { name: string; begin: number; end: number }[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, begin, end } = readEntry(name, entry, buffer.length);
    tensors.set(name, { dtype, shape, data: buffer.subarray(begin, end) });
    extents.push({ name, begin, end });
  }
  checkCoverage(extents, buffer.length);
  return { metadata, tensors };
}

/** A float32 tensor's values: a view when the data is 4-byte aligned in memory, else a copy. */
export function float32Values(tensor: SafetensorsTensor): Float32Array {
  if (tensor.dtype !== 'F32')
    throw new SafetensorsError(`expected an F32 tensor, got ${tensor.dtype}`);
  const { data } = tensor;
  if (data.byteOffset % 4 === 0)
    return new Float32Array(data.buffer, data.byteOffset, data.length / 4);
  return new Float32Array(data.slice().buffer);
}

function parseHeader(headerBytes: Uint8Array): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (error) {
    throw new SafetensorsError(`header is not valid UTF-8 JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SafetensorsError('header is not a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SafetensorsError('__metadata__ must be an object of strings');
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new SafetensorsError(`__metadata__.${key} must be a string`);
  }
  return value as Record<string, string>;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function readEntry(
  name: string,
  entry: unknown,
  bufferLength: number,
): { dtype: SafetensorsDtype; shape: number[]; begin: number; end: number } {
  if (typeof entry !== 'object' || entry === null)
    throw new SafetensorsError(`${name}: entry is not an object`);
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (!isDtype(dtype))
    throw new SafetensorsError(`${name}: unknown dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    throw new SafetensorsError(`${name}: shape must be a list of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw new SafetensorsError(
      `${name}: data_offsets must be [begin, end] with non-negative integers`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > bufferLength) {
    throw new SafetensorsError(
      `${name}: data_offsets [${begin}, ${end}] are out of range for a ${bufferLength}-byte data buffer`,
    );
  }
  const expected = DTYPE_BYTES[dtype] * elementCount(shape);
  if (end - begin !== expected) {
    throw new SafetensorsError(
      `${name}: ${end - begin} bytes for ${dtype} ${JSON.stringify(shape)}, which needs ${expected}`,
    );
  }
  return { dtype, shape, begin, end };
}

/** The tensors must tile the data buffer exactly: no overlaps, no holes (README "Format"). */
function checkCoverage(
  extents: { name: string; begin: number; end: number }[],
  bufferLength: number,
): void {
  extents.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous = '';
  for (const { name, begin, end } of extents) {
    if (begin < covered)
      throw new SafetensorsError(`${name} overlaps ${previous} (bytes ${begin}–${covered})`);
    if (begin > covered)
      throw new SafetensorsError(
        `bytes ${covered}–${begin} of the data buffer belong to no tensor`,
      );
    covered = end;
    previous = name;
  }
  if (covered !== bufferLength) {
    throw new SafetensorsError(
      `bytes ${covered}–${bufferLength} of the data buffer belong to no tensor`,
    );
  }
}

/** safetensors' dtype names that are a precision of ours (src/scaling/precision.ts). */
const SAFETENSORS_PRECISION: Readonly<Record<string, Precision>> = Object.freeze({
  F32: 'f32',
  F16: 'f16',
  BF16: 'bf16',
});

/** One safetensors header entry as a row; `what` names the file in errors. */
export function safetensorsRow(what: string, name: string, entry: unknown): TensorRow {
  const info = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  const { dtype, shape, data_offsets: offsets } = info;
  const width = isDtype(dtype) ? DTYPE_BYTES[dtype] : undefined;
  if (width === undefined)
    throw new Error(`${what}: tensor ${name} has unknown dtype ${String(dtype)}`);
  if (!Array.isArray(shape) || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new Error(`${what}: tensor ${name} has no valid shape`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(Number.isSafeInteger)) {
    throw new Error(`${what}: tensor ${name} has no valid data_offsets`);
  }
  const params = (shape as number[]).reduce((a, b) => a * b, 1);
  const bytes = (offsets[1] as number) - (offsets[0] as number);
  if (bytes !== params * width) {
    throw new Error(
      `${what}: tensor ${name} claims ${bytes} bytes, but ${dtype} × [${shape.join(', ')}] is ${params * width}`,
    );
  }
  return {
    name,
    dtype: dtype as string,
    precision: SAFETENSORS_PRECISION[dtype as string] ?? null,
    shape: shape as number[],
    params,
    bytes,
  };
}
