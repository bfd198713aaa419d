import { afterAll, describe, expect, it } from 'vitest';
import { VERIFY_TOLERANCE } from '../../bench/verify';
import { nodeProvider } from '../../gpu/testing/dawn';
import { decodeStep, prefill } from '../../models/reference';
import { syntheticModel } from '../../models/source';
import { CHECKING_WEIGHT_INIT, materializeWeights } from '../../models/weights';
import { gpt2Config } from '../../scaling';
import { argmax } from '../engine';
import { WgslEngine } from './wgsl-engine';

const maxAbsDiff = (a: Float32Array, b: Float32Array) =>
  a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i]!)), 0);

/** Runs on Dawn + SwiftShader in Node, validation scopes on (the engine's `validate` flag). */
describe('WgslEngine step plans', () => {
  const gpu = nodeProvider();
  afterAll(() => gpu.destroyDevice());
  const config = gpt2Config({ layers: 2, dModel: 64, heads: 4, vocabSize: 500, contextLength: 64 });
  const model = syntheticModel('tiny', config, CHECKING_WEIGHT_INIT);
  const weights = materializeWeights(config, CHECKING_WEIGHT_INIT);
  const V = config.vocabSize;

  /** Prefill of `prompt`, then `steps` greedy decode steps, each checked against the reference. */
  async function checkRun(engine: WgslEngine, prompt: number[], steps: number): Promise<number> {
    let reference = prefill(weights, prompt);
    let expected: Float32Array = reference.logits.slice((prompt.length - 1) * V);
    let output = await engine.prefill(prompt, { logits: true });
    let worst = 0;
    for (let step = 0; ; step++) {
      worst = Math.max(worst, maxAbsDiff(output.logits!, expected));
      const token = argmax(expected);
      expect(output.token).toBe(token);
      if (step === steps) return worst;
      reference = decodeStep(weights, reference.kvCache, token, prompt.length + step);
      expected = reference.logits;
      output = await engine.decode(token, { logits: true });
    }
  }

  it('replays one plan per shape: matches the reference across many steps and a new prefill', async () => {
    const engine = new WgslEngine(gpu, { flags: { validate: true } });
    await engine.prepare(model);
    await engine.load();
    const { buffers } = await gpu.acquire();
    const bindGroups = () => engine.bindGroupsCreated;

    const prompt = Array.from({ length: 13 }, (_, i) => (i * 37) % V);
    expect(await checkRun(engine, prompt, 1)).toBeLessThanOrEqual(VERIFY_TOLERANCE);
    // Both shapes (prefill of 13, decode) are planned now: from here nothing is made.
    const made = { bindGroups: bindGroups(), acquired: buffers.stats().acquired };
    const perStep = 8 * config.layers + 4;
    expect(made.bindGroups).toBe(2 * perStep);
    expect(await checkRun(engine, prompt, 30)).toBeLessThanOrEqual(VERIFY_TOLERANCE);
    expect(bindGroups()).toBe(made.bindGroups);
    expect(buffers.stats().acquired).toBe(made.acquired);
    expect(engine.lastStepDispatches).toBe(perStep);

    // A prompt of another length: one new plan (its prefill), the decode plan kept.
    const other = Array.from({ length: 6 }, (_, i) => (i * 11 + 3) % V);
    expect(await checkRun(engine, other, 12)).toBeLessThanOrEqual(VERIFY_TOLERANCE);
    expect(bindGroups()).toBe(made.bindGroups + perStep);
    await engine.dispose();
    expect(buffers.stats().inUseBytes).toBe(0);
  }, 120_000);
});
