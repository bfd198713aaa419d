import { describe, expect, it } from 'vitest';
import { firstMismatch } from '../../gpu/testing/compare';
import { decodeStep, prefill } from '../../models/reference';
import { syntheticModel } from '../../models/source';
import { CHECKING_WEIGHT_INIT, materializeWeights } from '../../models/weights';
import { countParams, gpt2Config } from '../../scaling';
import { OrtEngine, type OrtEngineId } from './ort-engine';

/** Runs in Chromium: onnxruntime-web's WebGPU (on SwiftShader) and WASM providers. */

const config = gpt2Config({ layers: 2, dModel: 64, heads: 4, vocabSize: 500, contextLength: 64 });
const model = syntheticModel('tiny', config, CHECKING_WEIGHT_INIT);
const prompt = [3, 141, 59, 265, 35, 89, 79];
const DECODE_STEPS = 4;

/** The CPU reference's last-position logits for the prompt and each greedy decode step. */
function referenceLogits(): Float32Array[] {
  const weights = materializeWeights(config, CHECKING_WEIGHT_INIT);
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
  const expected = referenceLogits();

  for (const id of ['ort-webgpu', 'ort-wasm'] satisfies OrtEngineId[]) {
    it(`${id}: prefill and ${DECODE_STEPS} decode steps match the CPU reference`, async () => {
      const engine = new OrtEngine(id);
      await engine.prepare(model);
      await engine.load();
      let output = await engine.prefill(prompt);
      const actual = [output.logits!];
      for (let step = 0; step < DECODE_STEPS; step++) {
        output = await engine.decode(output.token);
        actual.push(output.logits!);
      }
      actual.forEach((logits, i) => {
        expect(firstMismatch(logits, expected[i]!), `step ${i}`).toBeNull();
      });

      if (id === 'ort-webgpu') {
        // The graph computes nothing from shapes, so ORT's own placement log puts every node
        // on the WebGPU provider.
        expect(engine.nodesNotOnGpu()).toEqual([]);
        expect(engine.provider()).toBe('webgpu');
        const { peakGpuBytes, weightBytes } = engine.memory();
        expect(weightBytes).toBe(4 * countParams(config).total); // every parameter in f32
        expect(peakGpuBytes).toBeGreaterThan(weightBytes);
        expect(engine.device()?.architecture).toBe('swiftshader');
      } else {
        expect(engine.provider()).toBe('wasm');
        expect(engine.memory().peakGpuBytes).toBeNull();
        expect(engine.device()).toBeNull();
      }
      await engine.dispose();
    }, 120_000);
  }
});
