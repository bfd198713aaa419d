import {
  bakeWgsl,
  defineUniforms,
  elementCount,
  type GpuTensor,
  type KernelCall,
  type Program,
} from '../../gpu';
import type { GridOptions } from '../shape';
import { assertTreeWorkgroup, f32Vector } from '../shape';
import template from './softmax.wgsl?raw';

/** Shapes are uniforms: one pipeline per (vector width, workgroup size) serves every model. */
const fields = { rows: 'u32', width: 'u32' } as const;
const uniforms = defineUniforms(fields);

/**
 * 128 invocations per row: an attention row of 1024 keys is 256 vec4s, two per invocation;
 * a row of GPT-2's 50 257 logits is ~393 floats per invocation, which is what the loop is for.
 */
export const SOFTMAX_WORKGROUP_SIZE = 128;

export interface SoftmaxShape {
  /** A power of two: the reduction is a halving tree. */
  readonly workgroupSize: number;
  readonly vectorWidth: 1 | 4;
}

export function softmaxProgram({
  workgroupSize,
  vectorWidth,
}: SoftmaxShape): Program<typeof fields> {
  assertTreeWorkgroup('softmax', workgroupSize);
  const vector = f32Vector(vectorWidth);
  return {
    name: 'softmax',
    cacheKey: `softmax/${vector}/wg${workgroupSize}`,
    wgsl: bakeWgsl(template, uniforms, { workgroupSize, vector, vectorWidth }),
    uniforms,
    inputs: 1,
    outputs: 1,
  };
}

/** Softmax over the last axis, max-subtracted: x (…, N) → (…, N); leading axes are rows. */
export function softmax(x: GpuTensor, options: GridOptions = {}): KernelCall<typeof fields> {
  if (x.dtype !== 'f32') throw new Error(`softmax takes f32 tensors, "${x.label}" is ${x.dtype}`);
  const columns = x.shape.at(-1);
  if (columns === undefined || columns === 0) {
    throw new Error(`softmax: "${x.label}" of shape [${x.shape}] has no columns`);
  }
  const rows = elementCount(x.shape) / columns;
  const workgroupSize = options.workgroupSize ?? SOFTMAX_WORKGROUP_SIZE;
  // vec4 when rows allow it: 16-byte loads, and a quarter of the loop trips.
  const vectorWidth = options.vectorWidth ?? (columns % 4 === 0 ? 4 : 1);
  if (columns % vectorWidth !== 0) {
    throw new Error(`softmax: ${columns} columns are not a multiple of ${vectorWidth}`);
  }
  return {
    program: softmaxProgram({ workgroupSize, vectorWidth }),
    inputs: [x],
    outputs: [{ label: `${x.label}/softmax`, shape: x.shape, dtype: 'f32' }],
    uniforms: { rows, width: columns / vectorWidth },
    workgroups: rows,
  };
}
