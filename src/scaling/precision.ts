/**
 * The one precision table: every number format paramscope knows, by one name each.
 *
 * A precision says how one weight is stored (bits, float or integer), and for the integer
 * formats how blocks of weights share a scale: what the calculator's memory figures, the
 * engines' exact weight bytes (src/models/weights.ts), the GPU layer's tensor sizes
 * (src/gpu/tensor.ts) and the result records all read. Bits, not bytes: a 4-bit element is
 * half a byte, and a tensor of them is `ceil(elements · 4 / 8)` bytes before its scales.
 *
 * Adding a precision is one entry here; the compiler then lists every table keyed by
 * `Precision` that must say something about it (chart marks, engines' `precisions`).
 */

export const PRECISIONS = ['f32', 'f16', 'bf16', 'q8', 'q4'] as const;
export type Precision = (typeof PRECISIONS)[number];

/**
 * Block-wise quantisation: every `blockSize` consecutive weights along the reduction axis
 * share one scale (and, for asymmetric schemes, one zero point), as in GPTQ (Frantar et al.
 * 2023), AWQ (Lin et al. 2024) and onnxruntime's MatMulNBits (blocks of K, f16 scales,
 * optional packed zero points).
 */
export interface BlockQuantization {
  /** Weights per scale. */
  readonly blockSize: number;
  /** Bits of one scale: 16 (f16) in every format above. */
  readonly scaleBits: number;
  /** Bits of one zero point, or null for a symmetric scheme (no zero points). */
  readonly zeroPointBits: number | null;
}

export interface PrecisionEntry {
  readonly id: Precision;
  /** How the UI names it. */
  readonly label: string;
  /** Bits of one stored element, scales not included. */
  readonly bits: number;
  readonly kind: 'float' | 'int';
  /**
   * The default blocks of an integer format, or null: floats have none, and q8's default is a
   * per-tensor scale, a handful of bytes that the figures leave out.
   */
  readonly blocks: BlockQuantization | null;
  /**
   * Which tensors stay wide when a model is held at this precision. Engines apply it through
   * `heldPrecision`; this text is what the UI and the records' docs say.
   */
  readonly wide: string;
  /** Other names a user may type for it (the calculator's attributes accepted these first). */
  readonly aliases: readonly string[];
}

/** Default q4 blocks: 128 weights per f16 scale, GPTQ's and AWQ's usual setting. */
export const DEFAULT_Q4_BLOCK_SIZE = 128;
const F16_BITS = 16;

const VECTORS_STAY_F32 =
  'vectors (biases, LayerNorm parameters) stay f32: a few thousand values that feed sums directly';

export const PRECISION: Readonly<Record<Precision, PrecisionEntry>> = Object.freeze({
  // IEEE 754 binary32: the reference every other precision is checked against.
  f32: {
    id: 'f32',
    label: 'f32',
    bits: 32,
    kind: 'float',
    blocks: null,
    wide: 'none',
    aliases: ['fp32', 'float32'],
  },
  // IEEE 754 binary16: matrices only; exact to read back as f32.
  f16: {
    id: 'f16',
    label: 'f16',
    bits: 16,
    kind: 'float',
    blocks: null,
    wide: VECTORS_STAY_F32,
    aliases: ['fp16', 'float16'],
  },
  // bfloat16: f32's exponent, 8 bits of mantissa (Kalamkar et al. 2019).
  bf16: {
    id: 'bf16',
    label: 'bf16',
    bits: 16,
    kind: 'float',
    blocks: null,
    wide: VECTORS_STAY_F32,
    aliases: ['bfloat16'],
  },
  // 8-bit integers with a per-tensor scale unless blocks are asked for.
  q8: {
    id: 'q8',
    label: 'q8 (int8)',
    bits: 8,
    kind: 'int',
    blocks: null,
    wide: VECTORS_STAY_F32,
    aliases: ['int8'],
  },
  // 4-bit integers, two per byte, with an f16 scale per block of 128.
  q4: {
    id: 'q4',
    label: 'q4 (int4)',
    bits: 4,
    kind: 'int',
    blocks: { blockSize: DEFAULT_Q4_BLOCK_SIZE, scaleBits: F16_BITS, zeroPointBits: null },
    wide: VECTORS_STAY_F32,
    aliases: ['int4'],
  },
} satisfies Record<Precision, PrecisionEntry>);

export const isPrecision = (value: string): value is Precision =>
  (PRECISIONS as readonly string[]).includes(value);

/** The precision named `name` or one of its aliases (`fp16` → `f16`), or null. */
export function parsePrecision(name: string): Precision | null {
  const key = name.trim().toLowerCase();
  if (isPrecision(key)) return key;
  return PRECISIONS.find((id) => PRECISION[id].aliases.includes(key)) ?? null;
}

/** Bytes of `elements` values packed at `precision`, scales not included: `ceil(n · bits / 8)`. */
export function packedBytes(elements: number, precision: Precision): number {
  return Math.ceil((elements * PRECISION[precision].bits) / 8);
}

/**
 * Bytes to store `elements` weights at `precision`, with one scale (and zero point) per block
 * where the format has blocks: q4 with blocks of 128 and f16 scales costs 0.5 + 2/128 =
 * 0.515625 bytes per weight. `blocks` overrides the default (q8 with blocks, q4 with 32).
 */
export function storageBytes(
  elements: number,
  precision: Precision,
  blocks: BlockQuantization | null = PRECISION[precision].blocks,
): number {
  const packed = packedBytes(elements, precision);
  if (blocks === null || PRECISION[precision].kind !== 'int') return packed;
  if (!(blocks.blockSize >= 1)) {
    throw new RangeError(`blockSize must be at least 1, got ${blocks.blockSize}`);
  }
  const count = Math.ceil(elements / blocks.blockSize);
  const perBlockBits = blocks.scaleBits + (blocks.zeroPointBits ?? 0);
  return packed + (count * perBlockBits) / 8;
}

/**
 * Exact bytes of a (K, N) weight matrix quantised along K, in the layout of onnxruntime's
 * MatMulNBits (com.microsoft): each of the N columns holds ceil(K / blockSize) blocks of
 * blockSize packed values (the last padded), one scale per block, and where there are zero
 * points, each column's block zero points packed into whole bytes. A float precision is just
 * its packed elements.
 */
export function matrixStorageBytes(
  K: number,
  N: number,
  precision: Precision,
  blocks: BlockQuantization | null = PRECISION[precision].blocks,
): number {
  const { bits, kind } = PRECISION[precision];
  if (blocks === null || kind !== 'int') return packedBytes(K * N, precision);
  const perColumn = Math.ceil(K / blocks.blockSize);
  const values = N * perColumn * Math.ceil((blocks.blockSize * bits) / 8);
  const scales = N * perColumn * Math.ceil(blocks.scaleBits / 8);
  const zeroPoints =
    blocks.zeroPointBits === null ? 0 : N * Math.ceil((perColumn * blocks.zeroPointBits) / 8);
  return values + scales + zeroPoints;
}

/**
 * The precision one tensor is held in when the model is held at `precision`: matrices (both
 * embeddings and every projection, 99.9 % of GPT-2's parameters and all the bytes a decode
 * step streams) take it; vectors stay f32 (`wide` in the table).
 */
export function heldPrecision(
  precision: Precision,
  tensor: { readonly shape: readonly number[] },
): Precision {
  return tensor.shape.length === 2 ? precision : 'f32';
}
