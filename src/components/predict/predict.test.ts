import { describe, expect, it } from 'vitest';
import { sampleRecord } from '../../bench/testing';
import type { HubReading } from '../../models/hub/hub-model';
import { ladderModel } from '../../models/ladder';
import { countParams } from '../../scaling';
import { predictFigures } from './predict.model';

const { config } = ladderModel('gpt2-3m');
const params = countParams(config).total;
const reading: HubReading = {
  bytesRead: 3000,
  tensors: [],
  byDtype: {},
  model: {
    kind: 'hub',
    id: 'paramscope/gpt2-3m',
    repo: 'paramscope/gpt2-3m',
    revision: 'main',
    hubUrl: 'https://huggingface.co',
    files: [],
    facts: {
      params,
      config,
      contextLength: 1024,
      vocabSize: 50257,
      weightBytes: { f32: 4 * params },
      largestTensor: { f32: { name: 'transformer.wte.weight', bytes: 50257 * 64 * 4 } },
    },
  },
};
const GPU = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: '',
  description: 'SwiftShader',
  isFallbackAdapter: false,
  features: [],
  limits: { maxStorageBufferBindingSize: 2 ** 30, maxBufferSize: 2 ** 30 },
};
const input = {
  reading,
  context: 256,
  precision: undefined,
  engine: 'wgsl' as const,
  device: GPU,
  records: [],
  bandwidthGBs: undefined,
};

describe('predictFigures', () => {
  it('is exact for what the repo stores, and labels every other precision an estimate', () => {
    const f = predictFigures(input);
    expect(f.params).toBe(3_382_080);
    expect(f.precision).toBe('f32');
    expect(f.weights.map((w) => [w.precision, w.kind])).toEqual([
      ['f32', 'exact'],
      ['f16', 'estimate'],
      ['bf16', 'estimate'],
      ['q8', 'estimate'],
      ['q4', 'estimate'],
    ]);
    expect(f.weights[0]!.bytes).toBe(13_528_320);
    // 2 layers × K and V × 64 × 2 bytes (f16) per token; 256 tokens.
    expect(f.kvPerToken).toBe(512);
    expect(f.kvAtContext).toBe(512 * 256);
    expect(f.fitsBinding).toBe(true);
    expect(f.prediction).toBeNull();
    // gpt2-3m: 50257 × 64 token + 1024 × 64 position embedding, agreeing with the headers.
    expect(f.breakdown?.agrees).toBe(true);
    expect(f.breakdown?.fromConfig.embedding).toBe(50257 * 64 + 1024 * 64);
  });

  it('does not fit a binding smaller than the largest tensor, and says so only with a device', () => {
    const small = { ...GPU, limits: { ...GPU.limits, maxStorageBufferBindingSize: 2 ** 20 } };
    expect(predictFigures({ ...input, device: small }).fitsBinding).toBe(false);
    expect(predictFigures({ ...input, device: null }).fitsBinding).toBeNull();
  });

  it("predicts from this device's records of the chosen engine and precision", () => {
    const spread = (median: number) => ({ n: 3, median, p10: median, p90: median, cv: 0.01 });
    const records = [1e7, 3e7, 9e7].map((weightBytes) =>
      sampleRecord({
        engine: 'wgsl',
        dtype: 'f32',
        device: GPU,
        weightBytes,
        decodeMsPerToken: spread(weightBytes / 1e6),
      }),
    );
    const f = predictFigures({ ...input, records });
    expect(f.prediction?.basis.n).toBe(3);
    expect(f.prediction!.msPerToken).toBeCloseTo(13.52832, 4); // 1 ms per MB, exactly
    expect(predictFigures({ ...input, records, precision: 'f16' }).prediction).toBeNull();
  });

  it('adds weights and KV cache at the context, and says why it would not fit', () => {
    const f = predictFigures(input);
    expect(f.memory).toEqual({ totalBytes: 13_528_320 + 512 * 256, fits: true, reasons: [] });
    expect(f.largestAtPrecision).toEqual({
      name: 'transformer.wte.weight',
      bytes: 50257 * 64 * 4,
      kind: 'exact',
    });
    const small = {
      ...GPU,
      limits: { maxStorageBufferBindingSize: 2 ** 20, maxBufferSize: 2 ** 30 },
    };
    expect(predictFigures({ ...input, device: small }).memory.reasons).toEqual([
      'its largest tensor, transformer.wte.weight (12.3 MiB), is larger than one storage binding here (maxStorageBufferBindingSize 1.00 MiB)',
    ]);
    // Not stored at q4: the largest tensor's bytes at q4 are an estimate from its count.
    const wte = { name: 'transformer.wte.weight', dtype: 'F32', precision: 'f32' as const };
    const rows = [{ ...wte, shape: [50257, 64], params: 50257 * 64, bytes: 50257 * 64 * 4 }];
    const q4 = predictFigures({
      ...input,
      reading: { ...reading, tensors: rows },
      precision: 'q4',
    });
    // 3,216,448 nibbles (1,608,224 bytes) + 25,129 blocks of 128 × a 2-byte scale.
    expect(q4.largestAtPrecision).toEqual({
      name: 'transformer.wte.weight',
      bytes: 1_608_224 + 50_258,
      kind: 'estimate',
    });
    expect(predictFigures({ ...input, device: null }).memory.fits).toBeNull();
  });

  it('predicts prefill beside decode from the same records', () => {
    const spread = (median: number) => ({ n: 3, median, p10: median, p90: median, cv: 0.01 });
    const records = [1e7, 3e7].map((weightBytes) =>
      sampleRecord({
        engine: 'wgsl',
        dtype: 'f32',
        device: GPU,
        weightBytes,
        promptTokens: 64,
        prefillMs: spread((weightBytes / 1e6) * 3),
        decodeMsPerToken: spread(weightBytes / 1e6),
      }),
    );
    const f = predictFigures({ ...input, records });
    expect(f.prefill?.promptTokens).toBe(64);
    expect(f.prefill!.ms).toBeCloseTo(3 * 13.52832, 4);
    expect(f.prediction!.msPerToken).toBeCloseTo(13.52832, 4);
  });
});

describe('<ps-predict> model field', () => {
  it('offers the catalog of real model ladders, with exact counts, and takes any other id', async () => {
    await import('./predict');
    const element = document.createElement('ps-predict');
    document.body.append(element);
    try {
      await element.updateComplete;
      const root = element.shadowRoot!;
      const options = [...root.querySelectorAll('datalist#catalog option')];
      expect(options).toHaveLength(12);
      expect(options[0]!.getAttribute('value')).toBe('openai-community/gpt2');
      expect(options[0]!.textContent).toBe('GPT-2 124M · 124,439,808 parameters');
      expect(root.querySelector('input[name=model]')!.getAttribute('list')).toBe('catalog');
      expect(root.querySelector('[part=hint]')!.textContent).toContain('type any other hub id');
    } finally {
      element.remove();
    }
  });
});
