/**
 * Test-only: writes a valid GGUF v3 file (ggml's docs/gguf.md, "File Structure"), written here
 * rather than with the library we read with, so the reader is checked against the format and
 * not against itself:
 *
 *   "GGUF"  u32 version (3)  u64 tensor_count  u64 kv_count
 *   kv_count × { string key, u32 value type, value }          (strings: u64 length + UTF-8)
 *   tensor_count × { string name, u32 n_dims, u64 ne[n_dims], u32 ggml type, u64 offset }
 *   padding to `general.alignment` (32 unless set), then the tensor data, each tensor at its
 *   offset (relative to the data's start, itself a multiple of the alignment).
 *
 * Tensor data are zeros of the exact size: only the headers are under test.
 */
import { ggmlBytes, ggmlType } from '../ggml-types';

/** A metadata value and its GGUF value type (GGUFValueType: 4 u32, 6 f32, 8 string, 9 array). */
export type GgufValue =
  | { readonly u32: number }
  | { readonly f32: number }
  | { readonly string: string }
  | { readonly strings: readonly string[] };

export interface GgufTensorToWrite {
  readonly name: string;
  /** ggml type number (GGMLQuantizationType). */
  readonly type: number;
  /** ggml order: ne[0], the contiguous dimension, first. */
  readonly shape: readonly number[];
}

export interface GgufToWrite {
  readonly metadata: Readonly<Record<string, GgufValue>>;
  readonly tensors: readonly GgufTensorToWrite[];
  readonly alignment?: number;
  /** Test-only damage: write this many bytes of tensor data fewer than the header declares. */
  readonly truncateBy?: number;
}

class ByteWriter {
  private readonly chunks: Uint8Array[] = [];
  length = 0;
  private push(bytes: Uint8Array) {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }
  private fixed(size: number, set: (view: DataView) => void) {
    const bytes = new Uint8Array(size);
    set(new DataView(bytes.buffer));
    this.push(bytes);
  }
  u32 = (v: number) => this.fixed(4, (d) => d.setUint32(0, v, true));
  u64 = (v: number) => this.fixed(8, (d) => d.setBigUint64(0, BigInt(v), true));
  f32 = (v: number) => this.fixed(4, (d) => d.setFloat32(0, v, true));
  string(s: string) {
    const utf8 = new TextEncoder().encode(s);
    this.u64(utf8.length);
    this.push(utf8);
  }
  zeros = (n: number) => this.push(new Uint8Array(n));
  bytes(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function writeValue(w: ByteWriter, value: GgufValue): void {
  if ('u32' in value) {
    w.u32(4);
    w.u32(value.u32);
  } else if ('f32' in value) {
    w.u32(6);
    w.f32(value.f32);
  } else if ('string' in value) {
    w.u32(8);
    w.string(value.string);
  } else {
    w.u32(9);
    w.u32(8); // an array of strings
    w.u64(value.strings.length);
    for (const s of value.strings) w.string(s);
  }
}

const pad = (n: number, alignment: number) => Math.ceil(n / alignment) * alignment;

function tensorBytes(t: GgufTensorToWrite): number {
  const entry = ggmlType(t.type);
  const bytes =
    entry &&
    ggmlBytes(
      entry,
      t.shape.reduce((a, b) => a * b, 1),
    );
  if (bytes === null || bytes === undefined) throw new Error(`cannot size ${t.name}`);
  return bytes;
}

export function writeGguf({ metadata, tensors, alignment = 32, truncateBy = 0 }: GgufToWrite) {
  const w = new ByteWriter();
  w.u32(0x46554747); // "GGUF" little-endian
  w.u32(3);
  w.u64(tensors.length);
  w.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    w.string(key);
    writeValue(w, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    w.string(t.name);
    w.u32(t.shape.length);
    for (const n of t.shape) w.u64(n);
    w.u32(t.type);
    w.u64(offset);
    offsets.push(offset);
    offset = pad(offset + tensorBytes(t), alignment);
  }
  w.zeros(pad(w.length, alignment) - w.length);
  const last = tensors.at(-1);
  const dataBytes = last ? offsets.at(-1)! + tensorBytes(last) : 0;
  w.zeros(Math.max(0, dataBytes - truncateBy));
  return w.bytes();
}

/** A one-block GPT-2 of mixed types (Q8_0, Q4_0, F32): 61,504 parameters. */
export function tinyGpt2Gguf(): Uint8Array<ArrayBuffer> {
  return writeGguf({
    metadata: {
      'general.architecture': { string: 'gpt2' },
      'gpt2.context_length': { u32: 1024 },
      'gpt2.embedding_length': { u32: 64 },
      'gpt2.block_count': { u32: 1 },
      'gpt2.feed_forward_length': { u32: 256 },
      'gpt2.attention.head_count': { u32: 2 },
      'gpt2.vocab_size': { u32: 512 },
    },
    tensors: [
      { name: 'token_embd.weight', type: 8 /* Q8_0 */, shape: [64, 512] },
      { name: 'blk.0.attn_qkv.weight', type: 8 /* Q8_0 */, shape: [64, 192] },
      { name: 'blk.0.ffn_up.weight', type: 2 /* Q4_0 */, shape: [64, 256] },
      { name: 'blk.0.attn_norm.weight', type: 0 /* F32 */, shape: [64] },
    ],
  });
}
