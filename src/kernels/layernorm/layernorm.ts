import { bakeWgsl, defineUniforms, type GpuTensor, type KernelCall, type Program } from '../../gpu';
import type { GridOptions } from '../shape';
import { assertTreeWorkgroup, f32Vector, rowGrid } from '../shape';
import template from './layernorm.wgsl?raw';

/** Shapes and ε are uniforms: one pipeline per (vector width, workgroup size) serves every model. */
const fields = { rows: 'u32', width: 'u32', eps: 'f32' } as const;
const uniforms = defineUniforms(fields);

/**
 * 128 invocations per row: GPT-2's C = 768 … 1600 is 192 … 400 vec4s, so each invocation
 * loads 2–4 of them; the tree then takes 7 barrier steps.
 */
export const LAYER_NORM_WORKGROUP_SIZE = 128;

/** GPT-2's layer_norm_epsilon, and torch.nn.LayerNorm's default. */
export const LAYER_NORM_EPS = 1e-5;

export interface LayerNormOptions extends GridOptions {
  readonly eps?: number;
}

export interface LayerNormShape {
  /** A power of two: the reduction is a halving tree. */
  readonly workgroupSize: number;
  readonly vectorWidth: 1 | 4;
}

export function layerNormProgram({
  workgroupSize,
  vectorWidth,
}: LayerNormShape): Program<typeof fields> {
  assertTreeWorkgroup('layerNorm', workgroupSize);
  const vector = f32Vector(vectorWidth);
  return {
    name: 'layerNorm',
    cacheKey: `layerNorm/${vector}/wg${workgroupSize}`,
    wgsl: () => bakeWgsl(template, uniforms, { workgroupSize, vector, vectorWidth }),
    uniforms,
    inputs: 3,
    outputs: 1,
  };
}

/**
 * LayerNorm over the last axis, as torch.nn.LayerNorm (biased variance):
 * x (…, C), γ (C), β (C) → (…, C). Every leading axis counts as rows.
 */
export function layerNorm(
  x: GpuTensor,
  gamma: GpuTensor,
  beta: GpuTensor,
  options: LayerNormOptions = {},
): KernelCall<typeof fields> {
  const grid = rowGrid(x, 'layerNorm', LAYER_NORM_WORKGROUP_SIZE, options);
  const { columns } = grid;
  for (const t of [gamma, beta]) {
    if (t.dtype !== 'f32') {
      throw new Error(`layerNorm takes f32 tensors, "${t.label}" is ${t.dtype}`);
    }
    if (t.shape.length !== 1 || t.shape[0] !== columns) {
      throw new Error(`layerNorm: "${t.label}" is [${t.shape}], expected [${columns}]`);
    }
  }
  return {
    program: layerNormProgram(grid),
    inputs: [x, gamma, beta],
    outputs: [{ label: `${x.label}/layerNorm`, shape: x.shape, dtype: 'f32' }],
    uniforms: { rows: grid.rows, width: grid.width, eps: options.eps ?? LAYER_NORM_EPS },
    workgroups: grid.rows,
  };
}
