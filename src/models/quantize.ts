/**
 * Block quantisation of weight matrices, in the layout of onnxruntime's MatMulNBits
 * (com.microsoft contrib op, the one real q4/q8 ONNX exports use), so that our engine and ORT
 * can hold the very same bytes and the CPU reference can run on exactly what they hold.
 *
 * A GPT-2 projection is (K, N): K inputs, N outputs (Conv1D, x @ W). It is quantised along K,
 * one column at a time: column n is cut into ceil(K / blockSize) blocks, and each block keeps
 *   - blockSize integers q of `bits` bits, packed low nibble first (4-bit: two to a byte);
 *   - one f16 scale s;
 *   - one zero point z of `bits` bits where the scheme is asymmetric; a symmetric block's zero
 *     point is implied, 2^(bits − 1) (MatMulNBits' default when the input is absent);
 * and a weight reads back as (q − z) · s. Values past K in the last block are padding: q = z.
 *
 * Symmetric blocks map the value of largest magnitude to −2^(bits−1) exactly (as onnxruntime's
 * blockwise quantiser does: the whole integer range is used); asymmetric blocks map
 * [min(0, lo), max(0, hi)] onto [0, 2^bits − 1]. Every scale is rounded to f16 before the
 * integers are chosen, so a weight's error is at most half a step of the scale really stored.
 */
import { floatToHalf, halfToFloat } from '../scaling/half';
import { type BlockQuantization, matrixStorageBytes } from '../scaling/precision';

export type QuantizedBits = 4 | 8;

export interface QuantizeOptions {
  readonly bits: QuantizedBits;
  /** Weights per block along K: a power of two ≥ 16 (MatMulNBits' constraint). */
  readonly blockSize: number;
  /** No zero points: each block is centred on 2^(bits − 1). */
  readonly symmetric: boolean;
}

export interface QuantizedMatrix extends QuantizeOptions {
  /** The matrix is (K, N): K along the reduction, N outputs. */
  readonly K: number;
  readonly N: number;
  /** (N, blocksPerColumn, blockSize · bits / 8) packed integers, MatMulNBits' input B. */
  readonly data: Uint8Array;
  /** (N, blocksPerColumn) f16 bit patterns, MatMulNBits' `scales`. */
  readonly scales: Uint16Array;
  /** (N, ceil(blocksPerColumn · bits / 8)) packed zero points; null when symmetric. */
  readonly zeroPoints: Uint8Array | null;
}

/** The precision table's description of these blocks (f16 scales, zero points of `bits`). */
export const blocksOf = ({ bits, blockSize, symmetric }: QuantizeOptions): BlockQuantization => ({
  blockSize,
  scaleBits: 16,
  zeroPointBits: symmetric ? null : bits,
});

const precisionOf = (bits: QuantizedBits) => (bits === 4 ? 'q4' : 'q8');

/** Exact bytes of a (K, N) matrix quantised so: what the engines hold and the records say. */
export function quantizedBytes(K: number, N: number, options: QuantizeOptions): number {
  return matrixStorageBytes(K, N, precisionOf(options.bits), blocksOf(options));
}

function checkOptions({ bits, blockSize }: QuantizeOptions): void {
  if (bits !== 4 && bits !== 8) throw new RangeError(`bits must be 4 or 8, got ${bits}`);
  if (!(blockSize >= 16) || (blockSize & (blockSize - 1)) !== 0) {
    throw new RangeError(`blockSize must be a power of two ≥ 16, got ${blockSize}`);
  }
}

/** Reads and writes `bits`-bit integers packed into bytes, low bits first. */
const packed = (bits: QuantizedBits) => ({
  get: (bytes: Uint8Array, index: number) =>
    bits === 8 ? bytes[index]! : (bytes[index >> 1]! >> ((index & 1) * 4)) & 0xf,
  set: (bytes: Uint8Array, index: number, value: number) => {
    if (bits === 8) bytes[index] = value;
    else bytes[index >> 1]! |= value << ((index & 1) * 4);
  },
});

/** Quantises `weight`, row-major (K, N), along K. */
export function quantizeMatrix(
  weight: Float32Array,
  K: number,
  N: number,
  options: QuantizeOptions,
): QuantizedMatrix {
  checkOptions(options);
  if (weight.length !== K * N) {
    throw new RangeError(
      `weight holds ${weight.length} values, (K, N) = (${K}, ${N}) needs ${K * N}`,
    );
  }
  const { bits, blockSize, symmetric } = options;
  const perColumn = Math.ceil(K / blockSize);
  const maxQ = 2 ** bits - 1;
  const centre = 2 ** (bits - 1);
  const valuesPerColumn = perColumn * blockSize;
  const zeroBytesPerColumn = Math.ceil((perColumn * bits) / 8);
  const data = new Uint8Array(N * valuesPerColumn * (bits / 8));
  const scales = new Uint16Array(N * perColumn);
  const zeroPoints = symmetric ? null : new Uint8Array(N * zeroBytesPerColumn);
  const pack = packed(bits);

  for (let n = 0; n < N; n++) {
    for (let b = 0; b < perColumn; b++) {
      const start = b * blockSize;
      const end = Math.min(K, start + blockSize);
      let lo = 0; // asymmetric blocks always hold 0 exactly
      let hi = 0;
      let extreme = 0; // symmetric: the value of largest magnitude, sign kept
      for (let k = start; k < end; k++) {
        const v = weight[k * N + n]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        if (Math.abs(v) > Math.abs(extreme)) extreme = v;
      }
      const scaleBits = floatToHalf(symmetric ? extreme / -centre : (hi - lo) / maxQ);
      const scale = halfToFloat(scaleBits);
      const zero = symmetric || scale === 0 ? centre : clamp(Math.round(-lo / scale), 0, maxQ);
      scales[n * perColumn + b] = scaleBits;
      if (zeroPoints) pack.set(zeroPoints.subarray(n * zeroBytesPerColumn), b, zero);
      const column = data.subarray((n * valuesPerColumn * bits) / 8);
      for (let k = start; k < start + blockSize; k++) {
        const q = k < end && scale !== 0 ? Math.round(weight[k * N + n]! / scale) + zero : zero;
        pack.set(column, k, clamp(q, 0, maxQ));
      }
    }
  }
  return { ...options, K, N, data, scales, zeroPoints };
}

/** The weights a quantised matrix stands for, row-major (K, N): (q − z) · s. */
export function dequantizeMatrix(matrix: QuantizedMatrix): Float32Array {
  const { K, N, bits, blockSize, data, scales, zeroPoints } = matrix;
  const perColumn = Math.ceil(K / blockSize);
  const valuesPerColumn = perColumn * blockSize;
  const zeroBytesPerColumn = Math.ceil((perColumn * bits) / 8);
  const pack = packed(bits);
  const out = new Float32Array(K * N);
  for (let n = 0; n < N; n++) {
    const column = data.subarray((n * valuesPerColumn * bits) / 8);
    for (let k = 0; k < K; k++) {
      const b = Math.floor(k / blockSize);
      const zero = zeroPoints
        ? pack.get(zeroPoints.subarray(n * zeroBytesPerColumn), b)
        : 2 ** (bits - 1);
      out[k * N + n] = (pack.get(column, k) - zero) * halfToFloat(scales[n * perColumn + b]!);
    }
  }
  return out;
}

const clamp = (value: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, value));
