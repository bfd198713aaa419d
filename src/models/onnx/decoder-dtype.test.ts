/**
 * The f16, q8 and q4 decoders, run by onnxruntime-web's WASM provider in Node, against the CPU
 * reference on the weights each holds (f16-rounded, or the projections dequantised). f16
 * computes in f16 (LayerNorm, Softmax, every MatMul), so its tolerance is f16's: abs 0.05 on
 * logits of about ±3, a few f16 steps of values near 1 after twelve roundings per layer.
 * q8/q4 compute in f32 on dequantised blocks: f32's abs 1e-3.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { gpt2Config } from '../../scaling';
import { decodeStep, type ForwardResult, prefill } from '../reference';
import { CHECKING_WEIGHT_INIT, materializeWeights } from '../weights';
import { type DecoderDtype, decoderWeightBytes, decoderWeightsAsHeld } from './decoder-dtype';
import { createWasmSession, runDecoder } from './ort-harness';
import { decodeModel } from './schema';
import { writeDecoderOnnx } from './write-gpt2';

// K = 96 is not a multiple of q4's blocks of 128: the last block is padded.
const config = gpt2Config({ layers: 2, dModel: 96, heads: 4, vocabSize: 300, contextLength: 32 });
const weights = materializeWeights(config, CHECKING_WEIGHT_INIT);
const prompt = [3, 141, 59, 265, 35, 89, 79];
const TOLERANCE: Record<Exclude<DecoderDtype, 'f32'>, number> = { f16: 0.05, q8: 1e-3, q4: 1e-3 };

function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let max = 0;
  for (let i = 0; i < actual.length; i++) max = Math.max(max, Math.abs(actual[i]! - expected[i]!));
  return max;
}

for (const dtype of ['f16', 'q8', 'q4'] as const) {
  describe(`${dtype} decoder (WASM) against the CPU reference on its held weights`, () => {
    const model = writeDecoderOnnx(config, { init: CHECKING_WEIGHT_INIT, dtype }).model;
    const held = decoderWeightsAsHeld(weights, dtype);
    let session: Awaited<ReturnType<typeof createWasmSession>>;
    beforeAll(async () => {
      session = await createWasmSession(model);
    });

    it('holds exactly the bytes it says', () => {
      const proto = decodeModel(model);
      // Small constants are named by their node path (/mask/positions); weights are not.
      const bytes = proto.graph.initializer
        .filter((t) => !t.name.startsWith('/'))
        .reduce((sum, t) => sum + (t.rawData?.length ?? 0), 0);
      expect(bytes).toBe(decoderWeightBytes(config, dtype));
      const ops = proto.graph.node.map((n) => n.opType);
      expect(ops.includes('MatMulNBits')).toBe(dtype !== 'f16');
    });

    it('prefill and 4 decode steps match', async () => {
      let ours = await runDecoder(session, config, [prompt], undefined);
      let reference: ForwardResult = prefill(held, prompt);
      expect(maxAbsDifference(ours.logits, reference.logits)).toBeLessThan(TOLERANCE[dtype]);
      for (const [step, token] of [11, 290, 111, 13].entries()) {
        ours = await runDecoder(session, config, [[token]], ours.present);
        reference = decodeStep(held, reference.kvCache, token, prompt.length + step);
        expect(maxAbsDifference(ours.logits, reference.logits)).toBeLessThan(TOLERANCE[dtype]);
      }
    });

    it('drifts from the f32 weights by a measured amount (reported, not hidden)', () => {
      const drift = maxAbsDifference(prefill(held, prompt).logits, prefill(weights, prompt).logits);
      console.info(`${dtype}: max |logit drift| from f32 weights ${drift.toExponential(2)}`);
      expect(drift).toBeGreaterThan(0);
    });
  });
}
