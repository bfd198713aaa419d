import { bakeWgsl, defineUniforms, type GpuTensor, type KernelCall, type Program } from '../../gpu';
import type { GridOptions } from '../shape';
import { assertTreeWorkgroup, f32Vector, rowGrid } from '../shape';
import template from './argmax.wgsl?raw';

/** Shapes are uniforms: one pipeline per (vector width, workgroup size) serves every model. */
const fields = { rows: 'u32', width: 'u32' } as const;
const uniforms = defineUniforms(fields);

/**
 * 256 invocations, the most WebGPU guarantees: greedy decoding runs one row of ~50 000 logits
 * in a single workgroup, so the more loads in flight the better (~200 per invocation).
 */
export const ARGMAX_WORKGROUP_SIZE = 256;

export interface ArgmaxShape {
  /** A power of two: the reduction is a halving tree. */
  readonly workgroupSize: number;
  readonly vectorWidth: 1 | 4;
}

export function argmaxProgram({ workgroupSize, vectorWidth }: ArgmaxShape): Program<typeof fields> {
  assertTreeWorkgroup('argmax', workgroupSize);
  const vector = f32Vector(vectorWidth);
  return {
    name: 'argmax',
    cacheKey: `argmax/${vector}/wg${workgroupSize}`,
    wgsl: () => bakeWgsl(template, uniforms, { workgroupSize, vector, vectorWidth }),
    uniforms,
    inputs: 1,
    outputs: 1,
  };
}

/**
 * The first index of the largest value over the last axis, as torch.argmax (NaN counts as
 * the largest; −0 equals +0): x (N) → (1) u32, or x (R, N) → (R) u32, one index per row.
 */
export function argmax(x: GpuTensor, options: GridOptions = {}): KernelCall<typeof fields> {
  const grid = rowGrid(x, 'argmax', ARGMAX_WORKGROUP_SIZE, options);
  return {
    program: argmaxProgram(grid),
    inputs: [x],
    outputs: [
      {
        label: `${x.label}/argmax`,
        shape: x.shape.length === 1 ? [1] : x.shape.slice(0, -1),
        dtype: 'u32',
      },
    ],
    uniforms: { rows: grid.rows, width: grid.width },
    workgroups: grid.rows,
  };
}
