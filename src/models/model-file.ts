/**
 * A model file of the user's — an .onnx, .safetensors or .gguf picked or dropped on the page —
 * known exactly before anything runs, and without reading what the format lets us skip:
 *
 *   .safetensors  the 8-byte length and the JSON header, nothing after;
 *   .gguf         the header, through @huggingface/gguf answering its ranges from the file;
 *   .onnx         the whole protobuf (initializers hold their data inline, and protobuf has no
 *                 index to skip by), decoded with our schema (./onnx/schema.ts): initializers
 *                 and Constant nodes, each with its data type and dims; external data counted
 *                 from the dims, not read.
 *
 * Each claim is checked against the file's real size before it is believed; an error names the
 * file and what is wrong with it.
 */

import type { Precision } from '../scaling';
import { countingFetch } from './counting-fetch';
import { blobFetch, localGgufUrl, readGgufHeader } from './gguf/gguf-header';
import { isMaskBuffer } from './hub/gpt2-checkpoint';
import { DataType, decodeModel, type GraphProto, type TensorProto } from './onnx/schema';
import { factsFromTensors, type ModelReading, type TensorRow, totalsByDtype } from './reading';
import { safetensorsRow } from './safetensors';
import { type FileModel, MODEL_FILE_FORMATS, type ModelFileFormat } from './source';

/** What a picked or dropped file is: a Blob with the name it had. */
export type NamedBlob = Blob & { readonly name: string };

/** The safetensors reference refuses headers over 100 MB (lib.rs MAX_HEADER_SIZE). */
const MAX_SAFETENSORS_HEADER = 100_000_000;
/** Protobuf's own limit on one message: an .onnx past it keeps its weights outside. */
const MAX_ONNX_BYTES = 2 ** 31 - 1;

/** The format `name` says it is in, or null. */
export function modelFileFormat(name: string): ModelFileFormat | null {
  const extension = name.toLowerCase().split('.').at(-1) ?? '';
  return (MODEL_FILE_FORMATS as readonly string[]).includes(extension)
    ? (extension as ModelFileFormat)
    : null;
}

/** A .gguf at a URL (any host that answers Range requests): read as a file of the user's. */
export const isGgufUrl = (text: string) => /^https?:\/\/\S+\.gguf([?#]\S*)?$/i.test(text.trim());

/** Reads the GGUF at `url` from its header, by Range requests. */
export async function readModelUrl(
  url: string,
  fetchImpl: typeof fetch = fetch,
): Promise<ModelReading> {
  const name = decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? url);
  if (!isGgufUrl(url)) throw new Error(`${url}: paramscope reads .gguf files by URL`);
  const read = await readGgufAt(url, name, fetchImpl);
  return reading({ id: url, format: 'gguf', file: url }, read);
}

/** Reads `file`'s sizes from its header (its whole protobuf, for ONNX). */
export async function readModelFile(file: NamedBlob): Promise<ModelReading> {
  const format = modelFileFormat(file.name);
  if (!format) {
    throw new Error(
      `${file.name}: not a model file paramscope reads (${MODEL_FILE_FORMATS.map((f) => `.${f}`).join(', ')})`,
    );
  }
  return reading({ id: file.name, format, file }, await READERS[format](file));
}

function reading(what: Pick<FileModel, 'id' | 'format' | 'file'>, read: FileRead): ModelReading {
  const model: FileModel = {
    kind: 'file',
    ...what,
    facts: factsFromTensors(what.id, read.tensors, read.shape),
  };
  return {
    model,
    bytesRead: read.bytesRead,
    tensors: read.tensors,
    byDtype: totalsByDtype(read.tensors),
  };
}

export interface FileRead {
  readonly tensors: TensorRow[];
  readonly shape: Parameters<typeof factsFromTensors>[2];
  readonly bytesRead: number;
}

const UNKNOWN_SHAPE = { config: null, contextLength: 0, vocabSize: 0 } as const;

const READERS: Readonly<Record<ModelFileFormat, (file: NamedBlob) => Promise<FileRead>>> =
  Object.freeze({ safetensors: readSafetensorsFile, gguf: readGgufFile, onnx: readOnnxFile });

/** The tensors of a .safetensors file, from its 8-byte length and JSON header only. */
export async function readSafetensorsFile(
  file: Blob,
  what = (file as NamedBlob).name,
): Promise<FileRead> {
  if (file.size < 8) {
    throw new Error(
      `${what}: truncated: ${file.size} bytes, too short for the 8-byte header length`,
    );
  }
  const length = new DataView(await file.slice(0, 8).arrayBuffer()).getBigUint64(0, true);
  if (length > BigInt(file.size - 8)) {
    throw new Error(
      `${what}: header length ${length} runs past the end of the ${file.size}-byte file`,
    );
  }
  if (length > BigInt(MAX_SAFETENSORS_HEADER)) {
    throw new Error(
      `${what}: header length ${length} exceeds the ${MAX_SAFETENSORS_HEADER}-byte limit`,
    );
  }
  const headerEnd = 8 + Number(length);
  let header: unknown;
  try {
    header = JSON.parse(await file.slice(8, headerEnd).text());
  } catch (error) {
    throw new Error(`${what}: the header is not JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new Error(`${what}: the header is not a JSON object`);
  }
  const dataBytes = file.size - headerEnd;
  const tensors = Object.entries(header)
    .filter(([name]) => name !== '__metadata__' && !isMaskBuffer(name))
    .map(([name, entry]) => {
      const row = safetensorsRow(what, name, entry);
      const end = (entry as { data_offsets: [number, number] }).data_offsets[1];
      if (end > dataBytes) {
        throw new Error(
          `${what}: truncated: tensor ${name} ends at byte ${end} of the data, which has ${dataBytes}`,
        );
      }
      return row;
    });
  return { tensors, shape: UNKNOWN_SHAPE, bytesRead: headerEnd };
}

async function readGgufFile(file: NamedBlob): Promise<FileRead> {
  return readGgufAt(localGgufUrl(file.name), file.name, blobFetch(file));
}

async function readGgufAt(url: string, what: string, fetchImpl: typeof fetch): Promise<FileRead> {
  const counter = countingFetch(fetchImpl);
  const header = await readGgufHeader(url, what, counter.fetch);
  return {
    tensors: [...header.tensors],
    shape: {
      config: header.config,
      contextLength: header.contextLength,
      vocabSize: header.vocabSize,
    },
    bytesRead: counter.bytesRead,
  };
}

/** Element bytes and nearest precision of ONNX's data types (onnx.proto, TensorProto.DataType). */
const ONNX_TYPES: Readonly<
  Record<number, { name: string; bytes: number; precision: Precision | null }>
> = Object.freeze({
  [DataType.FLOAT]: { name: 'FLOAT', bytes: 4, precision: 'f32' },
  [DataType.UINT8]: { name: 'UINT8', bytes: 1, precision: null },
  [DataType.INT8]: { name: 'INT8', bytes: 1, precision: 'q8' },
  4: { name: 'UINT16', bytes: 2, precision: null },
  5: { name: 'INT16', bytes: 2, precision: null },
  [DataType.INT32]: { name: 'INT32', bytes: 4, precision: null },
  [DataType.INT64]: { name: 'INT64', bytes: 8, precision: null },
  [DataType.BOOL]: { name: 'BOOL', bytes: 1, precision: null },
  [DataType.FLOAT16]: { name: 'FLOAT16', bytes: 2, precision: 'f16' },
  [DataType.DOUBLE]: { name: 'DOUBLE', bytes: 8, precision: null },
  12: { name: 'UINT32', bytes: 4, precision: null },
  13: { name: 'UINT64', bytes: 8, precision: null },
  [DataType.BFLOAT16]: { name: 'BFLOAT16', bytes: 2, precision: 'bf16' },
});

async function readOnnxFile(file: NamedBlob): Promise<FileRead> {
  const what = file.name;
  if (file.size > MAX_ONNX_BYTES) {
    throw new Error(`${what}: ${file.size} bytes is past protobuf's 2 GiB limit for one model`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let graph: GraphProto | undefined;
  try {
    graph = decodeModel(bytes).graph;
  } catch (error) {
    throw new Error(`${what}: not a valid ONNX protobuf (${(error as Error).message})`);
  }
  if (!graph) throw new Error(`${what}: not ONNX: the protobuf has no graph`);
  const constants = (graph.node ?? []).flatMap((node) =>
    node.opType === 'Constant'
      ? (node.attribute ?? []).flatMap((a) => (a.name === 'value' && a.t ? [a.t] : []))
      : [],
  );
  const tensors = [...(graph.initializer ?? []), ...constants].map((t) => onnxRow(what, t));
  return { tensors, shape: UNKNOWN_SHAPE, bytesRead: bytes.length };
}

function onnxRow(what: string, tensor: TensorProto): TensorRow {
  const type = ONNX_TYPES[tensor.dataType];
  if (!type) {
    throw new Error(
      `${what}: tensor ${tensor.name} has ONNX data type ${tensor.dataType}, which paramscope does not know`,
    );
  }
  const shape = (tensor.dims ?? []).map(Number);
  if (!shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new Error(`${what}: tensor ${tensor.name} has dims [${shape.join(', ')}]`);
  }
  const params = shape.reduce((a, b) => a * b, 1);
  const bytes = params * type.bytes;
  const raw = tensor.rawData?.length;
  if (raw !== undefined && raw > 0 && raw !== bytes) {
    throw new Error(
      `${what}: tensor ${tensor.name} holds ${raw} bytes, but ${type.name} × [${shape.join(', ')}] is ${bytes}`,
    );
  }
  return { name: tensor.name, dtype: type.name, precision: type.precision, shape, params, bytes };
}
