/**
 * GPT-2's forward pass on the CPU, in the shape of nanoGPT's model.py: the oracle that the ONNX
 * graph and our WGSL engine are checked against. Slow and plain on purpose: one function per
 * block, residuals written out, a shape comment on every op. T is the number of new tokens,
 * P the number already in the KV cache, C = d_model, H heads of D = C / H, V the vocabulary.
 */
import type { Gpt2Config } from '../scaling';
import {
  add,
  concatTime,
  geluTanh,
  layerNorm,
  linear,
  matmulTransposed,
  mergeHeads,
  softmaxInPlace,
  splitHeads,
} from './reference-ops';
import { type Gpt2Weights, getTensor } from './weights';

/** One layer's keys and values for every position seen so far, each (H, length, D). */
export interface LayerKv {
  readonly key: Float64Array;
  readonly value: Float64Array;
}

/** Keys and values of every layer for positions 0 … length − 1. */
export interface KvCache {
  readonly length: number;
  readonly layers: readonly LayerKv[];
}

export interface ForwardResult {
  /** (T, V) row-major: one row of next-token logits per input token. */
  readonly logits: Float32Array;
  /** The cache extended by the input tokens; the one passed in is left unchanged. */
  readonly kvCache: KvCache;
}

/** A cache holding no positions. */
export function emptyKvCache(config: Gpt2Config): KvCache {
  const empty: LayerKv = { key: new Float64Array(0), value: new Float64Array(0) };
  return { length: 0, layers: Array.from({ length: config.layers }, () => empty) };
}

/** Runs a whole prompt: logits (T, V) and the cache for positions 0 … T − 1. */
export function prefill(weights: Gpt2Weights, tokenIds: readonly number[]): ForwardResult {
  return forward(weights, emptyKvCache(weights.config), tokenIds);
}

/** One more token at `position` (which must equal the cache length): logits (V) and the cache. */
export function decodeStep(
  weights: Gpt2Weights,
  kvCache: KvCache,
  tokenId: number,
  position: number,
): ForwardResult {
  if (position !== kvCache.length) {
    throw new Error(`decode position ${position} does not follow a cache of ${kvCache.length}`);
  }
  return forward(weights, kvCache, [tokenId]);
}

/** The model on `tokenIds`, placed after the `past.length` positions already cached. */
export function forward(
  weights: Gpt2Weights,
  past: KvCache,
  tokenIds: readonly number[],
): ForwardResult {
  const { config } = weights;
  const T = tokenIds.length;
  const C = config.dModel;
  checkInputs(config, past, tokenIds);
  let x = embed(weights, tokenIds, past.length); // (T, C)
  const layers: LayerKv[] = [];
  for (let i = 0; i < config.layers; i++) {
    const out = block(weights, i, x, T, past.layers[i]!, past.length);
    x = out.x; // (T, C)
    layers.push(out.present);
  }
  const w = (name: string) => getTensor(weights, `transformer.ln_f.${name}`);
  x = layerNorm(x, T, C, w('weight'), w('bias')); // (T, C)
  const logits = lmHead(weights, x, T); // (T, C) @ (C, V) -> (T, V)
  return { logits: Float32Array.from(logits), kvCache: { length: past.length + T, layers } };
}

/** Token plus learned position embedding: x[t] = wte[token_t] + wpe[P + t]. */
function embed(weights: Gpt2Weights, tokenIds: readonly number[], start: number): Float64Array {
  const C = weights.config.dModel;
  const wte = getTensor(weights, 'transformer.wte.weight'); // (V, C)
  const wpe = getTensor(weights, 'transformer.wpe.weight'); // (contextLength, C)
  const x = new Float64Array(tokenIds.length * C); // (T, C)
  tokenIds.forEach((token, t) => {
    for (let c = 0; c < C; c++) x[t * C + c] = wte[token * C + c]! + wpe[(start + t) * C + c]!;
  });
  return x;
}

/** Pre-LayerNorm transformer block (GPT-2 paper §2.3; nanoGPT `Block.forward`). */
function block(
  weights: Gpt2Weights,
  layer: number,
  x: Float64Array,
  T: number,
  past: LayerKv,
  P: number,
): { x: Float64Array; present: LayerKv } {
  const C = weights.config.dModel;
  const w = (name: string) => getTensor(weights, `transformer.h.${layer}.${name}`);
  const ln1 = layerNorm(x, T, C, w('ln_1.weight'), w('ln_1.bias')); // (T, C)
  const attn = attention(weights, layer, ln1, T, past, P);
  x = add(x, attn.y); // x = x + attn(ln_1(x)): (T, C)
  const ln2 = layerNorm(x, T, C, w('ln_2.weight'), w('ln_2.bias')); // (T, C)
  x = add(x, mlp(weights, layer, ln2, T)); // x = x + mlp(ln_2(x)): (T, C)
  return { x, present: attn.present };
}

/** Causal multi-head self-attention over the cached positions and the new ones. */
function attention(
  weights: Gpt2Weights,
  layer: number,
  x: Float64Array,
  T: number,
  past: LayerKv,
  P: number,
): { y: Float64Array; present: LayerKv } {
  const { dModel: C, heads: H } = weights.config;
  const D = C / H;
  const w = (name: string) => getTensor(weights, `transformer.h.${layer}.attn.${name}`);
  const qkv = linear(x, T, C, w('c_attn.weight'), w('c_attn.bias')); // (T, C) @ (C, 3C) -> (T, 3C)
  const q = splitHeads(qkv, T, C, H, 0); // (T, 3C) -> (H, T, D)
  const key = concatTime(past.key, splitHeads(qkv, T, C, H, 1), H, P, T, D); // (H, P, D) ++ (H, T, D) -> (H, P+T, D)
  const value = concatTime(past.value, splitHeads(qkv, T, C, H, 2), H, P, T, D); // (H, P+T, D)
  const heads = causalSoftmaxAttention(q, key, value, H, T, P, D); // (H, T, D)
  const y = mergeHeads(heads, H, T, D); // (H, T, D) -> (T, C)
  return { y: linear(y, T, C, w('c_proj.weight'), w('c_proj.bias')), present: { key, value } }; // (T, C) @ (C, C) -> (T, C)
}

/**
 * softmax(q·kᵀ / √D) · v per head (Vaswani et al. 2017, eq. 1), where the query at absolute
 * position P + t sees keys 0 … P + t only: the causal mask, applied by never scoring the rest.
 */
function causalSoftmaxAttention(
  q: Float64Array,
  key: Float64Array,
  value: Float64Array,
  H: number,
  T: number,
  P: number,
  D: number,
): Float64Array {
  const S = P + T;
  const scale = 1 / Math.sqrt(D);
  const out = new Float64Array(H * T * D); // (H, T, D)
  const scores = new Float64Array(S); // one query's row of (H, T, S)
  for (let h = 0; h < H; h++) {
    for (let t = 0; t < T; t++) {
      const visible = P + t + 1;
      const qRow = (h * T + t) * D;
      for (let s = 0; s < visible; s++) {
        const kRow = (h * S + s) * D;
        let dot = 0;
        for (let i = 0; i < D; i++) dot += q[qRow + i]! * key[kRow + i]!; // (D) · (D)
        scores[s] = dot * scale;
      }
      softmaxInPlace(scores, visible);
      for (let s = 0; s < visible; s++) {
        const vRow = (h * S + s) * D;
        for (let i = 0; i < D; i++) out[qRow + i]! += scores[s]! * value[vRow + i]!; // (S) @ (S, D) -> (D)
      }
    }
  }
  return out;
}

/** Position-wise MLP: GELU between two projections (nanoGPT `MLP.forward`). */
function mlp(weights: Gpt2Weights, layer: number, x: Float64Array, T: number): Float64Array {
  const { dModel: C, ffnDim } = weights.config;
  const w = (name: string) => getTensor(weights, `transformer.h.${layer}.mlp.${name}`);
  const hidden = geluTanh(linear(x, T, C, w('c_fc.weight'), w('c_fc.bias'))); // (T, C) @ (C, 4C) -> (T, 4C)
  return linear(hidden, T, ffnDim, w('c_proj.weight'), w('c_proj.bias')); // (T, 4C) @ (4C, C) -> (T, C)
}

/** Logits against the token table (tied, GPT-2 paper §2.3) or an untied (V, C) lm_head. */
function lmHead(weights: Gpt2Weights, x: Float64Array, T: number): Float64Array {
  const name = weights.config.tiedEmbeddings ? 'transformer.wte.weight' : 'lm_head.weight';
  return matmulTransposed(x, T, weights.config.dModel, getTensor(weights, name)); // (T, C) @ (C, V) -> (T, V)
}

function checkInputs(config: Gpt2Config, past: KvCache, tokenIds: readonly number[]): void {
  if (tokenIds.length === 0) throw new Error('no tokens to run');
  if (past.length + tokenIds.length > config.contextLength) {
    throw new Error(
      `${past.length} cached + ${tokenIds.length} new tokens exceed the context of ${config.contextLength}`,
    );
  }
  for (const token of tokenIds) {
    if (!Number.isInteger(token) || token < 0 || token >= config.vocabSize) {
      throw new Error(`token id ${token} is outside the vocabulary of ${config.vocabSize}`);
    }
  }
}
