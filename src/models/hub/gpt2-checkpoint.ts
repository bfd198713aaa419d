/**
 * A real GPT-2 checkpoint — the `model.safetensors` of the hub's GPT-2 repos
 * (openai-community/gpt2 and its sizes, or a file the user drops) — as our weights
 * (../weights.ts), and our weights back as such a file.
 *
 * The hub's files name tensors as GPT2Model's state dict does: `wte.weight`, `wpe.weight`,
 * `h.{i}.ln_1.weight`, `h.{i}.attn.c_attn.weight` (Conv1D, stored (in, out), as ours), …,
 * `ln_f.bias`; files saved from GPT2LMHeadModel carry a `transformer.` prefix instead, and an
 * untied one an `lm_head.weight`. Older exports keep the causal-mask buffers `h.{i}.attn.bias`
 * and `h.{i}.attn.masked_bias`: they are not parameters, and are skipped. Every other tensor
 * must be one of the model's, with the shape its config.json gives, or the read fails naming
 * the tensor: a checkpoint that does not match its config is never half loaded.
 */
import type { Gpt2Config } from '../../scaling';
import { fromHalfBits, toHalfBits } from '../../scaling/half';
import {
  float32Values,
  readSafetensors,
  type SafetensorsTensor,
  type TensorToWrite,
  writeSafetensors,
} from '../safetensors';
import { elementCount, type Gpt2Weights, getTensor, tensorSpecs } from '../weights';

/** Our names carry GPT2LMHeadModel's prefix; the hub's GPT-2 files mostly do not. */
const OUR_PREFIX = 'transformer.';

/** Causal-mask buffers some exports save beside the weights (GPT2Attention's `bias`, `masked_bias`). */
const MASK_BUFFER = /^(transformer\.)?h\.\d+\.attn\.(bias|masked_bias)$/;

export class Gpt2CheckpointError extends Error {
  override name = 'Gpt2CheckpointError';
}

/** The dtypes a checkpoint's tensors may have: what the hub's GPT-2 files are stored in. */
export type CheckpointDtype = 'F32' | 'F16';

/** A causal-mask buffer of GPT2Attention, which a checkpoint may hold but is no parameter. */
export const isMaskBuffer = (fileName: string): boolean => MASK_BUFFER.test(fileName);

/** Our name for a tensor of the file, or null for a mask buffer that is not a parameter. */
function ourName(fileName: string): string | null {
  if (isMaskBuffer(fileName)) return null;
  if (fileName === 'lm_head.weight' || fileName.startsWith(OUR_PREFIX)) return fileName;
  return OUR_PREFIX + fileName;
}

/** The hub's name for one of ours: GPT2Model's, without the prefix (lm_head stays as it is). */
export function hubTensorName(name: string): string {
  return name.startsWith(OUR_PREFIX) ? name.slice(OUR_PREFIX.length) : name;
}

function valuesOf(fileName: string, tensor: SafetensorsTensor): Float32Array {
  const { dtype, data } = tensor;
  // F32: a view into the file where aligned (the writer's files always are), so a checkpoint
  // costs its own bytes once, not twice; the weights then hold the file's buffer.
  if (dtype === 'F32') return float32Values(tensor);
  if (dtype === 'F16') return fromHalfBits(new Uint16Array(data.slice().buffer));
  throw new Gpt2CheckpointError(
    `${fileName} is ${dtype}: a GPT-2 checkpoint is read in F32 or F16`,
  );
}

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * Reads a GPT-2 checkpoint against `config` (from the repo's config.json): every tensor the
 * config implies must be there once, with its shape; mask buffers are skipped; anything else
 * is an error naming the tensor.
 */
export function readGpt2Checkpoint(bytes: Uint8Array, config: Gpt2Config): Gpt2Weights {
  const file = readSafetensors(bytes);
  const expected = new Map(tensorSpecs(config).map((spec) => [spec.name, spec.shape]));
  const tensors = new Map<string, Float32Array>();
  for (const [fileName, tensor] of file.tensors) {
    const name = ourName(fileName);
    if (name === null) continue;
    if (name === 'lm_head.weight' && config.tiedEmbeddings) {
      // Some tied exports save the head anyway; it must be the embedding, which is what runs.
      checkShape(fileName, tensor.shape, [config.vocabSize, config.dModel]);
      continue;
    }
    const shape = expected.get(name);
    if (!shape) {
      throw new Gpt2CheckpointError(
        `${fileName} is not a tensor of a GPT-2 with ${config.layers} layers${config.tiedEmbeddings ? ' and a tied head' : ''}`,
      );
    }
    checkShape(fileName, tensor.shape, shape);
    if (tensors.has(name)) throw new Gpt2CheckpointError(`${fileName} is in the file twice`);
    tensors.set(name, valuesOf(fileName, tensor));
  }
  const missing = [...expected.keys()].filter((name) => !tensors.has(name));
  if (missing.length > 0) {
    const shown = missing.slice(0, 3).map(hubTensorName).join(', ');
    throw new Gpt2CheckpointError(
      `the checkpoint lacks ${missing.length} tensor${missing.length === 1 ? '' : 's'} of its config: ${shown}${missing.length > 3 ? ', …' : ''}`,
    );
  }
  return { config, tensors };
}

function checkShape(name: string, actual: readonly number[], wanted: readonly number[]): void {
  if (actual.length !== wanted.length || actual.some((dim, i) => dim !== wanted[i])) {
    throw new Gpt2CheckpointError(
      `${name} has shape ${shapeText(actual)}, the config needs ${shapeText(wanted)}`,
    );
  }
}

export interface CheckpointWriteOptions {
  /** Element type of every tensor; default F32. */
  readonly dtype?: CheckpointDtype;
  /** Name tensors `transformer.…` as GPT2LMHeadModel saves them; default false, as the hub's files. */
  readonly prefixed?: boolean;
  /** Also write the causal-mask buffers `h.{i}.attn.bias` (1, 1, n_ctx, n_ctx), as older exports do. */
  readonly maskBuffers?: boolean;
}

/** The causal mask GPT2Attention registers as `bias`: 1 on and below the diagonal. */
function causalMask(positions: number): Float32Array {
  const mask = new Float32Array(positions * positions);
  for (let row = 0; row < positions; row++)
    mask.fill(1, row * positions, row * positions + row + 1);
  return mask;
}

/** Our weights as a hub-named GPT-2 `model.safetensors`, in state-dict order. */
export function writeGpt2Checkpoint(
  weights: Gpt2Weights,
  { dtype = 'F32', prefixed = false, maskBuffers = false }: CheckpointWriteOptions = {},
): Uint8Array {
  const { config } = weights;
  const named = (name: string) => (prefixed ? name : hubTensorName(name));
  const data = (values: Float32Array) => (dtype === 'F16' ? toHalfBits(values) : values);
  const tensors: TensorToWrite[] = [];
  for (const spec of tensorSpecs(config)) {
    const values = getTensor(weights, spec.name);
    if (values.length !== elementCount(spec.shape)) {
      throw new Gpt2CheckpointError(
        `${spec.name} holds ${values.length} values, not ${shapeText(spec.shape)}`,
      );
    }
    tensors.push({ name: named(spec.name), dtype, shape: spec.shape, data: data(values) });
    if (maskBuffers && spec.name.endsWith('.attn.c_attn.weight')) {
      const T = config.contextLength;
      tensors.push({
        name: named(spec.name.replace('c_attn.weight', 'bias')),
        dtype,
        shape: [1, 1, T, T],
        data: data(causalMask(T)),
      });
    }
  }
  return writeSafetensors(tensors, { format: 'pt' });
}

/** Parameters the weights hold: every tensor of the config, no buffers (tied head counted once). */
export function checkpointParams(weights: Gpt2Weights): number {
  let params = 0;
  for (const values of weights.tensors.values()) params += values.length;
  return params;
}

/**
 * The config.json of a hub GPT-2 repo for `config`: GPT2Config's own field names, which
 * ./hub-config.ts reads back to the same config.
 */
export function gpt2ConfigJson(config: Gpt2Config): Record<string, unknown> {
  return {
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    vocab_size: config.vocabSize,
    n_positions: config.contextLength,
    n_ctx: config.contextLength,
    n_layer: config.layers,
    n_embd: config.dModel,
    n_head: config.heads,
    n_inner: config.ffnDim === 4 * config.dModel ? null : config.ffnDim,
    activation_function: 'gelu_new',
    layer_norm_epsilon: 1e-5,
    tie_word_embeddings: config.tiedEmbeddings,
    bos_token_id: config.vocabSize - 1,
    eos_token_id: config.vocabSize - 1,
  };
}
