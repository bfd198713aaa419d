import {
  bakeWgsl,
  defineUniforms,
  type GpuTensor,
  type KernelCall,
  type Program,
  STEP_UNIFORMS,
} from '../../gpu';
import { DEFAULT_WORKGROUP_SIZE } from '../shape';
import template from './kv-append.wgsl?raw';
import { attentionLayout, type HeadOptions, layoutUniforms } from './layout';

const fields = {
  tokens: 'u32',
  heads: 'u32',
  headVectors: 'u32',
  maxPositions: 'u32',
} as const;
const uniforms = defineUniforms(fields);

export interface KvAppendOptions extends HeadOptions {
  readonly workgroupSize?: number;
}

export function kvAppendProgram(workgroupSize: number): Program<typeof fields> {
  return {
    name: 'attention.kvAppend',
    cacheKey: `attention.kvAppend/wg${workgroupSize}`,
    wgsl: () => bakeWgsl(template, uniforms, { workgroupSize, step: STEP_UNIFORMS.wgsl }),
    uniforms,
    inputs: 1,
    outputs: 2,
    readsStep: true,
  };
}

/**
 * Writes the k and v parts of qkv (T, 3C) into the layer's caches (H, maxPositions, D) at
 * positions positionOffset … positionOffset + T − 1.
 *
 * The caches are OUTPUTS that already exist: encode the call with
 * `runner.encode(encoder, call, { outputs: [keys, values] })`. The call's output specs describe
 * those tensors; without `outputs` the runner would write fresh buffers and the cache would
 * never see the tokens. Throws when the new positions run past maxPositions.
 */
export function kvAppend(
  qkv: GpuTensor,
  keys: GpuTensor,
  values: GpuTensor,
  options: KvAppendOptions,
): KernelCall<typeof fields> {
  const layout = attentionLayout('kvAppend', qkv, keys, values, options);
  const workgroupSize = options.workgroupSize ?? DEFAULT_WORKGROUP_SIZE;
  const vectors = (layout.tokens * layout.heads * layout.headDim) / 4;
  return {
    program: kvAppendProgram(workgroupSize),
    inputs: [qkv],
    outputs: [
      { label: keys.label, shape: keys.shape, dtype: 'f32' },
      { label: values.label, shape: values.shape, dtype: 'f32' },
    ],
    uniforms: layoutUniforms(layout),
    step: { positionOffset: layout.positionOffset },
    workgroups: Math.ceil(vectors / workgroupSize),
  };
}
