/** A tensor on the GPU: a buffer owned by a BufferPool, with the shape that gives it meaning. */

export type DType = 'f32' | 'f16' | 'u32' | 'i32';

export const DTYPE_BYTES: Readonly<Record<DType, number>> = { f32: 4, f16: 2, u32: 4, i32: 4 };

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

export const tensorBytes = (spec: Pick<TensorSpec, 'shape' | 'dtype'>) =>
  elementCount(spec.shape) * DTYPE_BYTES[spec.dtype];
