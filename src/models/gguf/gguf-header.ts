/**
 * A GGUF file known from its header alone, through @huggingface/gguf (which reads it by HTTP
 * Range requests, 2 MB at a time, through the fetch it is given): the architecture and shape
 * its metadata state, every tensor with its ggml type and exact bytes (./ggml-types.ts), and
 * the parameter count. A file of the user's is read the same way: its fetch answers each
 * range from the file's own bytes (`blobFetch`), so nothing past the header is read.
 *
 * What the header claims is checked before it is believed: every type known, whole blocks,
 * and every tensor inside the file ("truncated" names the first that is not).
 */
import { type GGUFTensorInfo, gguf } from '@huggingface/gguf';
import type { ArchitectureConfig } from '../../scaling';
import type { TensorRow } from '../reading';
import { ggmlBytes, ggmlType } from './ggml-types';

export interface GgufHeader {
  /** `general.architecture` (`llama`, `qwen2`, `gpt2`, …). */
  readonly architecture: string | null;
  /** `general.name`, where the file gives one. */
  readonly name: string | null;
  readonly tensors: readonly TensorRow[];
  /** The shape the metadata describes, for the families we read; null for the others. */
  readonly config: ArchitectureConfig | null;
  readonly contextLength: number;
  readonly vocabSize: number;
  /** The file's size, from the server's content-range or the file itself; null if unsaid. */
  readonly fileBytes: number | null;
}

type Metadata = Readonly<Record<string, unknown>>;

const asNumber = (value: unknown): number | null =>
  typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : null;

/** The header of the GGUF at `url`, read with `fetchImpl`; `what` names it in errors. */
export async function readGgufHeader(
  url: string,
  what: string,
  fetchImpl: typeof fetch = fetch,
): Promise<GgufHeader> {
  let fileBytes: number | null = null;
  const sizing: typeof fetch = async (input, init) => {
    const response = await fetchImpl(input, init);
    if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${response.statusText}`);
    const total = /\/\s*(\d+)\s*$/.exec(response.headers.get('content-range') ?? '')?.[1];
    const length = response.headers.get('content-length');
    if (total !== undefined) fileBytes = Number(total);
    else if (response.status === 200 && length) fileBytes = Number(length);
    return response;
  };
  let parsed: Awaited<ReturnType<typeof gguf>>;
  try {
    parsed = await gguf(url, { fetch: sizing });
  } catch (error) {
    if (error instanceof RangeError) {
      throw new Error(`${what}: truncated: the header runs past the end of the file`);
    }
    const message = (error as Error).message ?? String(error);
    throw new Error(message.startsWith(what) ? message : `${what}: ${message}`);
  }
  const metadata = parsed.metadata as unknown as Metadata;
  const dataStart = Number(parsed.tensorDataOffset);
  if (fileBytes !== null && dataStart > fileBytes) {
    // The library reads past the end as zeros: the header itself was cut short.
    throw new Error(
      `${what}: truncated: the header needs ${dataStart} bytes, but the file has ${fileBytes}`,
    );
  }
  const tensors = parsed.tensorInfos.map((info) => tensorRow(what, info, dataStart, fileBytes));
  const architecture =
    typeof metadata['general.architecture'] === 'string' ? metadata['general.architecture'] : null;
  const shape = architecture ? shapeOf(architecture, metadata, tensors) : null;
  return {
    architecture,
    name: typeof metadata['general.name'] === 'string' ? metadata['general.name'] : null,
    tensors,
    config: shape?.config ?? null,
    contextLength: shape?.contextLength ?? 0,
    vocabSize: shape?.vocabSize ?? 0,
    fileBytes,
  };
}

function tensorRow(
  what: string,
  info: GGUFTensorInfo,
  dataStart: number,
  fileBytes: number | null,
): TensorRow {
  const type = ggmlType(info.dtype);
  if (!type) {
    throw new Error(
      `${what}: tensor ${info.name} has ggml type ${info.dtype}, which paramscope does not know`,
    );
  }
  const shape = info.shape.map(Number);
  const params = shape.reduce((a, b) => a * b, 1);
  const bytes = ggmlBytes(type, params);
  if (bytes === null) {
    throw new Error(
      `${what}: tensor ${info.name} has ${params} elements, not whole ${type.name} blocks of ${type.blockSize}`,
    );
  }
  const end = dataStart + Number(info.offset) + bytes;
  if (fileBytes !== null && end > fileBytes) {
    throw new Error(
      `${what}: truncated: tensor ${info.name} ends at byte ${end}, but the file has ${fileBytes}`,
    );
  }
  return { name: info.name, dtype: type.name, precision: type.precision, shape, params, bytes };
}

/**
 * The architecture the metadata states, in llama.cpp's keys (`{arch}.block_count`, …,
 * gguf-py's constants.py). Llama, Mistral (llama.cpp writes it as `llama`) and Qwen2 are
 * Llama-shaped; GPT-2 has its own block. The LM head is tied when there is no `output.weight`.
 */
function shapeOf(
  arch: string,
  m: Metadata,
  tensors: readonly TensorRow[],
): { config: ArchitectureConfig | null; contextLength: number; vocabSize: number } | null {
  const key = (name: string) => asNumber(m[`${arch}.${name}`]);
  const contextLength = key('context_length');
  const tokens = m['tokenizer.ggml.tokens'];
  const embedding = tensors.find((t) => t.name === 'token_embd.weight');
  const vocabSize =
    key('vocab_size') ??
    (Array.isArray(tokens) ? tokens.length : null) ??
    embedding?.shape[1] ??
    null;
  if (contextLength === null || vocabSize === null) return null;
  const layers = key('block_count');
  const dModel = key('embedding_length');
  const heads = key('attention.head_count');
  const ffnDim = key('feed_forward_length');
  const tiedEmbeddings = !tensors.some((t) => t.name === 'output.weight');
  const known = layers !== null && dModel !== null && heads !== null && ffnDim !== null;
  let config: ArchitectureConfig | null = null;
  if (known && (arch === 'llama' || arch === 'qwen2')) {
    const kvHeads = key('attention.head_count_kv') ?? heads;
    const keyLength = key('attention.key_length'); // head_dim, where it is not d / heads
    const window = key('attention.sliding_window');
    const extras = {
      ...(keyLength !== null && keyLength * heads !== dModel ? { headDim: keyLength } : {}),
      ...(arch === 'qwen2' ? { qkvBias: true } : {}), // Qwen2's Q/K/V biases (HF Qwen2Attention)
      ...(window !== null ? { slidingWindow: window } : {}),
    };
    config = {
      family: 'llama',
      vocabSize,
      contextLength,
      layers,
      dModel,
      heads,
      kvHeads,
      ffnDim,
      tiedEmbeddings,
      ...extras,
    };
  } else if (known && arch === 'gpt2') {
    config = {
      family: 'gpt2',
      vocabSize,
      contextLength,
      layers,
      dModel,
      heads,
      ffnDim,
      tiedEmbeddings,
    };
  }
  return { config, contextLength, vocabSize };
}

/**
 * The address `readGgufHeader` is given for a local file: the library asks an http(s) URL of
 * Node, and `blobFetch` answers it without a network (.invalid never resolves, RFC 2606).
 */
export const localGgufUrl = (name: string) =>
  `https://local-file.invalid/${encodeURIComponent(name)}`;

/** A fetch that answers `Range: bytes=a-b` from `blob`, as a server would: 206 and content-range. */
export function blobFetch(blob: Blob): typeof fetch {
  return async (_input, init) => {
    const range = new Headers(init?.headers).get('range');
    const match = range ? /^bytes=(\d+)-(\d*)$/.exec(range) : null;
    if (!match)
      return new Response(blob, { status: 200, headers: { 'content-length': String(blob.size) } });
    const start = Math.min(Number(match[1]), blob.size);
    const end = Math.min(blob.size, match[2] ? Number(match[2]) + 1 : blob.size);
    return new Response(blob.slice(start, end), {
      status: 206,
      headers: { 'content-range': `bytes ${start}-${Math.max(start, end - 1)}/${blob.size}` },
    });
  };
}
