import { describe, expect, it } from 'vitest';
import type { Engine, EngineId, StepOutput } from '../engines/engine';
import { syntheticModel } from '../models/source';
import { CHECKING_WEIGHT_INIT } from '../models/weights';
import { gpt2Config } from '../scaling';
import { LOSS_GRACE_MS, PairBound, StepBoundError, type StepBounds } from './bound';
import { type BenchEnvironment, DEFAULT_BENCH_OPTIONS, type Progress, runSweep } from './protocol';

/**
 * A test double of the Engine interface, for the protocol: every step resolves at once, except
 * the ones `hangs` names, which never resolve; `lose()` loses its device.
 */
class FakeEngine implements Engine {
  readonly calls: string[] = [];
  disposed = false;
  private loseDevice: (reason: string) => void = () => {};
  private readonly loss = new Promise<string>((resolve) => {
    this.loseDevice = resolve;
  });

  constructor(
    readonly id: EngineId,
    private readonly hangs: (call: string, count: number) => boolean = () => false,
    withLoss = false,
  ) {
    if (withLoss) this.lost = () => this.loss;
  }

  private run<T>(call: string, value: T): Promise<T> {
    this.calls.push(call);
    const count = this.calls.filter((c) => c === call).length;
    return this.hangs(call, count) ? new Promise<T>(() => {}) : Promise.resolve(value);
  }

  lose(reason: string) {
    this.loseDevice(reason);
  }

  lost?: () => Promise<string>;
  prepare = () => this.run('prepare', undefined);
  load = () => this.run('load', undefined);
  prefill = () => this.run<StepOutput>('prefill', { token: 1 });
  decode = () => this.run<StepOutput>('decode', { token: 2 });
  provider = () => 'wasm';
  memory = () => ({ weightBytes: 1, peakGpuBytes: null });
  device = () => null;
  dispose = () => {
    this.disposed = true;
    return Promise.resolve();
  };
}

const SHORT: StepBounds = { setupFloorMs: 200, setupMsPerGiB: 0, runFloorMs: 100, runFactor: 10 };
const model = (id: string, layers: number) =>
  syntheticModel(
    id,
    gpt2Config({ layers, dModel: 8, heads: 2, vocabSize: 16, contextLength: 16 }),
    CHECKING_WEIGHT_INIT,
  );

function sweepEnv(engines: Partial<Record<EngineId, () => FakeEngine>>): BenchEnvironment {
  return {
    createEngine: (id) => {
      const make = engines[id];
      if (!make) throw new Error(`no fake for ${id}`);
      return make();
    },
    // Limits that let the fakes through preflight.
    limits: { maxStorageBufferBindingSize: 2 ** 30, maxBufferSize: 2 ** 30 } as never,
    browser: 'test',
    now: () => performance.now(),
    isHidden: () => false,
    stepBounds: SHORT,
  };
}

const options = {
  ...DEFAULT_BENCH_OPTIONS,
  engines: ['ort-webgpu', 'ort-wasm'] as EngineId[],
  promptTokens: 4,
  decodeTokens: 2,
  repeats: 2,
};

describe('bounded engine steps', () => {
  it('fails a pair whose prefill never resolves, with the reason, and the next pair runs', async () => {
    const hung = new FakeEngine('ort-webgpu', (call, n) => call === 'prefill' && n === 3);
    const progress: Progress[] = [];
    const started = performance.now();
    const records = await runSweep(
      [model('tiny', 1)],
      options,
      sweepEnv({ 'ort-webgpu': () => hung, 'ort-wasm': () => new FakeEngine('ort-wasm') }),
      { onProgress: (p) => progress.push(p) },
    );
    expect(records.map((r) => r.engine)).toEqual(['ort-wasm']);
    const failed = progress.filter((p) => p.step === 'failed');
    // The first run and a warm-up took ~0 ms: the bound is the floor, 100 ms.
    expect(failed).toEqual([
      expect.objectContaining({
        model: 'tiny',
        engine: 'ort-webgpu',
        message: 'StepBoundError: ort-webgpu: prefill did not finish within 0.1 s (its bound)',
      }),
    ]);
    expect(hung.disposed).toBe(true);
    expect(progress.at(-1)?.step).toBe('sweep-done');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('bounds prepare and load by the setup floor', async () => {
    const progress: Progress[] = [];
    await runSweep(
      [model('tiny', 1)],
      options,
      sweepEnv({
        'ort-webgpu': () => new FakeEngine('ort-webgpu', (call) => call === 'load'),
        'ort-wasm': () => new FakeEngine('ort-wasm'),
      }),
      { onProgress: (p) => progress.push(p) },
    );
    expect(progress.filter((p) => p.step === 'failed').map((p) => p.message)).toEqual([
      'StepBoundError: ort-webgpu: load did not finish within 0.2 s (its bound)',
    ]);
    expect(progress.filter((p) => p.step === 'done').map((p) => p.engine)).toEqual(['ort-wasm']);
  });

  it("fails at once when the engine's device is lost, and so does the next pair on that device", async () => {
    const fakes: FakeEngine[] = [];
    const reason = "onnxruntime-web's WebGPU device was lost (destroyed: test)";
    const lossy = () => {
      const engine = new FakeEngine('ort-webgpu', (call, n) => call === 'decode' && n === 1, true);
      // The first engine's device is lost during its hung decode; the second's is lost already.
      if (fakes.length === 0) setTimeout(() => engine.lose(reason), 20);
      else engine.lose(reason);
      fakes.push(engine);
      return engine;
    };
    const progress: Progress[] = [];
    const started = performance.now();
    const records = await runSweep(
      [model('a', 1), model('b', 2)],
      options,
      {
        ...sweepEnv({ 'ort-webgpu': lossy, 'ort-wasm': () => new FakeEngine('ort-wasm') }),
        stepBounds: { ...SHORT, runFloorMs: 60_000, setupFloorMs: 60_000 },
      },
      { onProgress: (p) => progress.push(p) },
    );
    // Well before any timeout (60 s): the loss ended both pairs.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(progress.filter((p) => p.step === 'failed').map((p) => [p.model, p.message])).toEqual([
      ['a', `StepBoundError: ort-webgpu: ${reason}`],
      ['b', `StepBoundError: ort-webgpu: ${reason}`],
    ]);
    expect(records.map((r) => [r.model, r.engine])).toEqual([
      ['a', 'ort-wasm'],
      ['b', 'ort-wasm'],
    ]);
    expect(fakes.every((f) => f.disposed)).toBe(true);
  });
});

describe('a step that rejects while its device is lost', () => {
  const loss = 'the GPU device was lost (destroyed: Device was destroyed.)';
  // What our engine's readback meets when its device is destroyed under it.
  const mapAsyncAborted = () => new DOMException('Device is lost.', 'AbortError');

  it('fails with the loss as its reason, not the rejection that met it first', async () => {
    const engine = new FakeEngine('wgsl', () => false, true);
    const bound = new PairBound(engine, 0, SHORT, () => performance.now());
    const step = bound.step('prefill', async () => {
      setTimeout(() => engine.lose(loss), 10); // the loss is told a task later
      throw mapAsyncAborted();
    });
    await expect(step).rejects.toThrow(StepBoundError);
    await expect(step).rejects.toMatchObject({ message: `wgsl: ${loss}` });
  });

  it('keeps its own error when the device stays, after the grace and no longer', async () => {
    const engine = new FakeEngine('wgsl', () => false, true);
    const bound = new PairBound(engine, 0, SHORT, () => performance.now());
    const started = performance.now();
    const step = bound.step('prefill', () => Promise.reject(new RangeError('bad token 99')));
    await expect(step).rejects.toThrow(new RangeError('bad token 99'));
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(LOSS_GRACE_MS - 5);
    expect(waited).toBeLessThan(LOSS_GRACE_MS + 500);
  });

  it('keeps its own error at once for an engine that cannot lose a device', async () => {
    const bound = new PairBound(new FakeEngine('ort-wasm'), 0, SHORT, () => performance.now());
    const started = performance.now();
    const step = bound.step('load', () => Promise.reject(new Error('no .wasm')), { setup: true });
    await expect(step).rejects.toThrow('no .wasm');
    expect(performance.now() - started).toBeLessThan(LOSS_GRACE_MS);
  });
});

describe('PairBound.limitMs', () => {
  const engine = new FakeEngine('wgsl');
  const bounds: StepBounds = {
    setupFloorMs: 120_000,
    setupMsPerGiB: 120_000,
    runFloorMs: 30_000,
    runFactor: 10,
  };

  it('grows the setup bound with the weights, and bounds runs by 10× the longest step, floored', async () => {
    let clock = 0;
    const bound = new PairBound(engine, 2 * 2 ** 30, bounds, () => clock);
    expect(bound.limitMs(true)).toBe(360_000); // 120 s + 2 GiB × 120 s
    expect(bound.limitMs(false)).toBe(360_000); // nothing timed yet: still the setup bound
    await bound.step('first run', async () => {
      clock += 5_000;
    });
    expect(bound.limitMs(false)).toBe(50_000);
    await bound.step('prefill', async () => {
      clock += 1_000;
    });
    expect(bound.limitMs(false)).toBe(50_000); // the longest step, not the last
    const fast = new PairBound(engine, 0, bounds, () => clock);
    await fast.step('first run', async () => {
      clock += 10;
    });
    expect(fast.limitMs(false)).toBe(30_000);
  });
});
