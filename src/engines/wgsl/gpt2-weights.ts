/**
 * The GPT-2 weights on the GPU: one labelled buffer per state-dict tensor (two for a quantised
 * one: its integers and its scales), counted by the buffer pool, looked up by the block
 * functions with the names nanoGPT and Hugging Face use.
 */
import { type GpuTensor, type ProgramRunner, roundToHalf, toHalfBits } from '../../gpu';
import { type QuantizedWeight, uploadQuantizedWeight } from '../../kernels/matmul/quantized';
import {
  DECODER_QUANTIZATION,
  decoderWeightsAsHeld,
  isQuantizedLinear,
} from '../../models/onnx/decoder-dtype';
import { type QuantizedMatrix, quantizedBytes, quantizeMatrix } from '../../models/quantize';
import {
  elementCount,
  type GeneratedTensor,
  type Gpt2Weights,
  getTensor,
  tensorSpecs,
} from '../../models/weights';
import { type Gpt2Config, heldPrecision, type Precision, storageBytes } from '../../scaling';

/** The precisions our engine holds a model in (its entry in src/engines/registry.ts). */
export const WGSL_PRECISIONS = ['f32', 'f16', 'q8', 'q4'] as const;
export type WgslPrecision = (typeof WGSL_PRECISIONS)[number];

/**
 * How one tensor is held when the model is held at `dtype`: the one choice that the upload,
 * the byte count and the CPU reference's weights all follow.
 * - f16: every matrix f16 (heldPrecision), vectors f32.
 * - q8 / q4: the four block projections (c_attn, attn.c_proj, c_fc, mlp.c_proj) in the
 *   blocks of DECODER_QUANTIZATION, as our ONNX decoder holds them for onnxruntime-web; the
 *   embeddings (and so the tied LM head) and the vectors stay f32, as there.
 */
export function heldAs(
  dtype: WgslPrecision,
  tensor: { readonly name: string; readonly shape: readonly number[] },
): WgslPrecision {
  if (dtype === 'q8' || dtype === 'q4') return isQuantizedLinear(tensor.name) ? dtype : 'f32';
  return heldPrecision(dtype, tensor) === 'f16' ? 'f16' : 'f32';
}

/**
 * Exact bytes our engine holds at `dtype`: what its records' weightBytes say. A quantised
 * projection is its packed integers and one f16 scale per block (quantizedBytes), as
 * MatMulNBits lays them out; our ONNX decoder stores the same scales as f32 (its activations'
 * type), so its decoderWeightBytes is 2 bytes a block more for the same integers.
 */
export function wgslWeightBytes(config: Gpt2Config, dtype: WgslPrecision): number {
  let bytes = 0;
  for (const spec of tensorSpecs(config)) {
    const held = heldAs(dtype, spec);
    if (held === 'q8' || held === 'q4') {
      const [K, N] = spec.shape as [number, number];
      bytes += quantizedBytes(K, N, DECODER_QUANTIZATION[held]);
    } else bytes += storageBytes(elementCount(spec.shape), held);
  }
  return bytes;
}

/** A projection's weight: f32 or f16, or q8/q4 blocks (../../kernels/matmul/quantized.ts). */
type Weight = GpuTensor | QuantizedWeight;

export interface LayerWeights {
  readonly ln1: { gamma: GpuTensor; beta: GpuTensor };
  readonly attnQkv: { weight: Weight; bias: GpuTensor }; // c_attn: (C, 3C), (3C)
  readonly attnProj: { weight: Weight; bias: GpuTensor }; // attn.c_proj: (C, C), (C)
  readonly ln2: { gamma: GpuTensor; beta: GpuTensor };
  readonly mlpFc: { weight: Weight; bias: GpuTensor }; // c_fc: (C, 4C), (4C)
  readonly mlpProj: { weight: Weight; bias: GpuTensor }; // mlp.c_proj: (4C, C), (C)
}

export interface Gpt2GpuWeights {
  readonly wte: GpuTensor; // (V, C), also the LM head (tied)
  readonly wpe: GpuTensor; // (T, C)
  readonly layers: readonly LayerWeights[];
  readonly lnF: { gamma: GpuTensor; beta: GpuTensor };
  /** Every buffer, for release. */
  readonly all: readonly GpuTensor[];
}

/** A tensor ready to upload: f32 values, f16 bit patterns, or a block-quantised matrix. */
export type HostTensor =
  | {
      readonly name: string;
      readonly shape: readonly number[];
      readonly dtype: 'f32' | 'f16';
      readonly data: Float32Array | Uint16Array;
    }
  | {
      readonly name: string;
      readonly shape: readonly number[];
      readonly dtype: 'q8' | 'q4';
      readonly matrix: QuantizedMatrix;
    };

/**
 * A generated tensor as this engine holds it (heldAs): f16 bit patterns, quantised blocks, or
 * f32. Done when the model is prepared, so that the timed load is the upload alone, as it
 * would be for a file already in that precision.
 */
export function hostTensor(tensor: GeneratedTensor, dtype: WgslPrecision): HostTensor {
  const { name, shape, data } = tensor;
  const held = heldAs(dtype, tensor);
  if (held === 'q8' || held === 'q4') {
    const [K, N] = shape as [number, number];
    return {
      name,
      shape,
      dtype: held,
      matrix: quantizeMatrix(data, K, N, DECODER_QUANTIZATION[held]),
    };
  }
  return held === 'f16'
    ? { name, shape, dtype: 'f16', data: toHalfBits(data) }
    : { name, shape, dtype: 'f32', data };
}

/**
 * Uploads every tensor as it is held, labelled `<model>/<tensor name>` (a quantised one's
 * scales `<model>/<tensor name>.scales`); the kernels read f16 and quantised matrices as they
 * are stored and compute in f32.
 */
export async function uploadWeights(
  runner: ProgramRunner,
  modelId: string,
  layers: number,
  tensors: Iterable<HostTensor>,
): Promise<Gpt2GpuWeights> {
  const byName = new Map<string, GpuTensor | QuantizedWeight>();
  for (const tensor of tensors) {
    const label = `${modelId}/${tensor.name}`;
    byName.set(
      tensor.name,
      'matrix' in tensor
        ? await uploadQuantizedWeight(runner, label, tensor.matrix)
        : await runner.upload({ label, shape: tensor.shape, dtype: tensor.dtype }, tensor.data),
    );
  }
  const find = (name: string) => {
    const tensor = byName.get(name);
    if (!tensor) throw new Error(`${modelId}: no tensor ${name}`);
    return tensor;
  };
  const get = (name: string) => {
    const tensor = find(name);
    if ('scales' in tensor) throw new Error(`${modelId}: ${name} is quantised, and read whole`);
    return tensor;
  };
  const norm = (prefix: string) => ({
    gamma: get(`${prefix}.weight`),
    beta: get(`${prefix}.bias`),
  });
  const linear = (prefix: string) => ({
    weight: find(`${prefix}.weight`),
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
    all: [...byName.values()].flatMap((t) => ('scales' in t ? [t.values, t.scales] : [t])),
  };
}

/**
 * The weights this engine computes with when it holds `dtype`: for f16, every matrix rounded
 * to the nearest f16, as uploadWeights stores it; for q8/q4, the projections' blocks
 * dequantised (decoderWeightsAsHeld: the same choice and blocks as heldAs). What the CPU
 * reference runs to check it.
 */
export function weightsAsHeld(weights: Gpt2Weights, dtype: Precision): Gpt2Weights {
  if (dtype === 'f32') return weights;
  if (dtype === 'q8' || dtype === 'q4') return decoderWeightsAsHeld(weights, dtype);
  if (dtype !== 'f16') throw new Error(`the CPU reference has no ${dtype} rounding yet`);
  const tensors = new Map<string, Float32Array>();
  for (const spec of tensorSpecs(weights.config)) {
    const data = getTensor(weights, spec.name);
    tensors.set(spec.name, heldPrecision(dtype, spec) === 'f16' ? roundToHalf(data) : data);
  }
  return { config: weights.config, tensors };
}
