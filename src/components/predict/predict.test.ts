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
});
