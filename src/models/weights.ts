/**
 * Deterministic weights for a GPT-2-architecture config, named and shaped as Hugging Face's
 * GPT2LMHeadModel state dict names them, so the same tensors can go into an ONNX graph, a
 * safetensors file or our WGSL engine and be compared by name.
 *
 * Every tensor is drawn from its own stream, seeded by (model seed, tensor name): any one tensor
 * can be made alone, in any order, and the whole model never has to be in memory at once
 * (GPT-2 medium in float32 is 1.4 GB).
 */
import {
  type ArchitectureConfig,
  type Gpt2Config,
  heldPrecision,
  type Precision,
  storageBytes,
} from '../scaling';
import { NormalSampler, sfc32, streamSeed } from './random';

/** How to initialise: the seed and the spread of the parameters GPT-2 starts at a constant. */
export interface WeightInit {
  /** Model seed: with a tensor's name it fixes every value of that tensor. */
  readonly seed: number;
  /** Standard deviation of every bias around 0. */
  readonly biasStd: number;
  /** Standard deviation of LayerNorm weights around 1 and LayerNorm biases around 0. */
  readonly normStd: number;
}

/**
 * GPT-2's own initialisation: N(0, 0.02²) weights and embeddings, biases 0, LayerNorm weight 1
 * and bias 0 (HF GPT2PreTrainedModel._init_weights, initializer_range 0.02; nanoGPT
 * model.py `_init_weights`). This is what the ladder measures; values do not change timings.
 */
export const GPT2_WEIGHT_INIT: WeightInit = Object.freeze({ seed: 0, biasStd: 0, normStd: 0 });

/**
 * For checking an engine against the CPU reference: every bias and LayerNorm parameter is
 * nonzero and different, so a dropped bias, a swapped γ/β or a transposed bias shows in the
 * logits. GPT-2's initialisation would hide those (zero biases, unit γ).
 */
export const CHECKING_WEIGHT_INIT: WeightInit = Object.freeze({
  seed: 1,
  biasStd: 0.02,
  normStd: 0.1,
});

/** GPT-2's initializer_range (HF GPT2Config; nanoGPT `std=0.02`). */
const WEIGHT_STD = 0.02;

/** One tensor of the model: its state-dict name, shape and the distribution it is drawn from. */
export interface TensorSpec {
  readonly name: string;
  readonly shape: readonly number[];
  /** Values are N(mean, std²); std 0 means every value equals mean. */
  readonly mean: number;
  readonly std: number;
}

/** A generated tensor: row-major float32 data of `shape`. */
export interface GeneratedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** The config as a GPT-2 config, or an error naming the family that was given. */
export function requireGpt2Config(config: ArchitectureConfig): Gpt2Config {
  if (config.family !== 'gpt2') {
    throw new Error(`GPT-2 weights need a 'gpt2' config, got family '${config.family}'`);
  }
  return config;
}

/** Number of elements of a shape. */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/**
 * Every tensor of the model, in the order of HF GPT2LMHeadModel's state dict. Conv1D weights are
 * (in, out), so a projection is x @ W + b; `lm_head.weight` (V, d) exists only when the head is
 * untied. Their element counts sum to countParams(config).total (tested for the whole ladder).
 */
export function tensorSpecs(config: Gpt2Config, init: WeightInit = GPT2_WEIGHT_INIT): TensorSpec[] {
  const { vocabSize: V, contextLength: T, dModel: d, ffnDim: ffn, layers: L } = config;
  // Residual projections scaled by 1/√(2·n_layer): GPT-2 paper §2.3, nanoGPT model.py
  // (`c_proj.weight` std 0.02/√(2·n_layer)), so the residual stream's variance does not grow
  // with depth.
  const residualStd = WEIGHT_STD / Math.sqrt(2 * L);
  const weight = (name: string, shape: number[], std = WEIGHT_STD): TensorSpec => ({
    name,
    shape,
    mean: 0,
    std,
  });
  const bias = (name: string, size: number): TensorSpec => ({
    name,
    shape: [size],
    mean: 0,
    std: init.biasStd,
  });
  const layerNorm = (prefix: string): TensorSpec[] => [
    { name: `${prefix}.weight`, shape: [d], mean: 1, std: init.normStd },
    { name: `${prefix}.bias`, shape: [d], mean: 0, std: init.normStd },
  ];

  const specs: TensorSpec[] = [
    weight('transformer.wte.weight', [V, d]),
    weight('transformer.wpe.weight', [T, d]),
  ];
  for (let i = 0; i < L; i++) {
    const h = `transformer.h.${i}`;
    specs.push(
      ...layerNorm(`${h}.ln_1`),
      weight(`${h}.attn.c_attn.weight`, [d, 3 * d]),
      bias(`${h}.attn.c_attn.bias`, 3 * d),
      weight(`${h}.attn.c_proj.weight`, [d, d], residualStd),
      bias(`${h}.attn.c_proj.bias`, d),
      ...layerNorm(`${h}.ln_2`),
      weight(`${h}.mlp.c_fc.weight`, [d, ffn]),
      bias(`${h}.mlp.c_fc.bias`, ffn),
      weight(`${h}.mlp.c_proj.weight`, [ffn, d], residualStd),
      bias(`${h}.mlp.c_proj.bias`, d),
    );
  }
  specs.push(...layerNorm('transformer.ln_f'));
  if (!config.tiedEmbeddings) specs.push(weight('lm_head.weight', [V, d]));
  return specs;
}

/**
 * Exact bytes of the model's tensors held at `precision`, each tensor at its heldPrecision
 * (f16: matrices at 2 bytes, vectors at 4), with the precision table's scales per block.
 */
export function modelWeightBytes(config: Gpt2Config, precision: Precision = 'f32'): number {
  let bytes = 0;
  for (const spec of tensorSpecs(config)) {
    bytes += storageBytes(elementCount(spec.shape), heldPrecision(precision, spec));
  }
  return bytes;
}

/**
 * Fills one tensor from its own stream. Pass `out` to generate straight into memory you own
 * (a slice of an ONNX file, a GPU staging buffer); otherwise a new array is made.
 */
export function generateTensor(
  spec: TensorSpec,
  modelSeed: number,
  out?: Float32Array,
): Float32Array {
  const size = elementCount(spec.shape);
  const data = out ?? new Float32Array(size);
  if (data.length !== size) {
    throw new Error(`${spec.name}: buffer holds ${data.length} values, the tensor has ${size}`);
  }
  if (spec.std === 0) {
    data.fill(spec.mean);
  } else {
    new NormalSampler(sfc32(streamSeed(modelSeed, spec.name))).fill(data, spec.mean, spec.std);
  }
  return data;
}

/**
 * The model's tensors one at a time, in state-dict order. Nothing is kept between steps: holding
 * on to what it yields is the caller's choice.
 */
export function* generateWeights(
  config: Gpt2Config,
  init: WeightInit = GPT2_WEIGHT_INIT,
): Generator<GeneratedTensor> {
  for (const spec of tensorSpecs(config, init)) {
    yield { name: spec.name, shape: spec.shape, data: generateTensor(spec, init.seed) };
  }
}

/** A whole model in memory: for small models, the CPU reference and tests. */
export interface Gpt2Weights {
  readonly config: Gpt2Config;
  readonly tensors: ReadonlyMap<string, Float32Array>;
}

/** Generates every tensor of a (small) model and keeps them. */
export function materializeWeights(
  config: Gpt2Config,
  init: WeightInit = GPT2_WEIGHT_INIT,
): Gpt2Weights {
  const tensors = new Map<string, Float32Array>();
  for (const tensor of generateWeights(config, init)) tensors.set(tensor.name, tensor.data);
  return { config, tensors };
}

/** A tensor by name, or an error naming it. */
export function getTensor(weights: Gpt2Weights, name: string): Float32Array {
  const tensor = weights.tensors.get(name);
  if (tensor === undefined) throw new Error(`missing tensor ${name}`);
  return tensor;
}
