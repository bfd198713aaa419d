import { afterAll, describe, expect, it } from 'vitest';
import { checkingModel, VERIFY_TOLERANCE, verifyEngine } from '../../bench/verify';
import { nodeProvider } from '../../gpu/testing/dawn';
import { ladderModel } from '../../models/ladder';
import { syntheticModel } from '../../models/source';
import { CHECKING_WEIGHT_INIT, modelWeightBytes } from '../../models/weights';
import { countParams, gpt2Config } from '../../scaling';
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
    const model = syntheticModel('tiny', config, CHECKING_WEIGHT_INIT);
    const report = await verifyEngine(model, new WgslEngine(gpu, { flags: { validate: true } }));
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

  describe('f16 weights', () => {
    const tiny = syntheticModel(
      'tiny',
      gpt2Config({ layers: 2, dModel: 64, heads: 4, vocabSize: 500, contextLength: 64 }),
      CHECKING_WEIGHT_INIT,
    );

    // Packed words here (SwiftShader has no shader-f16); on a device with it, f16 reads.
    it('matches the CPU reference run on the same f16-rounded matrices', async () => {
      const engine = new WgslEngine(gpu, { dtype: 'f16', flags: { validate: true } });
      const report = await verifyEngine(tiny, engine, { dtype: 'f16' });
      expect(report.maxAbsDiff).toBeLessThanOrEqual(VERIFY_TOLERANCE);
      expect(report.steps.every((s) => s.sameToken)).toBe(true);
    });

    it('really holds f16: against f32 weights its logits move by the rounding, and no more', async () => {
      const report = await verifyEngine(tiny, new WgslEngine(gpu, { dtype: 'f16' }));
      // f16 keeps 11 significant bits: weights move by up to 2⁻¹² of themselves, logits by
      // about 1e-4 here — far above f32's noise (1e-6), far below their spread (≈ 0.1).
      expect(report.maxAbsDiff).toBeGreaterThan(1e-5);
      expect(report.maxAbsDiff).toBeLessThan(1e-2);
    });

    it('matches the reference on gpt2-3m, and holds half the matrix bytes', async () => {
      const model = checkingModel(ladderModel('gpt2-3m'));
      const engine = new WgslEngine(gpu, { dtype: 'f16' });
      const report = await verifyEngine(model, engine, { promptTokens: 13, dtype: 'f16' });
      expect(report.pass).toBe(true);
      expect(engine.memory().weightBytes).toBe(modelWeightBytes(model.config, 'f16'));
    }, 120_000);

    it('says how it reads f16, and counts what it uploaded', async () => {
      const engine = new WgslEngine(gpu, { dtype: 'f16' });
      expect(engine.f16Reads()).toBeNull(); // not loaded
      await engine.prepare(tiny);
      await engine.load();
      const { device } = await gpu.acquire();
      const packed = !device.features.has('shader-f16');
      expect(engine.f16Reads()).toBe(packed ? 'packed-f16' : 'f16');
      expect(engine.recordFlags()).toEqual(packed ? ['f16-packed'] : []);
      const { weightBytes: held, peakGpuBytes } = engine.memory();
      const { vocabSize: V, contextLength: T, dModel: C, layers: L } = tiny.config;
      const matrices = V * C + T * C + L * 12 * C * C; // wte, wpe; c_attn, c_proj, c_fc, mlp.c_proj
      const vectors = countParams(tiny.config).total - matrices;
      expect(held).toBe(2 * matrices + 4 * vectors);
      expect(peakGpuBytes).toBeGreaterThanOrEqual(held);
      expect(peakGpuBytes).toBeLessThan(modelWeightBytes(tiny.config, 'f32'));
      await engine.dispose();
    });
  });

  it('counts its GPU memory, refuses to run past the context, and frees everything', async () => {
    const config = gpt2Config({
      layers: 1,
      dModel: 32,
      heads: 2,
      vocabSize: 100,
      contextLength: 16,
    });
    const engine = new WgslEngine(gpu);
    await engine.prepare(syntheticModel('small', config, CHECKING_WEIGHT_INIT));
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
