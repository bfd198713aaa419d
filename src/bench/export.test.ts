import { describe, expect, it } from 'vitest';
import { toCsv, toJson } from './export';
import { parseResults } from './result';
import { sampleRecord } from './testing';

describe('export', () => {
  it('round-trips JSON through the schema', () => {
    const records = [sampleRecord(), sampleRecord({ engine: 'ort-wasm', provider: 'wasm' })];
    expect(parseResults(toJson(records))).toEqual(records);
  });

  it('writes one CSV row per record, quoting what needs it, blank for null', () => {
    const csv = toCsv([
      sampleRecord({ model: 'my "tiny", model', decodeMsPerToken: null, tokensPerSecond: null }),
    ]);
    const [header, row] = csv.trimEnd().split('\r\n');
    expect(header!.split(',').slice(0, 3)).toEqual(['model', 'params', 'engine']);
    expect(row!.startsWith('"my ""tiny"", model",3382080,ort-webgpu,webgpu,f32,128,32,')).toBe(
      true,
    );
    const columns = header!.split(',');
    const decodeMedian = columns.indexOf('decode_ms_median');
    // The quoted first field holds one comma: shift by one when splitting naively.
    expect(row!.split(',')[decodeMedian + 1]).toBe('');
  });
});
