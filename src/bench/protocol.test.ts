import { afterAll, describe, expect, it } from 'vitest';
import { WgslEngine } from '../engines/wgsl/wgsl-engine';
import { nodeProvider } from '../gpu/testing/dawn';
import { catalogConfig, catalogModel } from '../models/catalog';
import { ladderModel } from '../models/ladder';
import { type HubModel, syntheticModel } from '../models/source';
import { CHECKING_WEIGHT_INIT, modelWeightBytes } from '../models/weights';
import { countParams, gpt2Config } from '../scaling';
import {
  type BenchEnvironment,
  type BenchOptions,
  benchPrompt,
  checkOptions,
  DEFAULT_BENCH_OPTIONS,
  measure,
  type Progress,
  preflight,
  runSweep,
} from './protocol';

const SWIFTSHADER_LIMITS = {
  maxStorageBufferBindingSize: 2 ** 30,
  maxBufferSize: 2 ** 30,
} as never;

describe('preflight', () => {
  it('lets the ladder through up to the size ORT can hold', () => {
    for (const id of ['gpt2-3m', 'gpt2-124m', 'gpt2-355m']) {
      expect(preflight(ladderModel(id), 'ort-webgpu', SWIFTSHADER_LIMITS, 'f32')).toBeNull();
      expect(preflight(ladderModel(id), 'ort-wasm', null, 'f32')).toBeNull();
    }
  });

  it('skips a model over 2 GiB on ORT, and says it is an estimate', () => {
    // gpt2-774m: 774,030,080 × 4 bytes = 2.88 GiB of weights.
    expect(preflight(ladderModel('gpt2-774m'), 'ort-wasm', null, 'f32')).toMatch(
      /^2\.88 GiB of f32 weights: .* \(estimate\)$/,
    );
  });

  it('skips a GPU engine without WebGPU, or when the largest tensor cannot be bound', () => {
    expect(preflight(ladderModel('gpt2-3m'), 'ort-webgpu', null, 'f32')).toBe('no WebGPU device');
    const small = { maxStorageBufferBindingSize: 128 * 2 ** 20 } as never;
    // wte of gpt2-124m: 50257 × 768 × 4 bytes = 147.24 MiB > 128 MiB.
    expect(preflight(ladderModel('gpt2-124m'), 'ort-webgpu', small, 'f32')).toBe(
      'transformer.wte.weight needs 147.24 MiB but this device binds at most 128.00 MiB (maxStorageBufferBindingSize)',
    );
    // One byte short: the two sizes still print differently (they once read 0.02 GiB twice).
    const wteBytes = 50257 * 768 * 4;
    const justShort = { maxStorageBufferBindingSize: wteBytes - 1 } as never;
    expect(preflight(ladderModel('gpt2-124m'), 'ort-webgpu', justShort, 'f32')).toBe(
      'transformer.wte.weight needs 147.237305 MiB but this device binds at most 147.237304 MiB (maxStorageBufferBindingSize)',
    );
    // In f16 it is half of that, 0.07 GiB: it fits.
    expect(preflight(ladderModel('gpt2-124m'), 'wgsl', small, 'f16')).toBeNull();
  });

  it('runs each precision where its engine holds it, and names why not elsewhere', () => {
    const model = ladderModel('gpt2-3m');
    for (const engine of ['wgsl', 'ort-webgpu', 'ort-wasm'] as const) {
      expect(preflight(model, engine, SWIFTSHADER_LIMITS, 'f16')).toBeNull();
    }
    expect(preflight(model, 'ort-wasm', SWIFTSHADER_LIMITS, 'q8')).toBeNull();
    expect(preflight(model, 'ort-webgpu', SWIFTSHADER_LIMITS, 'q8')).toMatch(
      /^q8 weights are not run by onnxruntime-web's WebGPU EP \(JSEP\)/,
    );
    for (const dtype of ['q8', 'q4'] as const) {
      expect(preflight(model, 'wgsl', SWIFTSHADER_LIMITS, dtype)).toBeNull();
    }
    expect(preflight(model, 'wgsl', SWIFTSHADER_LIMITS, 'bf16')).toBe(
      'bf16 weights are not held by our engine: it holds f32, f16, q8 and q4',
    );
  });
});

describe('preflight of checkpoints', () => {
  const hubModel = (repo: string): HubModel => {
    const config = catalogConfig(catalogModel(repo)!);
    const params = countParams(config).total;
    return {
      kind: 'hub',
      id: repo,
      repo,
      revision: 'main',
      hubUrl: 'https://huggingface.co',
      files: [],
      facts: {
        params,
        config,
        contextLength: config.contextLength,
        vocabSize: config.vocabSize,
        weightBytes: { f32: 4 * params },
        largestTensor: { f32: { name: 'wte.weight', bytes: 4 * config.vocabSize * config.dModel } },
      },
    };
  };

  it('lets a hub GPT-2 onto our engine, and says why a Llama-family model is not', () => {
    expect(
      preflight(hubModel('openai-community/gpt2'), 'wgsl', SWIFTSHADER_LIMITS, 'f32'),
    ).toBeNull();
    expect(
      preflight(hubModel('HuggingFaceTB/SmolLM2-135M'), 'wgsl', SWIFTSHADER_LIMITS, 'f32'),
    ).toBe('our engine runs gpt2 models, not llama');
    expect(preflight(hubModel('openai-community/gpt2'), 'ort-wasm', null, 'f32')).toBe(
      'onnxruntime-web, WASM (CPU baseline) does not run model hub models',
    );
  });
});

describe('a measurement in f16', () => {
  const gpu = nodeProvider();
  afterAll(() => gpu.destroyDevice());
  const tiny = syntheticModel(
    'tiny',
    gpt2Config({ layers: 2, dModel: 64, heads: 4, vocabSize: 500, contextLength: 64 }),
    CHECKING_WEIGHT_INIT,
  );
  const options: BenchOptions = {
    ...DEFAULT_BENCH_OPTIONS,
    engines: ['wgsl'],
    promptTokens: 4,
    decodeTokens: 2,
    repeats: 2,
  };
  const env = (created: string[] = []): BenchEnvironment => ({
    createEngine: (id, dtype) => {
      created.push(`${id} ${dtype}`);
      return new WgslEngine(gpu, { dtype: dtype === 'f16' ? 'f16' : 'f32' });
    },
    limits: null,
    browser: 'node',
    now: () => performance.now(),
    isHidden: () => false,
  });

  it('records f16, the bytes held, an estimate that counts the same bytes, and how f16 was read', async () => {
    const created: string[] = [];
    const f32 = await measure(tiny, 'wgsl', options, env(created));
    const f16 = await measure(tiny, 'wgsl', { ...options, dtype: 'f16' }, env(created));
    expect(created).toEqual(['wgsl f32', 'wgsl f16']);
    expect([f32.dtype, f16.dtype]).toEqual(['f32', 'f16']);
    expect(f16.weightBytes).toBe(modelWeightBytes(tiny.config, 'f16'));
    // The estimate counts the weights as the engine holds them (src/scaling/held.ts): f16
    // matrices, f32 vectors; the rest of it (KV cache, activations) is the same at f32 and f16.
    expect(f32.estimatedBytes - f16.estimatedBytes).toBe(f32.weightBytes - f16.weightBytes);
    expect(f32.weightBytes - f16.weightBytes).toBeLessThan(2 * countParams(tiny.config).total);
    // SwiftShader has no shader-f16: the matrices were read as packed words, and it says so.
    const packed = !f16.device!.features.includes('shader-f16');
    expect(f16.flags.includes('f16-packed')).toBe(packed);
    expect(f32.flags).not.toContain('f16-packed');
  });

  it('skips ORT with the reason, and makes no engine for it', async () => {
    const created: string[] = [];
    const progress: Progress[] = [];
    const records = await runSweep(
      [tiny],
      { ...options, engines: ['ort-webgpu'], dtype: 'q8' },
      env(created),
      { onProgress: (p) => progress.push(p) },
    );
    expect(records).toEqual([]);
    expect(created).toEqual([]);
    expect(progress[0]).toMatchObject({ engine: 'ort-webgpu', step: 'skipped' });
    expect(progress[0]!.message).toMatch(/^q8 weights are not run by onnxruntime-web's WebGPU/);
  });
});

describe('checkOptions', () => {
  const options = { ...DEFAULT_BENCH_OPTIONS, engines: ['ort-wasm'] as const };
  it('refuses runs that cannot be measured', () => {
    const model = ladderModel('gpt2-3m');
    expect(() => checkOptions({ ...options, repeats: 0 }, [model])).toThrow(/repeats must be/);
    expect(() =>
      checkOptions({ ...options, promptTokens: 1000, decodeTokens: 100 }, [model]),
    ).toThrow(/1100 tokens exceeds its context of 1024/);
    expect(() => checkOptions({ ...options, engines: [] }, [model])).toThrow(/at least one engine/);
    expect(() => checkOptions(options, [])).toThrow(/at least one model/);
  });
});

describe('benchPrompt', () => {
  it('is the same every time and stays inside the vocabulary', () => {
    const prompt = benchPrompt(128, 50257);
    expect(prompt).toEqual(benchPrompt(128, 50257));
    expect(prompt.slice(0, 3)).toEqual([13, 7932, 15851]);
    expect(Math.max(...benchPrompt(500, 97))).toBeLessThan(97);
  });
});
