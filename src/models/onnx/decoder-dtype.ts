/**
 * The precisions our ONNX decoder is written in, and what each holds: the initializers of the
 * file, and (for the CPU reference) the very weights those bytes stand for.
 *
 * - f32: every weight as generated.
 * - f16: every initializer f16 and every op computing in f16; only the inputs and outputs are
 *   cast (past_key_values in, present.* and logits out stay f32), as the hub's fp16 exports
 *   converted with keep_io_types do.
 * - q8 / q4: each block projection (c_attn, attn.c_proj, c_fc, mlp.c_proj) as com.microsoft's
 *   MatMulNBits, packed by ../quantize.ts (blocks along K, symmetric). Its scales are f32, the
 *   exact values of quantize.ts's f16 scales: MatMulNBits takes its scales in the activations'
 *   type, and the activations are f32 (the hub's q4, not q4f16). The embeddings and the tied
 *   head stay f32: a Gather and a head over the table of largest values, the choice the
 *   record's weightBytes shows byte for byte.
 */

import { DEFAULT_Q4_BLOCK_SIZE, type Gpt2Config, MATMUL_Q8_BLOCK_SIZE } from '../../scaling';
import { fromHalfBits, toHalfBits } from '../../scaling/half';
import {
  dequantizeMatrix,
  type QuantizedMatrix,
  type QuantizeOptions,
  quantizeMatrix,
} from '../quantize';
import {
  elementCount,
  GPT2_WEIGHT_INIT,
  type Gpt2Weights,
  generateTensor,
  type TensorSpec,
  tensorSpecs,
  type WeightInit,
} from '../weights';
import { DataType, type TensorProto } from './schema';

export const DECODER_DTYPES = ['f32', 'f16', 'q8', 'q4'] as const;
export type DecoderDtype = (typeof DECODER_DTYPES)[number];

/**
 * The blocks of each quantised precision: q4 as the precision table says, q8 in 32s (the table's
 * q8 has a per-tensor scale; MatMulNBits needs blocks). The calculator's holding conventions
 * (src/scaling/held.ts) name the same sizes.
 */
export const DECODER_QUANTIZATION: Readonly<Record<'q8' | 'q4', QuantizeOptions>> = Object.freeze({
  q8: { bits: 8, blockSize: MATMUL_Q8_BLOCK_SIZE, symmetric: true },
  q4: { bits: 4, blockSize: DEFAULT_Q4_BLOCK_SIZE, symmetric: true },
});

/** The block projections, which MatMulNBits takes in a quantised graph. */
export function isQuantizedLinear(name: string): boolean {
  return /^transformer\.h\.\d+\.(attn|mlp)\.c_(attn|proj|fc)\.weight$/.test(name);
}

export const isQuantized = (dtype: DecoderDtype): dtype is 'q8' | 'q4' =>
  dtype === 'q8' || dtype === 'q4';

/** MatMulNBits' three inputs for the weight `name`. */
export const quantizedNames = (name: string) => ({
  data: `${name}_Q`,
  scales: `${name}_scales`,
});

/** The initializers of `spec` at `dtype`, made from its f32 values. */
function initializersOf(
  spec: TensorSpec,
  values: Float32Array,
  dtype: DecoderDtype,
): TensorProto[] {
  const dims = [...spec.shape];
  if (dtype === 'f16') {
    return [
      { name: spec.name, dims, dataType: DataType.FLOAT16, rawData: bytesOf(toHalfBits(values)) },
    ];
  }
  if (isQuantized(dtype) && isQuantizedLinear(spec.name)) {
    const [K, N] = spec.shape as [number, number];
    return matMulNBitsInitializers(
      spec.name,
      quantizeMatrix(values, K, N, DECODER_QUANTIZATION[dtype]),
    );
  }
  return [{ name: spec.name, dims, dataType: DataType.FLOAT, rawData: bytesOf(values) }];
}

/** MatMulNBits' packed blocks and f32 scales of the weight `name`, quantised as `matrix`. */
export function matMulNBitsInitializers(name: string, matrix: QuantizedMatrix): TensorProto[] {
  const { K, N, blockSize, bits } = matrix;
  const perColumn = Math.ceil(K / blockSize);
  const names = quantizedNames(name);
  return [
    {
      name: names.data,
      dims: [N, perColumn, (blockSize * bits) / 8],
      dataType: DataType.UINT8,
      rawData: matrix.data,
    },
    {
      name: names.scales,
      dims: [N * perColumn],
      dataType: DataType.FLOAT,
      rawData: bytesOf(fromHalfBits(matrix.scales)),
    },
  ];
}

/** Every weight initializer of the decoder at `dtype`, generated one tensor at a time. */
export function decoderInitializers(
  config: Gpt2Config,
  dtype: DecoderDtype,
  init: WeightInit = GPT2_WEIGHT_INIT,
): TensorProto[] {
  return tensorSpecs(config, init).flatMap((spec) =>
    initializersOf(spec, generateTensor(spec, init.seed), dtype),
  );
}

/** Exact bytes of the weights the decoder holds at `dtype`: its initializers' data. */
export function decoderWeightBytes(config: Gpt2Config, dtype: DecoderDtype): number {
  let bytes = 0;
  for (const spec of tensorSpecs(config)) {
    const elements = elementCount(spec.shape);
    if (dtype === 'f16') bytes += 2 * elements;
    else if (isQuantized(dtype) && isQuantizedLinear(spec.name)) {
      const [K, N] = spec.shape as [number, number];
      const { bits, blockSize } = DECODER_QUANTIZATION[dtype];
      const perColumn = Math.ceil(K / blockSize);
      bytes += N * perColumn * ((blockSize * bits) / 8) + 4 * N * perColumn; // data + f32 scales
    } else bytes += 4 * elements;
  }
  return bytes;
}

/**
 * The weights the decoder computes with at `dtype`, as f32: f16-rounded for f16, dequantised
 * projections for q8/q4. What the CPU reference runs, so a check tests the graph, not the rounding.
 */
export function decoderWeightsAsHeld(weights: Gpt2Weights, dtype: DecoderDtype): Gpt2Weights {
  if (dtype === 'f32') return weights;
  const tensors = new Map<string, Float32Array>();
  for (const [name, values] of weights.tensors) {
    tensors.set(name, heldValues(name, values, weights.config, dtype));
  }
  return { config: weights.config, tensors };
}

function heldValues(
  name: string,
  values: Float32Array,
  config: Gpt2Config,
  dtype: DecoderDtype,
): Float32Array {
  if (dtype === 'f16') return fromHalfBits(toHalfBits(values));
  if (!isQuantized(dtype) || !isQuantizedLinear(name)) return values;
  const spec = tensorSpecs(config).find((s) => s.name === name);
  if (!spec) throw new Error(`${name} is not a tensor of this model`);
  const [K, N] = spec.shape as [number, number];
  const matrix: QuantizedMatrix = quantizeMatrix(values, K, N, DECODER_QUANTIZATION[dtype]);
  return dequantizeMatrix(matrix);
}

function bytesOf(array: Float32Array | Uint16Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
