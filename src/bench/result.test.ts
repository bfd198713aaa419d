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
});
