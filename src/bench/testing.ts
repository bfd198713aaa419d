/** Test-only: a valid record to start from. */
import type { ResultRecord } from './result';

export const SAMPLE_RECORD: ResultRecord = {
  schema: 1,
  model: 'gpt2-3m',
  params: 3_382_080,
  engine: 'ort-webgpu',
  provider: 'webgpu',
  dtype: 'f32',
  promptTokens: 128,
  decodeTokens: 32,
  loadMs: 120.5,
  firstRunMs: 900,
  prefillMs: { n: 10, median: 12.5, p10: 11.9, p90: 14.2, cv: 0.06 },
  decodeMsPerToken: { n: 10, median: 3.1, p10: 2.9, p90: 3.6, cv: 0.08 },
  tokensPerSecond: 1000 / 3.1,
  peakGpuBytes: 20_000_000,
  weightBytes: 13_528_320,
  estimatedBytes: 19_000_000,
  device: null,
  browser: 'Chromium 156',
  time: '2026-11-22T12:00:00.000Z',
  flags: ['software-adapter'],
};

export const sampleRecord = (changes: Partial<ResultRecord> = {}): ResultRecord => ({
  ...SAMPLE_RECORD,
  ...changes,
});
