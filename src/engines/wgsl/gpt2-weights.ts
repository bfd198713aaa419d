/**
 * The GPT-2 weights on the GPU: one labelled buffer per state-dict tensor, counted by the
 * buffer pool, looked up by the block functions with the names nanoGPT and Hugging Face use.
 */
import { type GpuTensor, type ProgramRunner, roundToHalf, toHalfBits } from '../../gpu';
import {
  type GeneratedTensor,
  type Gpt2Weights,
  getTensor,
  tensorSpecs,
} from '../../models/weights';
import { heldPrecision, type Precision } from '../../scaling';

/** The precisions our engine holds a model in (its entry in src/engines/registry.ts). */
export const WGSL_PRECISIONS = ['f32', 'f16'] as const;
export type WgslPrecision = (typeof WGSL_PRECISIONS)[number];

export interface LayerWeights {
  readonly ln1: { gamma: GpuTensor; beta: GpuTensor };
  readonly attnQkv: { weight: GpuTensor; bias: GpuTensor }; // c_attn: (C, 3C), (3C)
  readonly attnProj: { weight: GpuTensor; bias: GpuTensor }; // attn.c_proj: (C, C), (C)
  readonly ln2: { gamma: GpuTensor; beta: GpuTensor };
  readonly mlpFc: { weight: GpuTensor; bias: GpuTensor }; // c_fc: (C, 4C), (4C)
  readonly mlpProj: { weight: GpuTensor; bias: GpuTensor }; // mlp.c_proj: (4C, C), (C)
}

export interface Gpt2GpuWeights {
  readonly wte: GpuTensor; // (V, C), also the LM head (tied)
  readonly wpe: GpuTensor; // (T, C)
  readonly layers: readonly LayerWeights[];
  readonly lnF: { gamma: GpuTensor; beta: GpuTensor };
  /** Every buffer, for release. */
  readonly all: readonly GpuTensor[];
}

/** A tensor ready to upload: f32 values, or f16 bit patterns. */
export interface HostTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'f32' | 'f16';
  readonly data: Float32Array | Uint16Array;
}

/**
 * A generated tensor as this engine holds it: with `dtype` f16 the matrices become f16
 * (heldPrecision), the rest stays f32. Done when the model is prepared, so that the timed load
 * is the upload alone, as it would be for an f16 file.
 */
export function hostTensor(tensor: GeneratedTensor, dtype: WgslPrecision): HostTensor {
  const { name, shape, data } = tensor;
  return heldPrecision(dtype, tensor) === 'f16'
    ? { name, shape, dtype: 'f16', data: toHalfBits(data) }
    : { name, shape, dtype: 'f32', data };
}

/**
 * Uploads every tensor as it is held, labelled `<model>/<tensor name>`; the kernels read f16
 * matrices as f16 and compute in f32.
 */
export async function uploadWeights(
  runner: ProgramRunner,
  modelId: string,
  layers: number,
  tensors: Iterable<HostTensor>,
): Promise<Gpt2GpuWeights> {
  const byName = new Map<string, GpuTensor>();
  for (const { name, shape, dtype, data } of tensors) {
    byName.set(name, await runner.upload({ label: `${modelId}/${name}`, shape, dtype }, data));
  }
  const get = (name: string) => {
    const tensor = byName.get(name);
    if (!tensor) throw new Error(`${modelId}: no tensor ${name}`);
    return tensor;
  };
  const norm = (prefix: string) => ({
    gamma: get(`${prefix}.weight`),
    beta: get(`${prefix}.bias`),
  });
  const linear = (prefix: string) => ({
    weight: get(`${prefix}.weight`),
    bias: get(`${prefix}.bias`),
  });
  return {
    wte: get('transformer.wte.weight'),
    wpe: get('transformer.wpe.weight'),
    layers: Array.from({ length: layers }, (_, i) => {
      const h = `transformer.h.${i}`;
      return {
        ln1: norm(`${h}.ln_1`),
        attnQkv: linear(`${h}.attn.c_attn`),
        attnProj: linear(`${h}.attn.c_proj`),
        ln2: norm(`${h}.ln_2`),
        mlpFc: linear(`${h}.mlp.c_fc`),
        mlpProj: linear(`${h}.mlp.c_proj`),
      };
    }),
    lnF: norm('transformer.ln_f'),
    all: [...byName.values()],
  };
}

/**
 * The weights this engine computes with when it holds `dtype`: for f16, every matrix rounded
 * to the nearest f16, as uploadWeights stores it. What the CPU reference runs to check it.
 */
export function weightsAsHeld(weights: Gpt2Weights, dtype: Precision): Gpt2Weights {
  if (dtype === 'f32') return weights;
  if (dtype !== 'f16') throw new Error(`the CPU reference has no ${dtype} rounding yet`);
  const tensors = new Map<string, Float32Array>();
  for (const spec of tensorSpecs(weights.config)) {
    const data = getTensor(weights, spec.name);
    tensors.set(spec.name, heldPrecision(dtype, spec) === 'f16' ? roundToHalf(data) : data);
  }
  return { config: weights.config, tensors };
}
