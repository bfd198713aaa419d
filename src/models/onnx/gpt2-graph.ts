/**
 * GPT-2 as an ONNX decoder graph with a KV cache, laid out like nanoGPT's model.py: one function
 * per block, residuals written out, a shape comment on every op. B is the batch, S the new
 * tokens, P the cached ones, C = d_model, H heads of D = C / H, V the vocabulary.
 *
 * Inputs and outputs are named as the hub's exported decoders (Optimum's "decoder with past")
 * name them, so code written for those runs this model: input_ids, attention_mask,
 * position_ids, past_key_values.{i}.key/.value → logits, present.{i}.key/.value. One graph
 * serves prefill (P = 0: pass (B, H, 0, D) caches) and decode (S = 1). The causal mask comes
 * from attention_mask and position_ids, as in those exports, and nothing in the graph computes
 * with shapes at run time: every node can stay on a GPU provider (see causalMask).
 *
 * Only standard ai.onnx ops at opset 17, so every execution provider can run every node:
 * GELU is composed from Mul/Add/Tanh rather than com.microsoft's FastGelu. The weights are
 * initializers named as in the HF state dict (see ../weights.ts); the writer attaches them.
 */
import type { Gpt2Config } from '../../scaling';
import {
  DECODER_QUANTIZATION,
  type DecoderDtype,
  isQuantized,
  quantizedNames,
} from './decoder-dtype';
import {
  floatAttribute,
  GraphBuilder,
  intAttribute,
  intsAttribute,
  tensorValueInfo,
} from './graph-builder';
import { DataType, type NodeProto, type TensorProto, type ValueInfoProto } from './schema';

/** LayerNormalization joined the default domain at opset 17 (ONNX Operators.md). */
export const GPT2_OPSET = 17;

/** onnxruntime's contrib operators (MatMulNBits), version 1. */
export const MICROSOFT_DOMAIN = 'com.microsoft';

/** GPT-2's layer_norm_epsilon (HF GPT2Config). */
const LAYER_NORM_EPSILON = 1e-5;
/** Masked attention scores take float32's lowest value, as HF's masked_fill with finfo.min. */
const FLOAT32_LOWEST = -3.4028234663852886e38;
const FLOAT16_LOWEST = -65504;

export interface Gpt2DecoderGraph {
  readonly nodes: NodeProto[];
  /** Shape vectors and scalars; the weights are not here. */
  readonly constants: TensorProto[];
  readonly inputs: ValueInfoProto[];
  readonly outputs: ValueInfoProto[];
}

/** Names of the shared constants that several blocks use. */
interface Shared {
  readonly config: Gpt2Config;
  readonly dtype: DecoderDtype;
  readonly one: string;
  readonly headsShape: string; // [0, 0, H, D]: (B, S, C) -> (B, S, H, D); 0 copies the dim
  readonly mergedShape: string; // [0, 0, C]: (B, S, H, D) -> (B, S, C)
  readonly qkvSplit: string; // [C, C, C]
  readonly attentionScale: string; // 1/√D
  readonly maskedScore: string;
}

export function buildGpt2DecoderGraph(
  config: Gpt2Config,
  dtype: DecoderDtype = 'f32',
): Gpt2DecoderGraph {
  const g = GraphBuilder.computingIn(dtype === 'f16' ? DataType.FLOAT16 : DataType.FLOAT);
  const shared = sharedConstants(g.scope('const'), config, dtype);
  const mask = causalMask(g.scope('mask'), shared); // (B, 1, S, P+S) bool
  let x = embeddings(g.scope('embeddings')); // (B, S, C)
  for (let i = 0; i < config.layers; i++) x = block(g.scope(`h.${i}`), shared, x, mask, i); // (B, S, C)
  x = layerNorm(g.scope('ln_f'), x, 'transformer.ln_f'); // (B, S, C)
  lmHead(g.scope('lm_head'), shared, x); // (B, S, C) -> (B, S, V): 'logits'
  return { nodes: g.nodes, constants: g.constants, ...inputsAndOutputs(config) };
}

function sharedConstants(g: GraphBuilder, config: Gpt2Config, dtype: DecoderDtype): Shared {
  const { dModel: C, heads: H } = config;
  const D = C / H;
  return {
    config,
    dtype,
    one: g.int64('one', [1], []),
    headsShape: g.int64('heads_shape', [0, 0, H, D]),
    mergedShape: g.int64('merged_shape', [0, 0, C]),
    qkvSplit: g.int64('qkv_split', [C, C, C]),
    attentionScale: g.floatScalar('attention_scale', 1 / Math.sqrt(D)),
    maskedScore: g.floatScalar('masked_score', dtype === 'f16' ? FLOAT16_LOWEST : FLOAT32_LOWEST),
  };
}

/**
 * Which keys each new token may see, from the two inputs alone, with no int64 shape arithmetic
 * (Shape, Gather and Range on shapes run on the CPU in every GPU provider). A key's position is
 * the running count of attention_mask up to it, less one (HF's own position_ids for a padded
 * row); query s at position_ids[s] sees the keys at positions ≤ its own. A padding key's
 * position is pushed past every query, so one comparison says both. Positions are compared as
 * floats (exact to 2^24), and the int64 inputs become floats by lookup, not by Cast: a Gather
 * with int64 indices runs on the GPU providers, a Cast from int64 does not (onnxruntime-web 1.30).
 */
function causalMask(g: GraphBuilder, shared: Shared): string {
  const { config, one } = shared;
  const maskValues = g.node('Gather', 'mask_values', [
    g.floats('zero_one', [0, 1]),
    'attention_mask',
  ]); // (B, P+S) of 0, 1
  const seen = g.node('CumSum', 'seen', [maskValues, one]); // (B, P+S)
  const padding = g.node('Sub', 'padding', [g.floats('one', [1], []), maskValues]); // (B, P+S) of 1 where padded
  const pastEveryQuery = g.mul('past_every_query', padding, g.floats('far', [2 ** 20], [])); // 2^20 > any position
  const keyPositions = g.add(
    'key_positions',
    g.node('Sub', 'count_from_zero', [seen, g.floats('one_less', [1], [])]),
    pastEveryQuery,
  ); // (B, P+S)
  const positionTable = Array.from({ length: config.contextLength }, (_, i) => i);
  const queryPositions = g.node('Gather', 'query_positions', [
    g.floats('positions', positionTable),
    'position_ids',
  ]); // (B, S)
  const keyRow = unsqueeze(g, 'key_row', keyPositions, [1, 2]); // (B, 1, 1, P+S)
  const queryColumn = unsqueeze(g, 'query_column', queryPositions, [1, 3]); // (B, 1, S, 1)
  return g.node('LessOrEqual', 'visible', [keyRow, queryColumn]); // (B, 1, S, P+S)
}

/** Unsqueeze (opset 13 takes the axes as an int64 input). */
function unsqueeze(g: GraphBuilder, name: string, x: string, axes: number[]): string {
  return g.node('Unsqueeze', name, [x, g.int64(`${name}_axes`, axes)]);
}

/** Token plus learned position embedding (GPT-2 paper §2.3; nanoGPT `tok_emb + pos_emb`). */
function embeddings(g: GraphBuilder): string {
  const tokens = g.node('Gather', 'wte', ['transformer.wte.weight', 'input_ids']); // (V, C)[(B, S)] -> (B, S, C)
  const positions = g.node('Gather', 'wpe', ['transformer.wpe.weight', 'position_ids']); // (T, C)[(B, S)] -> (B, S, C)
  return g.add('Add', tokens, positions); // (B, S, C)
}

/** Pre-LayerNorm block: x = x + attn(ln_1(x)); x = x + mlp(ln_2(x)) (nanoGPT `Block.forward`). */
function block(g: GraphBuilder, shared: Shared, x: string, mask: string, layer: number): string {
  const h = `transformer.h.${layer}`;
  const ln1 = layerNorm(g.scope('ln_1'), x, `${h}.ln_1`); // (B, S, C)
  x = g.add('attn_residual', x, attention(g.scope('attn'), shared, ln1, mask, layer)); // x = x + attn(ln_1(x))
  const ln2 = layerNorm(g.scope('ln_2'), x, `${h}.ln_2`); // (B, S, C)
  return g.add('mlp_residual', x, mlp(g.scope('mlp'), shared, ln2, `${h}.mlp`)); // x = x + mlp(ln_2(x))
}

/** Causal self-attention with the KV cache: the present keys/values are graph outputs. */
function attention(
  g: GraphBuilder,
  shared: Shared,
  x: string,
  mask: string,
  layer: number,
): string {
  const w = `transformer.h.${layer}.attn`;
  const qkv = linear(g.scope('c_attn'), shared, x, `${w}.c_attn`); // (B, S, C) @ (C, 3C) -> (B, S, 3C)
  const [q, k, v] = g.nodeWithOutputs('Split', 'split_qkv', [qkv, shared.qkvSplit], {
    attributes: [intAttribute('axis', -1)],
    outputCount: 3,
  }); // (B, S, 3C) -> 3 × (B, S, C)
  const queries = splitHeads(g.scope('q'), shared, q!); // (B, H, S, D)
  const pastKeys = fromInput(g, shared, 'past_key', `past_key_values.${layer}.key`); // (B, H, P, D)
  const pastValues = fromInput(g, shared, 'past_value', `past_key_values.${layer}.value`); // (B, H, P, D)
  const newKeys = splitHeads(g.scope('k'), shared, k!); // (B, H, S, D)
  const newValues = splitHeads(g.scope('v'), shared, v!); // (B, H, S, D)
  const keys = toOutput(g, shared, `present.${layer}.key`, (name) =>
    g.concat('present_key', [pastKeys, newKeys], 2, name),
  ); // (B, H, P+S, D)
  const values = toOutput(g, shared, `present.${layer}.value`, (name) =>
    g.concat('present_value', [pastValues, newValues], 2, name),
  ); // (B, H, P+S, D)
  const keysT = g.transpose('keys_transposed', keys, [0, 1, 3, 2]); // (B, H, D, P+S)
  const scores = g.matmul('scores', queries, keysT); // (B, H, S, D) @ (B, H, D, P+S) -> (B, H, S, P+S)
  const scaled = g.mul('scale', scores, shared.attentionScale); // q·kᵀ/√D (Vaswani et al. 2017, eq. 1)
  const masked = g.node('Where', 'mask', [mask, scaled, shared.maskedScore]); // (B, H, S, P+S)
  const weights = g.node('Softmax', 'softmax', [masked], [intAttribute('axis', -1)]); // (B, H, S, P+S)
  const heads = g.matmul('weighted_values', weights, values); // (B, H, S, P+S) @ (B, H, P+S, D) -> (B, H, S, D)
  const sideBySide = g.transpose('heads_last', heads, [0, 2, 1, 3]); // (B, S, H, D)
  const merged = g.reshape('merge_heads', sideBySide, shared.mergedShape); // (B, S, H, D) -> (B, S, C)
  return linear(g.scope('c_proj'), shared, merged, `${w}.c_proj`); // (B, S, C) @ (C, C) -> (B, S, C)
}

/** A float input in the type the graph computes in: f16 graphs cast their f32 inputs. */
function fromInput(g: GraphBuilder, shared: Shared, name: string, input: string): string {
  if (shared.dtype !== 'f16') return input;
  return g.node('Cast', `${name}_f16`, [input], [intAttribute('to', DataType.FLOAT16)]);
}

/**
 * A graph output made by `make`: named `output` itself, or in an f16 graph made under another
 * name and cast to f32 as `output`. Returns what the graph goes on computing with.
 */
function toOutput(
  g: GraphBuilder,
  shared: Shared,
  output: string,
  make: (name: string | undefined) => string,
): string {
  if (shared.dtype !== 'f16') return make(output);
  const value = make(undefined);
  g.node('Cast', `${output}_f32`, [value], [intAttribute('to', DataType.FLOAT)], output);
  return value;
}

/** (B, S, C) -> (B, S, H, D) -> (B, H, S, D). */
function splitHeads(g: GraphBuilder, shared: Shared, x: string): string {
  const split = g.reshape('split_heads', x, shared.headsShape); // (B, S, H, D)
  return g.transpose('heads_first', split, [0, 2, 1, 3]); // (B, H, S, D)
}

/** Position-wise MLP: c_proj(gelu(c_fc(x))) (nanoGPT `MLP.forward`). */
function mlp(g: GraphBuilder, shared: Shared, x: string, w: string): string {
  const hidden = linear(g.scope('c_fc'), shared, x, `${w}.c_fc`); // (B, S, C) @ (C, 4C) -> (B, S, 4C)
  const activated = geluTanh(g.scope('gelu'), hidden); // (B, S, 4C)
  return linear(g.scope('c_proj'), shared, activated, `${w}.c_proj`); // (B, S, 4C) @ (4C, C) -> (B, S, C)
}

/**
 * GELU, tanh approximation, from standard ops: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
 * (Hendrycks & Gimpel 2016 §2; GPT-2's "gelu_new"). Elementwise, shape unchanged.
 */
function geluTanh(g: GraphBuilder, x: string): string {
  const cube = g.mul('cube', g.mul('square', x, x), x); // x³
  const cubic = g.mul('cubic_term', cube, g.floatScalar('coefficient', 0.044715)); // 0.044715·x³
  const sum = g.add('sum', x, cubic); // x + 0.044715·x³
  const inner = g.mul('inner', sum, g.floatScalar('sqrt_2_over_pi', Math.sqrt(2 / Math.PI)));
  const tanh = g.node('Tanh', 'tanh', [inner]);
  const onePlusTanh = g.add('one_plus_tanh', tanh, g.floatScalar('one', 1));
  const halfX = g.mul('half_x', x, g.floatScalar('half', 0.5));
  return g.mul('output', halfX, onePlusTanh);
}

/**
 * A Conv1D projection x @ W + b with W stored (in, out), as HF GPT-2 stores it; in a q8/q4
 * graph, W is MatMulNBits' packed blocks (see decoder-dtype.ts).
 */
function linear(g: GraphBuilder, shared: Shared, x: string, w: string): string {
  const { dtype } = shared;
  if (!isQuantized(dtype)) return g.add('Add', g.matmul('MatMul', x, `${w}.weight`), `${w}.bias`);
  const product = matMulNBits(g, x, `${w}.weight`, linearShape(shared.config, w), dtype);
  return g.add('Add', product, `${w}.bias`);
}

/**
 * x @ W with W (K, N) held as MatMulNBits' packed blocks, the initializers decoder-dtype.ts
 * names after `weight`: (…, K) @ (K, N) -> (…, N).
 */
export function matMulNBits(
  g: GraphBuilder,
  x: string,
  weight: string,
  [K, N]: readonly [number, number],
  dtype: 'q8' | 'q4',
  output?: string,
): string {
  const { bits, blockSize } = DECODER_QUANTIZATION[dtype];
  const names = quantizedNames(weight);
  const attributes = [
    intAttribute('K', K),
    intAttribute('N', N),
    intAttribute('bits', bits),
    intAttribute('block_size', blockSize),
  ];
  const [product] = g.nodeWithOutputs('MatMulNBits', 'MatMulNBits', [x, names.data, names.scales], {
    attributes,
    domain: MICROSOFT_DOMAIN,
    ...(output ? { outputs: [output] } : {}),
  });
  return product!;
}

/** (K, N) of a block projection, from its name: c_attn (C, 3C), c_fc (C, 4C), c_proj. */
function linearShape(config: Gpt2Config, w: string): [number, number] {
  const C = config.dModel;
  if (w.endsWith('attn.c_attn')) return [C, 3 * C];
  if (w.endsWith('attn.c_proj')) return [C, C];
  if (w.endsWith('mlp.c_fc')) return [C, config.ffnDim];
  return [config.ffnDim, C];
}

/** LayerNormalization over C (opset 17), γ and β from the state dict. */
function layerNorm(g: GraphBuilder, x: string, w: string): string {
  const attributes = [intAttribute('axis', -1), floatAttribute('epsilon', LAYER_NORM_EPSILON)];
  return g.node(
    'LayerNormalization',
    'LayerNormalization',
    [x, `${w}.weight`, `${w}.bias`],
    attributes,
  );
}

/**
 * Logits against the token table (tied head, GPT-2 paper §2.3) or lm_head.weight, both (V, C).
 * The table multiplies as stored, from the left: table @ xᵀ needs neither a transposed copy of
 * the largest tensor in the model (x @ tableᵀ as a MatMul would) nor a flatten to the 2-D
 * rows of a Gemm, whose (B, S, V) shape would have to be computed from input shapes at run time.
 */
function lmHead(g: GraphBuilder, shared: Shared, x: string): string {
  const table = shared.config.tiedEmbeddings ? 'transformer.wte.weight' : 'lm_head.weight';
  const columns = g.transpose('columns', x, [0, 2, 1]); // (B, S, C) -> (B, C, S)
  const product = g.matmul('MatMul', table, columns); // (V, C) @ (B, C, S) -> (B, V, S)
  const perm = [intsAttribute('perm', [0, 2, 1])];
  return toOutput(g, shared, 'logits', (name) =>
    g.node('Transpose', 'rows', [product], perm, name),
  ); // (B, S, V)
}

function inputsAndOutputs(config: Gpt2Config): {
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
} {
  const { heads: H, dModel: C, vocabSize: V } = config;
  const D = C / H;
  const cache = (name: string, length: string) =>
    tensorValueInfo(name, DataType.FLOAT, ['batch_size', H, length, D]);
  const inputs = [
    tensorValueInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length']),
    tensorValueInfo('attention_mask', DataType.INT64, ['batch_size', 'total_sequence_length']),
    tensorValueInfo('position_ids', DataType.INT64, ['batch_size', 'sequence_length']),
  ];
  const outputs = [tensorValueInfo('logits', DataType.FLOAT, ['batch_size', 'sequence_length', V])];
  for (let i = 0; i < config.layers; i++) {
    inputs.push(
      cache(`past_key_values.${i}.key`, 'past_sequence_length'),
      cache(`past_key_values.${i}.value`, 'past_sequence_length'),
    );
    outputs.push(
      cache(`present.${i}.key`, 'total_sequence_length'),
      cache(`present.${i}.value`, 'total_sequence_length'),
    );
  }
  return { inputs, outputs };
}
