import { describe, expect, it } from 'vitest';
import { parseResults } from './result';
import { SAMPLE_RECORD } from './testing';

describe('parseResults', () => {
  it('accepts a record and a list of records', () => {
    expect(parseResults(JSON.stringify(SAMPLE_RECORD))).toEqual([SAMPLE_RECORD]);
    expect(parseResults(JSON.stringify([SAMPLE_RECORD, SAMPLE_RECORD]))).toHaveLength(2);
  });

  it('says which field of which record is wrong', () => {
    const bad = [
      SAMPLE_RECORD,
      { ...SAMPLE_RECORD, prefillMs: { ...SAMPLE_RECORD.prefillMs, median: -1 } },
    ];
    expect(() => parseResults(JSON.stringify(bad))).toThrow(
      /^not a paramscope result \(schema 1\): 1\.prefillMs\.median/,
    );
    expect(() => parseResults(JSON.stringify({ ...SAMPLE_RECORD, schema: 2 }))).toThrow(
      /0\.schema/,
    );
    expect(() => parseResults('{"model": ')).toThrow(/^not JSON/);
  });

  it('carries a checkpoint cross-check where one ran, and refuses a malformed one', () => {
    const crossCheck = {
      against: 'transformers.js wasm',
      steps: 6,
      sameTokens: true,
      maxAbsDiff: 2.4e-7,
      tolerance: 1e-3,
      pass: true,
    };
    const record = { ...SAMPLE_RECORD, model: 'paramscope/tiny-gpt2', crossCheck };
    expect(parseResults(JSON.stringify(record))).toEqual([record]);
    expect(() =>
      parseResults(JSON.stringify({ ...record, crossCheck: { ...crossCheck, steps: 0 } })),
    ).toThrow(/0\.crossCheck\.steps/);
  });
});
