/** A tensor on the GPU: a buffer owned by a BufferPool, with the shape that gives it meaning. */
import { PRECISION } from '../scaling/precision';

/**
 * Element types of GPU tensors. f32 and f16 are the precision table's (src/scaling/precision.ts);
 * `u4` is a 4-bit integer, packed eight to a u32 word: a tensor whose elements are not whole
 * bytes, as block-quantised weights are.
 */
export type DType = 'f32' | 'f16' | 'u32' | 'i32' | 'u8' | 'u4';

/** Bits of one element: sizes are bits, so that 4-bit tensors have a size too. */
export const DTYPE_BITS: Readonly<Record<DType, number>> = Object.freeze({
  f32: PRECISION.f32.bits,
  f16: PRECISION.f16.bits,
  u32: 32,
  i32: 32,
  u8: 8,
  u4: 4,
});

/** What a kernel will write: the runner allocates it unless the caller passes a buffer. */
export interface TensorSpec {
  readonly label: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

export interface GpuTensor extends TensorSpec {
  readonly buffer: GPUBuffer;
}

export const elementCount = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Bytes of a tensor's elements, rounded up to whole bytes (two u4 elements share one). */
export const tensorBytes = (spec: Pick<TensorSpec, 'shape' | 'dtype'>) =>
  Math.ceil((elementCount(spec.shape) * DTYPE_BITS[spec.dtype]) / 8);
