import { afterAll, describe, expect, it } from 'vitest';
import { checkingModel, VERIFY_TOLERANCE, verifyEngine } from '../../bench/verify';
import { nodeProvider } from '../../gpu/testing/dawn';
import { ladderModel } from '../../models/ladder';
import { CHECKING_WEIGHT_INIT } from '../../models/weights';
import { gpt2Config } from '../../scaling';
import { WgslEngine } from './wgsl-engine';

/** Runs on Dawn + SwiftShader in Node, validation scopes on: the same WGSL the page runs. */
describe('WgslEngine', () => {
  const gpu = nodeProvider();
  afterAll(() => gpu.destroyDevice());

  it('matches the CPU reference on a tiny model: prefill and 8 decode steps', async () => {
    const config = gpt2Config({
      layers: 2,
      dModel: 64,
      heads: 4,
      vocabSize: 500,
      contextLength: 64,
    });
    const model = { id: 'tiny', config, init: CHECKING_WEIGHT_INIT };
    const report = await verifyEngine(model, new WgslEngine(gpu, { validate: true }));
    expect(report.steps).toHaveLength(9);
    expect(report.maxAbsDiff).toBeLessThanOrEqual(VERIFY_TOLERANCE);
    expect(report.steps.every((s) => s.sameToken)).toBe(true);
  });

  it('matches the CPU reference on gpt2-3m (odd prompt, head width 32)', async () => {
    const report = await verifyEngine(checkingModel(ladderModel('gpt2-3m')), new WgslEngine(gpu), {
      promptTokens: 13,
      decodeSteps: 8,
    });
    expect(report.maxAbsDiff).toBeLessThanOrEqual(VERIFY_TOLERANCE);
    expect(report.pass).toBe(true);
  }, 120_000);

  it('counts its GPU memory, refuses to run past the context, and frees everything', async () => {
    const config = gpt2Config({
      layers: 1,
      dModel: 32,
      heads: 2,
      vocabSize: 100,
      contextLength: 16,
    });
    const engine = new WgslEngine(gpu);
    await engine.prepare({ id: 'small', config, init: CHECKING_WEIGHT_INIT });
    await engine.load();
    const { weightBytes, peakGpuBytes } = engine.memory();
    const cacheBytes = 2 * 16 * 32 * 4; // keys and values of 1 layer: (H, 16, D) each
    expect(peakGpuBytes).toBeGreaterThanOrEqual(weightBytes + cacheBytes);
    expect(engine.provider()).toBe('webgpu');
    await engine.prefill(Array.from({ length: 15 }, (_, i) => i));
    expect(engine.lastStepDispatches).toBe(8 * config.layers + 4);
    await engine.decode(3);
    expect(engine.lastStepDispatches).toBe(8 * config.layers + 4);
    await expect(engine.decode(1)).rejects.toThrow(/17 positions exceed the context of 16/);
    await engine.dispose();
    const { buffers } = await gpu.acquire();
    expect(buffers.stats().inUseBytes).toBe(0);
  });
});
