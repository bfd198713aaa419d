/**
 * The ONNX decoder, run by onnxruntime-web's WASM execution provider in Node, against the CPU
 * reference. Tolerance abs 1e-3 on logits (STYLE.md: f32, as onnxruntime-web's own tests).
 */
import type * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpt2Config } from '../../scaling';
import { PRESETS } from '../presets';
import { decodeStep, type ForwardResult, prefill } from '../reference';
import { CHECKING_WEIGHT_INIT, materializeWeights, requireGpt2Config } from '../weights';
import { createWasmSession, runDecoder } from './ort-harness';
import { writeDecoderOnnx } from './write-gpt2';

const LOGITS_TOLERANCE = 1e-3;

function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let max = 0;
  for (let i = 0; i < actual.length; i++) max = Math.max(max, Math.abs(actual[i]! - expected[i]!));
  return max;
}

/** Row `b` of a (B, S, V) array as (S, V). */
function batchRow(logits: Float32Array, b: number, rowSize: number): Float32Array {
  return logits.subarray(b * rowSize, (b + 1) * rowSize);
}

describe('GPT-2 ONNX decoder (gpt2-3m, onnxruntime-web WASM) against the CPU reference', () => {
  // The real ladder model: vocab 50257, context 1024, 2 layers, d 64, 2 heads. The checking init
  // makes every bias and LayerNorm parameter count.
  const config = requireGpt2Config(PRESETS['gpt2-3m'].config);
  const weights = materializeWeights(config, CHECKING_WEIGHT_INIT);
  const V = config.vocabSize;
  const prompt = [464, 2068, 7586, 21831, 18045, 625, 262, 50256];
  let session: ort.InferenceSession;

  beforeAll(async () => {
    session = await createWasmSession(
      writeDecoderOnnx(config, { init: CHECKING_WEIGHT_INIT }).model,
    );
  });

  it('prefill: same logits and KV cache as the reference', async () => {
    const ours = await runDecoder(session, config, [prompt], undefined);
    const reference = prefill(weights, prompt);
    expect(maxAbsDifference(ours.logits, reference.logits)).toBeLessThan(LOGITS_TOLERANCE);
    for (let i = 0; i < config.layers; i++) {
      const key = ours.present[`present.${i}.key`]!;
      expect(key.dims).toEqual([1, config.heads, prompt.length, config.dModel / config.heads]);
      expect(
        maxAbsDifference(key.data as Float32Array, reference.kvCache.layers[i]!.key),
      ).toBeLessThan(1e-5);
      const value = ours.present[`present.${i}.value`]!.data as Float32Array;
      expect(maxAbsDifference(value, reference.kvCache.layers[i]!.value)).toBeLessThan(1e-5);
    }
  });

  it('decode: 4 steps fed present.* as past_key_values.* match the reference', async () => {
    let ours = await runDecoder(session, config, [prompt], undefined);
    let reference: ForwardResult = prefill(weights, prompt);
    const continuation = [11, 290, 1110, 13];
    for (const [step, token] of continuation.entries()) {
      const position = prompt.length + step;
      ours = await runDecoder(session, config, [[token]], ours.present);
      reference = decodeStep(weights, reference.kvCache, token, position);
      expect(ours.logits.length).toBe(V);
      expect(maxAbsDifference(ours.logits, reference.logits)).toBeLessThan(LOGITS_TOLERANCE);
      expect(ours.present['present.1.value']!.dims[2]).toBe(position + 1);
    }
  });

  it('batch: each sequence of a batch of two gives its own reference logits', async () => {
    const other = [1, 2, 3, 4, 5, 6, 7, 8];
    const ours = await runDecoder(session, config, [prompt, other], undefined);
    const rowSize = prompt.length * V;
    expect(
      maxAbsDifference(batchRow(ours.logits, 0, rowSize), prefill(weights, prompt).logits),
    ).toBeLessThan(LOGITS_TOLERANCE);
    expect(
      maxAbsDifference(batchRow(ours.logits, 1, rowSize), prefill(weights, other).logits),
    ).toBeLessThan(LOGITS_TOLERANCE);
  });

  it('attention_mask: a left-padded sequence gives the unpadded logits', async () => {
    // Batch of [pad, pad, a, b, c] and [d, e, f, g, h]; the padded row's positions start at 0
    // on its first real token, as a generation loop sets them.
    const padded = [50256, 50256, 318, 257, 1332];
    const full = [40, 588, 4695, 290, 6844];
    const ours = await runDecoder(session, config, [padded, full], undefined, {
      attentionMask: [
        [0, 0, 1, 1, 1],
        [1, 1, 1, 1, 1],
      ],
      positionIds: [
        [0, 0, 0, 1, 2],
        [0, 1, 2, 3, 4],
      ],
    });
    const rowSize = padded.length * V;
    const realTokens = batchRow(ours.logits, 0, rowSize).subarray(2 * V);
    expect(maxAbsDifference(realTokens, prefill(weights, [318, 257, 1332]).logits)).toBeLessThan(
      LOGITS_TOLERANCE,
    );
    expect(
      maxAbsDifference(batchRow(ours.logits, 1, rowSize), prefill(weights, full).logits),
    ).toBeLessThan(LOGITS_TOLERANCE);
  });
});

describe('GPT-2 ONNX decoder with an untied head', () => {
  it('uses lm_head.weight and matches the reference', async () => {
    const config = gpt2Config({
      layers: 1,
      dModel: 32,
      heads: 4,
      vocabSize: 97,
      contextLength: 16,
      tiedEmbeddings: false,
    });
    const weights = materializeWeights(config, CHECKING_WEIGHT_INIT);
    const session = await createWasmSession(
      writeDecoderOnnx(config, { init: CHECKING_WEIGHT_INIT }).model,
    );
    const tokens = [5, 96, 0, 42];
    const ours = await runDecoder(session, config, [tokens], undefined);
    expect(maxAbsDifference(ours.logits, prefill(weights, tokens).logits)).toBeLessThan(
      LOGITS_TOLERANCE,
    );
    await session.release();
  });
});
