import { describe, expect, it } from 'vitest';
import { firstMismatch } from '../../gpu/testing/compare';
import { decoderWeightBytes, decoderWeightsAsHeld } from '../../models/onnx/decoder-dtype';
import { decodeStep, prefill } from '../../models/reference';
import { syntheticModel } from '../../models/source';
import { CHECKING_WEIGHT_INIT, materializeWeights } from '../../models/weights';
import { gpt2Config } from '../../scaling';
import { ORT_LOGIT_TOLERANCE, OrtEngine, type OrtEngineId, type OrtPrecision } from './ort-engine';

/**
 * Runs in Chromium: onnxruntime-web's WebGPU (on SwiftShader) and WASM providers, at every
 * precision of our ONNX decoder, against the CPU reference on the weights each holds
 * (decoderWeightsAsHeld: f16-rounded, or the projections dequantised), so a check tests the
 * graph and the provider, not the rounding, at each precision's tolerance (ORT_LOGIT_TOLERANCE).
 */

const config = gpt2Config({ layers: 2, dModel: 64, heads: 4, vocabSize: 500, contextLength: 64 });
const model = syntheticModel('tiny', config, CHECKING_WEIGHT_INIT);
const prompt = [3, 141, 59, 265, 35, 89, 79];
const DECODE_STEPS = 4;

/**
 * The pairs this machine's providers may refuse, and the only reason each may give: a refusal
 * with its reason is the honest answer, a run on wrong numbers never is. JSEP has no 8-bit
 * MatMulNBits; its 4-bit one fails the engine's check on SwiftShader; f16 needs shader-f16.
 */
const MAY_REFUSE: Partial<Record<`${OrtEngineId} ${OrtPrecision}`, RegExp>> = {
  'ort-webgpu f16': /: the f16 graph computes in f16, and this device has no shader-f16/,
  'ort-webgpu q8': /MatMulNBits \(q8\) cannot run here: .*Only 2b and 4b quantization/,
  'ort-webgpu q4': /MatMulNBits \(q4\) gives wrong numbers on this device/,
};

/** The CPU reference's last-position logits for the prompt and each greedy decode step. */
function referenceLogits(dtype: OrtPrecision): Float32Array[] {
  const weights = decoderWeightsAsHeld(materializeWeights(config, CHECKING_WEIGHT_INIT), dtype);
  const vocab = config.vocabSize;
  let result = prefill(weights, prompt);
  const rows: Float32Array[] = [result.logits.slice((prompt.length - 1) * vocab)];
  for (let step = 0; step < DECODE_STEPS; step++) {
    const token = argmaxOf(rows[rows.length - 1]!);
    result = decodeStep(weights, result.kvCache, token, prompt.length + step);
    rows.push(result.logits);
  }
  return rows;
}

const argmaxOf = (v: Float32Array) => v.indexOf(Math.max(...v));

describe('OrtEngine', () => {
  for (const dtype of ['f32', 'f16', 'q8', 'q4'] satisfies OrtPrecision[]) {
    const expected = referenceLogits(dtype);
    for (const id of ['ort-webgpu', 'ort-wasm'] satisfies OrtEngineId[]) {
      it(`${id} ${dtype}: prefill and ${DECODE_STEPS} decode steps match the CPU reference, or the pair is refused with its reason`, async () => {
        const engine = new OrtEngine(id, dtype);
        try {
          const refusal = await engine.prepare(model).then(
            () => null,
            (error: Error) => error.message,
          );
          if (refusal !== null) {
            expect(refusal).toMatch(MAY_REFUSE[`${id} ${dtype}`] ?? /^never$/);
            if (dtype === 'f16') {
              expect(engine.device()?.features).not.toContain('shader-f16');
            }
            console.info(`${id} ${dtype} refused here: ${refusal}`);
            return;
          }
          await engine.load();
          let output = await engine.prefill(prompt);
          const actual = [output.logits!];
          for (let step = 0; step < DECODE_STEPS; step++) {
            output = await engine.decode(output.token);
            actual.push(output.logits!);
          }
          actual.forEach((logits, i) => {
            const tolerance = { abs: ORT_LOGIT_TOLERANCE[dtype], rel: 0 };
            expect(firstMismatch(logits, expected[i]!, tolerance), `step ${i}`).toBeNull();
          });
          // The record's bytes are the initializers the file holds at this precision.
          expect(engine.memory().weightBytes).toBe(decoderWeightBytes(config, dtype));

          if (id === 'ort-webgpu') {
            // The graph computes nothing from shapes, so ORT's own placement log puts every
            // node on the WebGPU provider.
            expect(engine.nodesNotOnGpu()).toEqual([]);
            expect(engine.provider()).toBe('webgpu');
            expect(engine.recordFlags()).toContain('kv-gpu-buffer');
            const { peakGpuBytes, weightBytes } = engine.memory();
            expect(peakGpuBytes).toBeGreaterThan(weightBytes);
            expect(engine.device()?.architecture).toBe('swiftshader');
          } else {
            expect(engine.provider()).toBe('wasm');
            expect(engine.recordFlags()).not.toContain('kv-gpu-buffer');
            expect(engine.memory().peakGpuBytes).toBeNull();
            expect(engine.device()).toBeNull();
          }
        } finally {
          await engine.dispose();
        }
      }, 120_000);
    }
  }

  it('ort-webgpu: the KV cache read back to the CPU between steps gives the same logits', async () => {
    const engine = new OrtEngine('ort-webgpu', 'f32', { kvOnGpu: false });
    try {
      await engine.prepare(model);
      await engine.load();
      expect(engine.recordFlags()).not.toContain('kv-gpu-buffer');
      const expectedF32 = referenceLogits('f32');
      let output = await engine.prefill(prompt);
      expect(firstMismatch(output.logits!, expectedF32[0]!)).toBeNull();
      output = await engine.decode(output.token);
      expect(firstMismatch(output.logits!, expectedF32[1]!)).toBeNull();
    } finally {
      await engine.dispose();
    }
  }, 120_000);
});
