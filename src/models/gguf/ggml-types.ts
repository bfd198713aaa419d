/**
 * The ggml tensor types a GGUF file stores, and what one block of each costs: ggml packs a
 * tensor's elements in blocks along its first dimension, and a block of `blockSize` elements
 * takes `blockBytes` bytes with its scales (ggml.c, `type_traits`: blck_size and type_size).
 * So a tensor's exact bytes are `elements / blockSize · blockBytes`, and no type is guessed:
 * a type missing here is refused by its number.
 *
 * `precision` is the one of ours (src/scaling/precision.ts) the type is nearest to, for the
 * figures keyed by precision; null where none is near (2-, 3-, 5- and 6-bit types).
 */
import { GGMLQuantizationType as T } from '@huggingface/gguf';
import type { Precision } from '../../scaling';

export interface GgmlType {
  /** ggml's name, as llama.cpp prints it (`Q4_K`). */
  readonly name: string;
  readonly blockSize: number;
  readonly blockBytes: number;
  readonly precision: Precision | null;
}

const QK_K = 256; // elements in a K-quant super-block (ggml-common.h)

const type = (
  name: string,
  blockSize: number,
  blockBytes: number,
  precision: Precision | null,
): GgmlType => ({ name, blockSize, blockBytes, precision });

// Block layouts from ggml-common.h: each sum is the struct, scale(s) first.
export const GGML_TYPES: Readonly<Partial<Record<T, GgmlType>>> = Object.freeze({
  [T.F32]: type('F32', 1, 4, 'f32'),
  [T.F16]: type('F16', 1, 2, 'f16'),
  [T.BF16]: type('BF16', 1, 2, 'bf16'),
  [T.F64]: type('F64', 1, 8, null),
  [T.I8]: type('I8', 1, 1, null),
  [T.I16]: type('I16', 1, 2, null),
  [T.I32]: type('I32', 1, 4, null),
  [T.I64]: type('I64', 1, 8, null),
  [T.Q4_0]: type('Q4_0', 32, 2 + 16, 'q4'), // f16 d, 32 nibbles
  [T.Q4_1]: type('Q4_1', 32, 2 + 2 + 16, 'q4'), // f16 d, f16 m, 32 nibbles
  [T.Q5_0]: type('Q5_0', 32, 2 + 4 + 16, null),
  [T.Q5_1]: type('Q5_1', 32, 2 + 2 + 4 + 16, null),
  [T.Q8_0]: type('Q8_0', 32, 2 + 32, 'q8'), // f16 d, 32 int8
  [T.Q8_1]: type('Q8_1', 32, 4 + 4 + 32, 'q8'),
  [T.Q2_K]: type('Q2_K', QK_K, 2 + 2 + QK_K / 16 + QK_K / 4, null),
  [T.Q3_K]: type('Q3_K', QK_K, 2 + QK_K / 4 + QK_K / 8 + 12, null),
  [T.Q4_K]: type('Q4_K', QK_K, 2 + 2 + QK_K / 2 + 12, 'q4'),
  [T.Q5_K]: type('Q5_K', QK_K, 2 + 2 + QK_K / 2 + QK_K / 8 + 12, null),
  [T.Q6_K]: type('Q6_K', QK_K, 2 + QK_K / 2 + QK_K / 4 + QK_K / 16, null),
  [T.Q8_K]: type('Q8_K', QK_K, 4 + QK_K + QK_K / 8, 'q8'),
  [T.IQ2_XXS]: type('IQ2_XXS', QK_K, 2 + QK_K / 4, null),
  [T.IQ2_XS]: type('IQ2_XS', QK_K, 2 + QK_K / 4 + QK_K / 32, null),
  [T.IQ2_S]: type('IQ2_S', QK_K, 2 + QK_K / 4 + QK_K / 16, null),
  [T.IQ3_XXS]: type('IQ3_XXS', QK_K, 2 + QK_K / 4 + QK_K / 8, null),
  [T.IQ3_S]: type('IQ3_S', QK_K, 2 + QK_K / 4 + QK_K / 8 + QK_K / 32 + 4, null),
  [T.IQ1_S]: type('IQ1_S', QK_K, 2 + QK_K / 8 + QK_K / 16, null),
  [T.IQ1_M]: type('IQ1_M', QK_K, QK_K / 8 + QK_K / 16 + QK_K / 32, null),
  [T.IQ4_NL]: type('IQ4_NL', 32, 2 + 16, 'q4'),
  [T.IQ4_XS]: type('IQ4_XS', QK_K, 2 + 2 + QK_K / 2 + QK_K / 64, 'q4'),
  [T.MXFP4]: type('MXFP4', 32, 1 + 16, 'q4'), // e8m0 scale, 32 fp4 nibbles
});

/** The entry of ggml type number `id`, or null for one this table does not know. */
export function ggmlType(id: number): GgmlType | null {
  return GGML_TYPES[id as T] ?? null;
}

/** Exact bytes of `elements` values of `t`; null when they do not fill whole blocks. */
export function ggmlBytes(t: GgmlType, elements: number): number | null {
  return elements % t.blockSize === 0 ? (elements / t.blockSize) * t.blockBytes : null;
}
