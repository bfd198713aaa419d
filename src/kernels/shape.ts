import { elementCount, type TensorSpec } from '../gpu';

/** 64 invocations: a multiple of every vendor's SIMD width (32 NVIDIA, 64 AMD, 8–32 others). */
export const DEFAULT_WORKGROUP_SIZE = 64;

export interface GridOptions {
  readonly workgroupSize?: number;
  /** Force scalar loads (1) even when the length allows vec4 (tests, benchmarks). */
  readonly vectorWidth?: 1 | 4;
}

/** One vector per invocation over a flat tensor: the grid of copy and the elementwise ops. */
export interface FlatGrid {
  readonly workgroupSize: number;
  readonly vectorWidth: 1 | 4;
  /** The WGSL type of one vector. */
  readonly vector: 'vec4<f32>' | 'f32';
  /** Vectors to process: the `count` uniform. */
  readonly count: number;
  readonly workgroups: number;
}

export function flatGrid(spec: TensorSpec, kernel: string, options: GridOptions = {}): FlatGrid {
  if (spec.dtype !== 'f32') {
    throw new Error(`${kernel} takes f32 tensors, "${spec.label}" is ${spec.dtype}`);
  }
  const elements = elementCount(spec.shape);
  const workgroupSize = options.workgroupSize ?? DEFAULT_WORKGROUP_SIZE;
  // vec4 when the length allows: 16-byte accesses are what memory systems are fastest at.
  const vectorWidth = options.vectorWidth ?? (elements % 4 === 0 ? 4 : 1);
  if (elements % vectorWidth !== 0) {
    throw new Error(`${kernel}: ${elements} elements are not a multiple of ${vectorWidth}`);
  }
  const count = elements / vectorWidth;
  return {
    workgroupSize,
    vectorWidth,
    vector: f32Vector(vectorWidth),
    count,
    workgroups: Math.ceil(count / workgroupSize),
  };
}

/** The WGSL type of `width` lanes of f32. */
export const f32Vector = (width: 1 | 4): 'vec4<f32>' | 'f32' => (width === 4 ? 'vec4<f32>' : 'f32');

/** Row kernels reduce with a halving tree, which needs a power-of-two workgroup. */
export function assertTreeWorkgroup(kernel: string, workgroupSize: number): void {
  const powerOfTwo =
    Number.isInteger(workgroupSize) &&
    workgroupSize > 0 &&
    (workgroupSize & (workgroupSize - 1)) === 0;
  if (!powerOfTwo) {
    throw new RangeError(`${kernel}: workgroup size ${workgroupSize} is not a power of two`);
  }
}

/** A workgroup per row over the last axis: the grid of LayerNorm, softmax and argmax. */
export interface RowGrid {
  readonly rows: number;
  readonly columns: number;
  readonly workgroupSize: number;
  readonly vectorWidth: 1 | 4;
  /** Vectors per row: the `width` uniform. */
  readonly width: number;
}

export function rowGrid(
  x: TensorSpec,
  kernel: string,
  defaultWorkgroupSize: number,
  options: GridOptions = {},
): RowGrid {
  if (x.dtype !== 'f32') throw new Error(`${kernel} takes f32 tensors, "${x.label}" is ${x.dtype}`);
  const columns = x.shape.at(-1);
  if (columns === undefined || columns === 0) {
    throw new Error(`${kernel}: "${x.label}" of shape [${x.shape}] has no columns`);
  }
  const workgroupSize = options.workgroupSize ?? defaultWorkgroupSize;
  assertTreeWorkgroup(kernel, workgroupSize);
  // vec4 when rows allow it: 16-byte loads, and a quarter of the loop trips.
  const vectorWidth = options.vectorWidth ?? (columns % 4 === 0 ? 4 : 1);
  if (columns % vectorWidth !== 0) {
    throw new Error(`${kernel}: ${columns} columns are not a multiple of ${vectorWidth}`);
  }
  const rows = elementCount(x.shape) / columns;
  return { rows, columns, workgroupSize, vectorWidth, width: columns / vectorWidth };
}
