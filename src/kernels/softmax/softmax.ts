import { bakeWgsl, defineUniforms, type GpuTensor, type KernelCall, type Program } from '../../gpu';
import type { GridOptions } from '../shape';
import { assertTreeWorkgroup, f32Vector, rowGrid } from '../shape';
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
    wgsl: () => bakeWgsl(template, uniforms, { workgroupSize, vector, vectorWidth }),
    uniforms,
    inputs: 1,
    outputs: 1,
  };
}

/** Softmax over the last axis, max-subtracted: x (…, N) → (…, N); leading axes are rows. */
export function softmax(x: GpuTensor, options: GridOptions = {}): KernelCall<typeof fields> {
  const grid = rowGrid(x, 'softmax', SOFTMAX_WORKGROUP_SIZE, options);
  return {
    program: softmaxProgram(grid),
    inputs: [x],
    outputs: [{ label: `${x.label}/softmax`, shape: x.shape, dtype: 'f32' }],
    uniforms: { rows: grid.rows, width: grid.width },
    workgroups: grid.rows,
  };
}
