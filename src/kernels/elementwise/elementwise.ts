import { bakeWgsl, defineUniforms, type GpuTensor, type KernelCall, type Program } from '../../gpu';
import { type FlatGrid, flatGrid, type GridOptions } from '../shape';
import binaryTemplate from './binary.wgsl?raw';
import unaryTemplate from './unary.wgsl?raw';

// Two templates, not one per op: the ops differ in one line, the bindings in their count.

export type UnaryOp = 'gelu' | 'relu';
export type BinaryOp = 'add' | 'mul';

const fields = { count: 'u32' } as const;
const uniforms = defineUniforms(fields);

type ProgramGrid = Pick<FlatGrid, 'workgroupSize' | 'vector'>;

/** Only what the shader bakes in; the grid's counts stay uniforms. */
const compileTime = ({ workgroupSize, vector }: ProgramGrid, op: string) => ({
  workgroupSize,
  vector,
  op,
});

export function unaryProgram(op: UnaryOp, grid: ProgramGrid): Program<typeof fields> {
  return {
    name: `elementwise.${op}`,
    cacheKey: `elementwise.${op}/${grid.vector}/wg${grid.workgroupSize}`,
    wgsl: () => bakeWgsl(unaryTemplate, uniforms, compileTime(grid, op)),
    uniforms,
    inputs: 1,
    outputs: 1,
  };
}

export function binaryProgram(op: BinaryOp, grid: ProgramGrid): Program<typeof fields> {
  return {
    name: `elementwise.${op}`,
    cacheKey: `elementwise.${op}/${grid.vector}/wg${grid.workgroupSize}`,
    wgsl: () => bakeWgsl(binaryTemplate, uniforms, compileTime(grid, op)),
    uniforms,
    inputs: 2,
    outputs: 1,
  };
}

/** out = op(x), elementwise over an f32 tensor. */
export function unary(
  op: UnaryOp,
  x: GpuTensor,
  options: GridOptions = {},
): KernelCall<typeof fields> {
  const grid = flatGrid(x, op, options);
  return {
    program: unaryProgram(op, grid),
    inputs: [x],
    outputs: [{ label: `${x.label}/${op}`, shape: x.shape, dtype: 'f32' }],
    uniforms: { count: grid.count },
    workgroups: grid.workgroups,
  };
}

/** out = op(a, b), elementwise over two f32 tensors of one shape. */
export function binary(
  op: BinaryOp,
  a: GpuTensor,
  b: GpuTensor,
  options: GridOptions = {},
): KernelCall<typeof fields> {
  if (a.shape.join() !== b.shape.join()) {
    throw new Error(`${op}: shapes [${a.shape}] and [${b.shape}] differ`);
  }
  const grid = flatGrid(a, op, options);
  return {
    program: binaryProgram(op, grid),
    inputs: [a, b],
    outputs: [{ label: `${a.label}/${op}`, shape: a.shape, dtype: 'f32' }],
    uniforms: { count: grid.count },
    workgroups: grid.workgroups,
  };
}
