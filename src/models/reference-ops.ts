/**
 * The few tensor operations GPT-2's forward pass needs, as plain loops on row-major arrays.
 * Weights are float32 (as stored); activations and sums are float64, so the reference is more
 * accurate than any engine it checks.
 */

/** GPT-2's layer_norm_epsilon (HF GPT2Config; OpenAI gpt-2 model.py `norm`, epsilon 1e-5). */
export const LAYER_NORM_EPSILON = 1e-5;

/** A Conv1D layer (HF pytorch_utils.Conv1D): x @ W + b with W stored (in, out). */
export function linear(
  x: Float64Array,
  rows: number,
  inDim: number,
  weight: Float32Array,
  bias: Float32Array,
): Float64Array {
  const outDim = bias.length;
  const y = new Float64Array(rows * outDim);
  for (let r = 0; r < rows; r++) {
    const yRow = r * outDim;
    for (let j = 0; j < outDim; j++) y[yRow + j] = bias[j]!;
    for (let k = 0; k < inDim; k++) {
      const xk = x[r * inDim + k]!;
      const wRow = k * outDim;
      for (let j = 0; j < outDim; j++) y[yRow + j]! += xk * weight[wRow + j]!;
    }
  }
  return y;
}

/** x @ Wᵀ with W stored (out, in): the tied LM head against the (V, C) token table. */
export function matmulTransposed(
  x: Float64Array,
  rows: number,
  inDim: number,
  weight: Float32Array,
): Float64Array {
  const outDim = weight.length / inDim;
  const y = new Float64Array(rows * outDim);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < outDim; j++) {
      let sum = 0;
      for (let k = 0; k < inDim; k++) sum += x[r * inDim + k]! * weight[j * inDim + k]!;
      y[r * outDim + j] = sum;
    }
  }
  return y;
}

/** LayerNorm over the last axis (Ba et al. 2016): (x − mean) / √(var + ε) · γ + β, biased var. */
export function layerNorm(
  x: Float64Array,
  rows: number,
  width: number,
  gamma: Float32Array,
  beta: Float32Array,
): Float64Array {
  const y = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    const offset = r * width;
    let mean = 0;
    for (let i = 0; i < width; i++) mean += x[offset + i]!;
    mean /= width;
    let variance = 0;
    for (let i = 0; i < width; i++) variance += (x[offset + i]! - mean) ** 2;
    variance /= width;
    const invStd = 1 / Math.sqrt(variance + LAYER_NORM_EPSILON);
    for (let i = 0; i < width; i++) {
      y[offset + i] = (x[offset + i]! - mean) * invStd * gamma[i]! + beta[i]!;
    }
  }
  return y;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * GELU, tanh approximation, as GPT-2 uses it ("gelu_new"): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
 * (Hendrycks & Gimpel 2016, §2; OpenAI gpt-2 model.py `gelu`).
 */
export function geluTanh(x: Float64Array): Float64Array {
  return x.map((v) => 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
}

/** Elementwise a + b: a residual connection. */
export function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v + b[i]!);
}

/** Softmax of `row[0, length)` in place, shifted by the max for stability. */
export function softmaxInPlace(row: Float64Array, length: number): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) max = Math.max(max, row[i]!);
  let sum = 0;
  for (let i = 0; i < length; i++) {
    row[i] = Math.exp(row[i]! - max);
    sum += row[i]!;
  }
  for (let i = 0; i < length; i++) row[i]! /= sum;
}

/** Head `h`'s slice of part `part` (0 = q, 1 = k, 2 = v) of a fused (T, 3C) projection → (H, T, D). */
export function splitHeads(
  qkv: Float64Array,
  rows: number,
  width: number,
  heads: number,
  part: 0 | 1 | 2,
): Float64Array {
  const headDim = width / heads;
  const out = new Float64Array(rows * width);
  for (let h = 0; h < heads; h++) {
    for (let t = 0; t < rows; t++) {
      const from = t * 3 * width + part * width + h * headDim;
      out.set(qkv.subarray(from, from + headDim), (h * rows + t) * headDim);
    }
  }
  return out;
}

/** (H, T, D) → (T, H·D): heads side by side again. */
export function mergeHeads(
  x: Float64Array,
  heads: number,
  rows: number,
  headDim: number,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let h = 0; h < heads; h++) {
    for (let t = 0; t < rows; t++) {
      const from = (h * rows + t) * headDim;
      out.set(x.subarray(from, from + headDim), (t * heads + h) * headDim);
    }
  }
  return out;
}

/** Appends along the time axis: (H, P, D) ++ (H, T, D) → (H, P + T, D). */
export function concatTime(
  past: Float64Array,
  next: Float64Array,
  heads: number,
  pastLength: number,
  rows: number,
  headDim: number,
): Float64Array {
  const total = pastLength + rows;
  const out = new Float64Array(heads * total * headDim);
  for (let h = 0; h < heads; h++) {
    out.set(
      past.subarray(h * pastLength * headDim, (h + 1) * pastLength * headDim),
      h * total * headDim,
    );
    out.set(
      next.subarray(h * rows * headDim, (h + 1) * rows * headDim),
      (h * total + pastLength) * headDim,
    );
  }
  return out;
}
