import { bakeWgsl, defineUniforms, type GpuTensor, type KernelCall, type Program } from '../../gpu';
import { type FlatGrid, flatGrid, type GridOptions } from '../shape';
import template from './copy.wgsl?raw';

const fields = { count: 'u32' } as const;
const uniforms = defineUniforms(fields);

export function copyProgram(
  grid: Pick<FlatGrid, 'workgroupSize' | 'vector'>,
): Program<typeof fields> {
  return {
    name: 'copy',
    cacheKey: `copy/${grid.vector}/wg${grid.workgroupSize}`,
    wgsl: () =>
      bakeWgsl(template, uniforms, { workgroupSize: grid.workgroupSize, vector: grid.vector }),
    uniforms,
    inputs: 1,
    outputs: 1,
  };
}

/** dst = src, for an f32 tensor of any shape. */
export function copy(src: GpuTensor, options: GridOptions = {}): KernelCall<typeof fields> {
  const grid = flatGrid(src, 'copy', options);
  return {
    program: copyProgram(grid),
    inputs: [src],
    outputs: [{ label: `${src.label}/copy`, shape: src.shape, dtype: 'f32' }],
    uniforms: { count: grid.count },
    workgroups: grid.workgroups,
  };
}
