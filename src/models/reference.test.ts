import { describe, expect, it } from 'vitest';
import { gpt2Config } from '../scaling';
import { decodeStep, type KvCache, prefill } from './reference';
import { geluTanh, LAYER_NORM_EPSILON, layerNorm } from './reference-ops';
import {
  CHECKING_WEIGHT_INIT,
  elementCount,
  type Gpt2Weights,
  materializeWeights,
  tensorSpecs,
} from './weights';

/** Vocab 8, d 4, one layer, two heads: small enough to check by hand. */
const tiny = gpt2Config({ vocabSize: 8, contextLength: 8, layers: 1, dModel: 4, heads: 2 });

/** Every tensor zero except LayerNorm weights (1) and the ones given. */
function handWeights(given: Record<string, number[]>): Gpt2Weights {
  const tensors = new Map<string, Float32Array>();
  for (const spec of tensorSpecs(tiny)) {
    const data = new Float32Array(elementCount(spec.shape)).fill(spec.std === 0 ? spec.mean : 0);
    const values = given[spec.name];
    if (values !== undefined) data.set(values);
    tensors.set(spec.name, data);
  }
  return { config: tiny, tensors };
}

/** Token table: rows e0, e1, e2, e3, −e0, −e1, −e2, −e3. */
const SIGNED_BASIS = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
  [-1, 0, 0, 0],
  [0, -1, 0, 0],
  [0, 0, -1, 0],
  [0, 0, 0, -1],
].flat();

/** LayerNorm of one 4-vector with γ = 1, β = 0, written out. */
function normalize(v: number[]): number[] {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
  return v.map((x) => (x - mean) / Math.sqrt(variance + LAYER_NORM_EPSILON));
}

/** Logits against SIGNED_BASIS: the normalised vector, then its negation. */
function signedBasisLogits(normalized: number[]): number[] {
  return [...normalized, ...normalized.map((x) => -x)];
}

function row(logits: Float32Array, t: number, width: number): number[] {
  return Array.from(logits.subarray(t * width, (t + 1) * width));
}

function expectClose(actual: number[], expected: number[], tolerance = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (const [i, a] of actual.entries()) {
    expect(Math.abs(a - expected[i]!)).toBeLessThanOrEqual(tolerance);
  }
}

describe('reference ops', () => {
  it('GELU (tanh) gives the known values', () => {
    // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) at x = 1: tanh(0.833518) = 0.682384.
    const [atZero, atOne, atMinusOne] = geluTanh(Float64Array.from([0, 1, -1]));
    expect(atZero).toBe(0);
    expect(atOne).toBeCloseTo(0.841192, 6);
    expect(atMinusOne).toBeCloseTo(-0.158808, 6);
  });

  it('LayerNorm normalises each row and applies γ and β', () => {
    // Row [1, 2, 3, 4]: mean 2.5, variance 1.25.
    const y = layerNorm(
      Float64Array.from([1, 2, 3, 4]),
      1,
      4,
      Float32Array.from([1, 1, 2, 2]),
      Float32Array.from([0, 0, 0, 1]),
    );
    const s = Math.sqrt(1.25 + 1e-5);
    expectClose(Array.from(y), [-1.5 / s, -0.5 / s, (2 * 0.5) / s, (2 * 1.5) / s + 1], 1e-12);
  });
});

describe('reference forward pass on a hand-checkable model', () => {
  it('with attention and MLP off, predicts LN(wte[token]) · wteᵀ', () => {
    // All projections are zero, so each block adds c_proj.bias = 0 and x stays wte[token].
    // LN(e0) = [0.75, −0.25, −0.25, −0.25] / √(0.1875 + 1e-5) = [1.7320, −0.5773, …].
    const weights = handWeights({ 'transformer.wte.weight': SIGNED_BASIS });
    const { logits } = prefill(weights, [0, 5]);
    const a = 1 / Math.sqrt(0.1875 + 1e-5);
    expectClose(
      row(logits, 0, 8),
      [0.75, -0.25, -0.25, -0.25, -0.75, 0.25, 0.25, 0.25].map((x) => x * a),
    );
    // Token 5 is −e1: its own logit is the largest, 0.75·a.
    expectClose(
      row(logits, 1, 8),
      [0.25, -0.75, 0.25, 0.25, -0.25, 0.75, -0.25, -0.25].map((x) => x * a),
    );
  });

  it('with q = k = 0, attention averages the values of the visible tokens', () => {
    // c_attn maps the normalised input to q = k = 0 and v = itself; c_proj is the identity. Zero
    // scores give uniform softmax weights, so token t receives the mean of LN(x_s) for s ≤ t.
    const cAttn = new Array<number>(4 * 12).fill(0);
    for (let k = 0; k < 4; k++) cAttn[k * 12 + 8 + k] = 1; // v columns 8…11: identity
    const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    const weights = handWeights({
      'transformer.wte.weight': SIGNED_BASIS,
      'transformer.h.0.attn.c_attn.weight': cAttn,
      'transformer.h.0.attn.c_proj.weight': identity,
    });
    const { logits } = prefill(weights, [0, 1]);
    const [e0, e1] = [
      [1, 0, 0, 0],
      [0, 1, 0, 0],
    ];
    const n0 = normalize(e0!);
    const n1 = normalize(e1!);
    const h0 = e0!.map((x, i) => x + n0[i]!); // e0 + mean(LN(e0))
    const h1 = e1!.map((x, i) => x + (n0[i]! + n1[i]!) / 2); // e1 + mean(LN(e0), LN(e1))
    expectClose(row(logits, 0, 8), signedBasisLogits(normalize(h0)));
    expectClose(row(logits, 1, 8), signedBasisLogits(normalize(h1)));
  });

  it('adds the learned position embedding', () => {
    // wpe[1] = e2, so token 0 at position 1 is e0 + e2 before the final LayerNorm.
    const wpe = new Array<number>(8 * 4).fill(0);
    wpe[1 * 4 + 2] = 1;
    const weights = handWeights({
      'transformer.wte.weight': SIGNED_BASIS,
      'transformer.wpe.weight': wpe,
    });
    const { logits } = prefill(weights, [0, 0]);
    expectClose(row(logits, 0, 8), signedBasisLogits(normalize([1, 0, 0, 0])));
    expectClose(row(logits, 1, 8), signedBasisLogits(normalize([1, 0, 1, 0])));
  });
});

describe('reference forward pass with random weights', () => {
  const config = gpt2Config({ vocabSize: 50, contextLength: 16, layers: 2, dModel: 16, heads: 4 });
  const weights = materializeWeights(config, CHECKING_WEIGHT_INIT);
  const V = config.vocabSize;
  const tokens = [3, 14, 15, 9, 26, 5, 35, 8, 9, 7];

  it('gives the same logits decoding after a prefill as one longer prefill', () => {
    const whole = prefill(weights, tokens);
    let step = prefill(weights, tokens.slice(0, 6));
    for (let t = 0; t < 6; t++) expectClose(row(step.logits, t, V), row(whole.logits, t, V), 1e-4);
    for (let t = 6; t < tokens.length; t++) {
      step = decodeStep(weights, step.kvCache, tokens[t]!, t);
      expectClose(Array.from(step.logits), row(whole.logits, t, V), 1e-4);
    }
    expect(step.kvCache.length).toBe(tokens.length);
    expectClose(
      Array.from(step.kvCache.layers[1]!.key),
      Array.from(whole.kvCache.layers[1]!.key),
      1e-9,
    );
  });

  it('is causal: a later token never changes earlier logits', () => {
    const original = prefill(weights, tokens).logits;
    const changed = prefill(weights, [...tokens.slice(0, 4), 49, 0, 1, 2, 3, 4]).logits;
    expect(changed.subarray(0, 4 * V)).toEqual(original.subarray(0, 4 * V));
    expect(row(changed, 4, V)).not.toEqual(row(original, 4, V));
  });

  it('leaves the cache it was given unchanged', () => {
    const first = prefill(weights, tokens.slice(0, 3));
    const keyBefore = Float64Array.from(first.kvCache.layers[0]!.key);
    const next = decodeStep(weights, first.kvCache, 4, 3);
    expect(first.kvCache.length).toBe(3);
    expect(first.kvCache.layers[0]!.key).toEqual(keyBefore);
    expect(next.kvCache.layers[0]!.key.length).toBe((keyBefore.length / 3) * 4);
  });

  it('lays the cache out as (H, length, D)', () => {
    const { kvCache } = prefill(weights, tokens.slice(0, 5));
    const layer: KvCache['layers'][number] = kvCache.layers[0]!;
    expect(layer.key.length).toBe(4 * 5 * 4);
    expect(layer.value.length).toBe(4 * 5 * 4);
  });

  it('rejects bad inputs with a clear message', () => {
    const { kvCache } = prefill(weights, [1, 2]);
    expect(() => decodeStep(weights, kvCache, 3, 5)).toThrow(
      /position 5 does not follow a cache of 2/,
    );
    expect(() => prefill(weights, [50])).toThrow(/outside the vocabulary of 50/);
    expect(() => prefill(weights, [])).toThrow(/no tokens/);
    expect(() => prefill(weights, new Array<number>(17).fill(1))).toThrow(
      /exceed the context of 16/,
    );
  });
});
