import { describe, expect, it } from 'vitest';
import { ladderModel } from '../models/ladder';
import { benchPrompt, checkOptions, DEFAULT_BENCH_OPTIONS, preflight } from './protocol';

const SWIFTSHADER_LIMITS = {
  maxStorageBufferBindingSize: 2 ** 30,
  maxBufferSize: 2 ** 30,
} as never;

describe('preflight', () => {
  it('lets the ladder through up to the size ORT can hold', () => {
    for (const id of ['gpt2-3m', 'gpt2-124m', 'gpt2-355m']) {
      expect(preflight(ladderModel(id), 'ort-webgpu', SWIFTSHADER_LIMITS)).toBeNull();
      expect(preflight(ladderModel(id), 'ort-wasm', null)).toBeNull();
    }
  });

  it('skips a model over 2 GiB on ORT, and says it is an estimate', () => {
    // gpt2-774m: 774,030,080 × 4 bytes = 2.88 GiB of weights.
    expect(preflight(ladderModel('gpt2-774m'), 'ort-wasm', null)).toMatch(
      /^2\.88 GiB of f32 weights: .* \(estimate\)$/,
    );
  });

  it('skips a GPU engine without WebGPU, or when the largest tensor cannot be bound', () => {
    expect(preflight(ladderModel('gpt2-3m'), 'ort-webgpu', null)).toBe('no WebGPU device');
    const small = { maxStorageBufferBindingSize: 128 * 2 ** 20 } as never;
    // wte of gpt2-124m: 50257 × 768 × 4 bytes = 0.14 GiB > 128 MiB.
    expect(preflight(ladderModel('gpt2-124m'), 'ort-webgpu', small)).toBe(
      'transformer.wte.weight needs 0.14 GiB but this device binds at most 0.13 GiB (maxStorageBufferBindingSize)',
    );
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
