/**
 * GPT-2's forward pass on our kernels, recorded into a step plan (src/gpu/step-plan.ts) once
 * per step shape and replayed every step after: it reads like
 * nanoGPT's model.py — one function per block, the residual additions written out (here
 * fused into the projection matmuls: out = x + proj(y) in one dispatch).
 *
 * Dispatches per step: 1 (embedding) + 8 per block (ln_1, c_attn, kvAppend, attention,
 * c_proj + residual, ln_2, c_fc + GELU, c_proj + residual) + 3 (ln_f, LM head, argmax).
 */
import type { GpuTensor, KernelCall, StepPlanBuilder } from '../../gpu';
import { argmax } from '../../kernels/argmax/argmax';
import { attention, kvAppend } from '../../kernels/attention/attention';
import { embedding } from '../../kernels/embedding/embedding';
import { layerNorm } from '../../kernels/layernorm/layernorm';
import {
  type MatmulOptions,
  type MatmulTuning,
  matmul as matmulKernel,
  type QuantizedWeight,
} from '../../kernels/matmul/matmul';
import type { Gpt2Config } from '../../scaling';
import type { Gpt2GpuWeights, LayerWeights } from './gpt2-weights';

export interface KvCacheTensors {
  readonly keys: readonly GpuTensor[]; // per layer (H, maxPositions, D)
  readonly values: readonly GpuTensor[];
}

export interface ForwardPass {
  /** Where the dispatches go; it holds every activation it makes. */
  readonly plan: StepPlanBuilder;
  readonly config: Gpt2Config;
  readonly weights: Gpt2GpuWeights;
  readonly cache: KvCacheTensors;
  /** Matmul tuning chosen for the device (see WgslEngine.load). */
  readonly tuning: MatmulTuning;
  /** The device has `shader-f16`: f16 weights are read as f16 (else as packed words). */
  readonly shaderF16: boolean;
}

/**
 * The position the kernels' calls are checked at while the plan is recorded. The plan runs at
 * whatever position its step struct holds at replay (the engine keeps positions within the
 * context); 0 checks that T tokens fit the cache at all.
 */
const positionOffset = 0;

/** Records one dispatch; returns its output, held by the plan. */
function run(pass: ForwardPass, call: KernelCall): GpuTensor {
  return pass.plan.dispatch(call)[0]!;
}

/** tokens (T) u32 → the next token (1) u32 and the last position's logits (1, V). */
export function forward(
  pass: ForwardPass,
  tokens: GpuTensor,
): { token: GpuTensor; logits: GpuTensor } {
  const { weights, config } = pass;
  const T = tokens.shape[0]!;
  const { shaderF16 } = pass;
  let x = run(pass, embedding(tokens, weights.wte, weights.wpe, { positionOffset, shaderF16 })); // (T, C)
  weights.layers.forEach((layer, i) => {
    x = block(pass, layer, i, x); // (T, C)
  });
  const last = lastRow(pass, x, T, config.dModel); // (T, C) -> (1, C): only it is decoded
  const h = run(pass, layerNorm(last, weights.lnF.gamma, weights.lnF.beta)); // (1, C)
  const logits = run(pass, matmul(pass, h, weights.wte, { transposeB: true, label: 'logits' })); // (1, C) @ (C, V) -> (1, V)
  const token = run(pass, argmax(logits)); // (1, V) -> (1) u32
  return { token, logits };
}

/** Pre-LayerNorm block: x = x + attn(ln_1(x)); x = x + mlp(ln_2(x)). */
function block(pass: ForwardPass, w: LayerWeights, i: number, x: GpuTensor): GpuTensor {
  const h = run(pass, layerNorm(x, w.ln1.gamma, w.ln1.beta)); // (T, C)
  x = attentionBlock(pass, w, i, h, x); // x + attn(h)
  const h2 = run(pass, layerNorm(x, w.ln2.gamma, w.ln2.beta)); // (T, C)
  const f = run(pass, matmul(pass, h2, w.mlpFc.weight, { bias: w.mlpFc.bias, activation: 'gelu' })); // (T, C) @ (C, 4C) -> (T, 4C), GELU fused
  return run(pass, matmul(pass, f, w.mlpProj.weight, { bias: w.mlpProj.bias, residual: x })); // x + (T, 4C) @ (4C, C)
}

/** Causal self-attention over the KV cache; returns x + c_proj(attention). */
function attentionBlock(
  pass: ForwardPass,
  w: LayerWeights,
  i: number,
  h: GpuTensor,
  x: GpuTensor,
): GpuTensor {
  const { heads } = pass.config;
  const keys = pass.cache.keys[i]!;
  const values = pass.cache.values[i]!;
  const qkv = run(pass, matmul(pass, h, w.attnQkv.weight, { bias: w.attnQkv.bias })); // (T, C) @ (C, 3C) -> (T, 3C)
  pass.plan.dispatch(kvAppend(qkv, keys, values, { heads, positionOffset }), {
    outputs: [keys, values],
  }); // k, v of the new tokens -> cache positions positionOffset …
  const y = run(pass, attention(qkv, keys, values, { heads, positionOffset })); // (T, C)
  return run(pass, matmul(pass, y, w.attnProj.weight, { bias: w.attnProj.bias, residual: x })); // x + (T, C) @ (C, C)
}

/** Our matmul kernel with the pass's device tuning and f16 reads; b may be q8/q4 blocks. */
const matmul = (
  pass: ForwardPass,
  a: GpuTensor,
  b: GpuTensor | QuantizedWeight,
  options: MatmulOptions,
) => matmulKernel(a, b, { ...pass.tuning, shaderF16: pass.shaderF16, ...options });

/**
 * The last row of x as its own (1, C) tensor: a copy, not a kernel (it ends the plan's compute
 * pass, so a prefill replays in two passes and a decode step, which needs no copy, in one).
 */
function lastRow(pass: ForwardPass, x: GpuTensor, T: number, C: number): GpuTensor {
  if (T === 1) return x;
  const row = pass.plan.tensor({ label: `${x.label}/last`, shape: [1, C], dtype: 'f32' });
  pass.plan.copy(x, (T - 1) * C * 4, row, C * 4);
  return row;
}
