/**
 * Block-quantised B for the matmul kernels, dequantised in registers as it is read.
 *
 * The layout is onnxruntime's MatMulNBits, as ../../models/quantize.ts writes it: the logical
 * (K, N) weight is stored column by column, each column cut into whole blocks of `blockSize`
 * integers along K (the last block padded with the zero point, which reads back as 0), so the
 * stored matrix is (N, Kpad), Kpad = ceil(K / blockSize) · blockSize, and element i of that flat
 * matrix belongs to block i / blockSize — which is also the index of its scale, since Kpad is
 * whole blocks. For the kernels it is a transposed B whose stored rows are Kpad long.
 *
 *   values: the packed integers as u32 words, low bits first (a q4 word holds k … k+7, the
 *           element with the lower index in the lower nibble; a q8 word k … k+3)
 *   scales: the f16 scales as u32 words, two halves a word, unpacked with unpack2x16float
 *           (core WGSL: no `shader-f16` needed); the low half is the even scale
 *
 * Symmetric blocks only (what the engines hold, DECODER_QUANTIZATION): the zero point is
 * 2^(bits − 1), so a weight is (q − 2^(bits − 1)) · scale. The readers give the same two
 * primitives as ../storage.ts, over flat indices of the (N, Kpad) matrix, both f32:
 *   b_1(i) -> f32, b_4(i, n) -> vec4f (i % 4 == 0: four elements of one block), zeros past n;
 * and b_rowStride(cols), the stored row length, Kpad for K = cols.
 */
import type { GpuTensor, ProgramRunner } from '../../gpu';

/** How a quantised B is stored: fixed when the shader is compiled (it is in the cache key). */
export interface BlockEncoding {
  readonly bits: 4 | 8;
  /** Weights per scale along K: a power of two ≥ 16 (MatMulNBits' constraint). */
  readonly blockSize: number;
}

/** A (K, N) weight on the GPU in MatMulNBits' layout (see the top of this file). */
export interface QuantizedWeight extends BlockEncoding {
  /** (N, Kpad) integers, dtype u8 (q8) or u4 (q4). */
  readonly values: GpuTensor;
  /** (N, Kpad / blockSize) f16 scales. */
  readonly scales: GpuTensor;
  /** The logical matrix is (K, N): K along the reduction, N outputs. */
  readonly K: number;
  readonly N: number;
}

export const isQuantizedWeight = (b: GpuTensor | QuantizedWeight): b is QuantizedWeight =>
  'scales' in b;

/** Kpad: a column's length in whole blocks. */
export const paddedK = (K: number, blockSize: number) => Math.ceil(K / blockSize) * blockSize;

/** The part of a cache key the encoding contributes: `q4x128`. */
export const blockKey = ({ bits, blockSize }: BlockEncoding) => `q${bits}x${blockSize}`;

/** Checks a quantised weight's tensors against its (K, N) and encoding. */
export function checkQuantizedWeight(w: QuantizedWeight): void {
  const { bits, blockSize, K, N, values, scales } = w;
  if (!(blockSize >= 16) || (blockSize & (blockSize - 1)) !== 0) {
    throw new RangeError(`"${values.label}": blockSize ${blockSize} is not a power of two ≥ 16`);
  }
  const Kpad = paddedK(K, blockSize);
  const expect = (t: GpuTensor, dtype: string, shape: number[]) => {
    if (t.dtype !== dtype || t.shape.join() !== shape.join()) {
      throw new Error(
        `"${t.label}" is ${t.dtype} [${t.shape}], a q${bits} (${K}, ${N}) weight in blocks of ` +
          `${blockSize} needs ${dtype} [${shape}]`,
      );
    }
  };
  expect(values, bits === 4 ? 'u4' : 'u8', [N, Kpad]);
  expect(scales, 'f16', [N, Kpad / blockSize]);
}

/** The declarations of the two bindings of a quantised `name`: values, then scales. */
export const quantizedDeclarations = (name: string, binding: number) => [
  `@group(0) @binding(${binding}) var<storage, read> ${name}: array<u32>;`,
  `@group(0) @binding(${binding + 1}) var<storage, read> ${name}_scales: array<u32>;`,
];

/**
 * The readers of a quantised `name` (see the top of this file). q4's four elements are one
 * half of a word (i % 8 is 0 or 4), q8's one whole word; both lie in one block, so one scale.
 */
export function quantizedReaders(name: string, { bits, blockSize }: BlockEncoding): string {
  const perWord = 32 / bits;
  const mask = bits === 4 ? '0xfu' : '0xffu';
  const zero = `${2 ** (bits - 1)}.0`;
  const block = `${name.toUpperCase()}_BLOCK`;
  return `const ${block} = ${blockSize}u;
fn ${name}_rowStride(cols: u32) -> u32 { return (cols + ${block} - 1u) / ${block} * ${block}; }
fn ${name}_scale(i: u32) -> f32 {
  let s = i / ${block};
  return unpack2x16float(${name}_scales[s / 2u])[s % 2u];
}
fn ${name}_1(i: u32) -> f32 {
  let q = extractBits(${name}[i / ${perWord}u], ${bits}u * (i % ${perWord}u), ${bits}u);
  return (f32(q) - ${zero}) * ${name}_scale(i);
}
fn ${name}_4(i: u32, n: u32) -> vec4f {
  let w = ${name}[i / ${perWord}u] >> (${bits}u * (i % ${perWord}u));
  let q = vec4f(vec4u(w, w >> ${bits}u, w >> ${2 * bits}u, w >> ${3 * bits}u) & vec4u(${mask}));
  let v = (q - ${zero}) * ${name}_scale(i);
  return select(vec4f(0.0), v, vec4u(0u, 1u, 2u, 3u) < vec4u(n));
}`;
}

/** b_rowStride of an unquantised binding: rows are as long as the matrix's. */
export const plainRowStride = (name: string) =>
  `fn ${name}_rowStride(cols: u32) -> u32 { return cols; }`;

/** A quantised matrix on the host, as ../../models/quantize.ts makes it (symmetric). */
export interface HostQuantizedMatrix extends BlockEncoding {
  readonly K: number;
  readonly N: number;
  /** (N, Kpad) packed integers. */
  readonly data: Uint8Array;
  /** (N, Kpad / blockSize) f16 bit patterns. */
  readonly scales: Uint16Array;
  readonly zeroPoints: Uint8Array | null;
}

/** Uploads a host matrix as `label` (its integers) and `label.scales`. */
export async function uploadQuantizedWeight(
  runner: ProgramRunner,
  label: string,
  matrix: HostQuantizedMatrix,
): Promise<QuantizedWeight> {
  const { K, N, bits, blockSize, data, scales, zeroPoints } = matrix;
  if (zeroPoints) throw new Error(`"${label}": the kernels read symmetric blocks only`);
  const Kpad = paddedK(K, blockSize);
  const dtype = bits === 4 ? 'u4' : 'u8';
  return {
    K,
    N,
    bits,
    blockSize,
    values: await runner.upload({ label, shape: [N, Kpad], dtype }, data),
    scales: await runner.upload(
      { label: `${label}.scales`, shape: [N, Kpad / blockSize], dtype: 'f16' },
      scales,
    ),
  };
}
