import { describe, expect, it } from 'vitest';
import { gpt2Config } from '../scaling';
import {
  float32Values,
  readSafetensors,
  SafetensorsError,
  writeGpt2Safetensors,
  writeSafetensors,
} from './safetensors';
import { CHECKING_WEIGHT_INIT, generateWeights, tensorSpecs } from './weights';

/** A file from a header object and a data buffer, bypassing the writer's checks. */
function rawFile(header: unknown, data: Uint8Array, headerLength?: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const file = new Uint8Array(8 + json.length + data.length);
  new DataView(file.buffer).setBigUint64(0, BigInt(headerLength ?? json.length), true);
  file.set(json, 8);
  file.set(data, 8 + json.length);
  return file;
}

const f32 = (shape: number[], begin: number) => ({
  dtype: 'F32',
  shape,
  data_offsets: [begin, begin + 4 * shape.reduce((a, b) => a * b, 1)],
});

describe('safetensors round trip', () => {
  it('reads back what it wrote: dtypes, shapes, bytes and metadata', () => {
    const weight = Float32Array.from([1.5, -2, 3.25, 0, 1e-8, -7]);
    const ids = BigInt64Array.from([1n, -2n, 2n ** 40n]);
    const flags = Uint8Array.from([1, 0, 1]);
    const file = writeSafetensors(
      [
        { name: 'w', dtype: 'F32', shape: [2, 3], data: weight },
        { name: 'ids', dtype: 'I64', shape: [3], data: ids },
        { name: 'flags', dtype: 'BOOL', shape: [3], data: flags },
        { name: 'empty', dtype: 'F16', shape: [0, 4], data: new Uint16Array(0) },
      ],
      { format: 'pt', note: 'ünïcode' },
    );
    const read = readSafetensors(file);
    expect(read.metadata).toEqual({ format: 'pt', note: 'ünïcode' });
    expect(read.tensors.get('w')?.shape).toEqual([2, 3]);
    expect(float32Values(read.tensors.get('w')!)).toEqual(weight);
    const idBytes = read.tensors.get('ids')!.data;
    expect(new BigInt64Array(idBytes.slice().buffer)).toEqual(ids);
    expect(read.tensors.get('flags')).toEqual({ dtype: 'BOOL', shape: [3], data: flags });
    expect(read.tensors.get('empty')?.data.length).toBe(0);
  });

  it('pads the header to 8 bytes, so float data are aligned views into the file', () => {
    const file = writeSafetensors([
      { name: 'x', dtype: 'F32', shape: [3], data: new Float32Array(3) },
    ]);
    const headerLength = Number(new DataView(file.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const x = readSafetensors(file).tensors.get('x')!;
    expect(x.data.buffer).toBe(file.buffer);
    expect(float32Values(x).buffer).toBe(file.buffer);
  });

  it('writes a GPT-2 model as HF names it, equal to the generated weights', () => {
    const config = gpt2Config({ layers: 2, dModel: 16, heads: 2, vocabSize: 40, contextLength: 8 });
    const file = writeGpt2Safetensors(config, CHECKING_WEIGHT_INIT);
    const read = readSafetensors(file);
    expect(read.metadata).toEqual({ format: 'pt' });
    expect([...read.tensors.keys()]).toEqual(tensorSpecs(config).map((s) => s.name));
    for (const tensor of generateWeights(config, CHECKING_WEIGHT_INIT)) {
      const stored = read.tensors.get(tensor.name)!;
      expect(stored.shape).toEqual(tensor.shape);
      expect(float32Values(stored)).toEqual(tensor.data);
    }
  });

  it('refuses data of the wrong size and repeated names', () => {
    expect(() =>
      writeSafetensors([{ name: 'x', dtype: 'F32', shape: [4], data: new Float32Array(3) }]),
    ).toThrow(/12 bytes of data for F32 \[4\], which needs 16/);
    const x = { name: 'x', dtype: 'U8', shape: [1], data: new Uint8Array(1) } as const;
    expect(() => writeSafetensors([x, x])).toThrow(/reserved or repeated/);
  });
});

describe('safetensors reader on corrupt files', () => {
  const data = new Uint8Array(16);

  it.each([
    ['a file shorter than the length prefix', new Uint8Array(5), /5 bytes: too short/],
    [
      'a header length past the end',
      rawFile({ x: f32([4], 0) }, data, 10_000),
      /header length 10000 runs past the end/,
    ],
    ['a header that is not JSON', rawFile('', data).fill(0x7b, 8, 10), /not valid UTF-8 JSON/],
    ['a header that is a list', rawFile([1, 2], data), /not a JSON object/],
    [
      'an unknown dtype',
      rawFile({ x: { dtype: 'F31', shape: [4], data_offsets: [0, 16] } }, data),
      /unknown dtype "F31"/,
    ],
    [
      'a negative dimension',
      rawFile({ x: { dtype: 'F32', shape: [-4], data_offsets: [0, 16] } }, data),
      /shape must be/,
    ],
    [
      'offsets past the buffer',
      rawFile({ x: f32([8], 0) }, data),
      /\[0, 32\] are out of range for a 16-byte/,
    ],
    [
      'reversed offsets',
      rawFile({ x: { dtype: 'F32', shape: [0], data_offsets: [8, 4] } }, data),
      /out of range/,
    ],
    [
      'a size that does not match the shape',
      rawFile({ x: { dtype: 'F32', shape: [3], data_offsets: [0, 16] } }, data),
      /16 bytes for F32 \[3\], which needs 12/,
    ],
    [
      'overlapping tensors',
      rawFile({ a: f32([3], 0), b: f32([2], 8) }, data),
      /b overlaps a \(bytes 8–12\)/,
    ],
    [
      'a hole between tensors',
      rawFile({ a: f32([1], 0), b: f32([2], 8) }, data),
      /bytes 4–8 of the data buffer belong to no tensor/,
    ],
    [
      'bytes after the last tensor',
      rawFile({ a: f32([2], 0) }, data),
      /bytes 8–16 of the data buffer belong to no tensor/,
    ],
    [
      'non-string metadata',
      rawFile({ __metadata__: { n: 1 }, a: f32([4], 0) }, data),
      /__metadata__.n must be a string/,
    ],
  ])('rejects %s', (_, file, message) => {
    expect(() => readSafetensors(file)).toThrow(SafetensorsError);
    expect(() => readSafetensors(file)).toThrow(message);
  });
});
