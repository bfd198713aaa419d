import { describe, expect, it } from 'vitest';
import { countParams } from '../scaling';
import { tinyGpt2Gguf } from './gguf/testing/write-gguf';
import { startLocalHub } from './hub/testing/hub-server';
import { ladderModel } from './ladder';
import { readModelFile, readModelUrl } from './model-file';
import { encodeModel } from './onnx/schema';
import { writeDecoderOnnx, writeDecoderOnnxExternalModel } from './onnx/write-gpt2';
import { writeGpt2Safetensors } from './safetensors';
import { sourceFacts } from './source';

const { config } = ladderModel('gpt2-3m');
const PARAMS = countParams(config).total; // 3,382,080
const file = (bytes: Uint8Array<ArrayBuffer>, name: string) => new File([bytes], name);

describe('readModelFile', () => {
  it('knows a .safetensors from its header alone', async () => {
    const bytes = writeGpt2Safetensors(config) as Uint8Array<ArrayBuffer>;
    const reading = await readModelFile(file(bytes, 'gpt2-3m.safetensors'));
    expect(reading.model).toMatchObject({
      kind: 'file',
      id: 'gpt2-3m.safetensors',
      format: 'safetensors',
    });
    const facts = sourceFacts(reading.model);
    expect(facts.params).toBe(PARAMS);
    expect(facts.weightBytes('f32')).toBe(4 * PARAMS);
    expect(facts.largestTensor('f32')).toEqual({
      name: 'transformer.wte.weight',
      bytes: 50257 * 64 * 4,
    });
    expect(reading.byDtype).toEqual({ F32: { params: PARAMS, bytes: 4 * PARAMS } });
    expect(reading.bytesRead).toBeLessThan(bytes.length / 1000);
  });

  it('knows a .gguf from its header alone, with its architecture', async () => {
    const bytes = tinyGpt2Gguf();
    const reading = await readModelFile(file(bytes, 'tiny.gguf'));
    const facts = sourceFacts(reading.model);
    expect(facts.params).toBe(64 * 512 + 64 * 192 + 64 * 256 + 64);
    expect(facts.vocabSize).toBe(512);
    expect(facts.config).toMatchObject({
      family: 'gpt2',
      layers: 1,
      dModel: 64,
      tiedEmbeddings: true,
    });
    // Q8_0: 34 bytes per 32; Q4_0: 18 per 32 (ggml-common.h).
    expect(reading.byDtype).toEqual({
      Q8_0: { params: 45_056, bytes: (45_056 / 32) * 34 },
      Q4_0: { params: 16_384, bytes: (16_384 / 32) * 18 },
      F32: { params: 64, bytes: 256 },
    });
    expect(facts.weightBytes('q8')).toBe(47_872 + 9_216 + 256);
    expect(reading.bytesRead).toBe(bytes.length); // smaller than one 2 MB range
  });

  it('counts an .onnx from its initializers, inline or in external data', async () => {
    const inline = await readModelFile(
      file(writeDecoderOnnx(config).model as Uint8Array<ArrayBuffer>, 'inline.onnx'),
    );
    const external = await readModelFile(
      file(writeDecoderOnnxExternalModel(config) as Uint8Array<ArrayBuffer>, 'model.onnx'),
    );
    expect(inline.byDtype).toEqual(external.byDtype);
    // The weights, plus the graph's Constant nodes: 1,039 f32 values (attention scale and
    // masked score; the mask's five small values and its 1,024 positions; GELU's four per layer) and
    // 15 int64 shape values.
    const constants = 2 + 5 + config.contextLength + 4 * config.layers;
    expect(constants).toBe(1_039);
    expect(inline.byDtype).toEqual({
      FLOAT: { params: PARAMS + constants, bytes: 4 * (PARAMS + constants) },
      INT64: { params: 15, bytes: 8 * 15 },
    });
    expect(inline.tensors.find((t) => t.name === '/h.0/mlp/gelu/half')).toMatchObject({
      dtype: 'FLOAT',
      params: 1,
    });
    expect(sourceFacts(external.model).params).toBe(PARAMS + constants + 15);
    expect(sourceFacts(external.model).weightBytes('f32')).toBe(4 * (PARAMS + constants) + 8 * 15);
  });
});

const tensor = (dims: number[], dataType: number, rawData: Uint8Array) => ({
  name: 'w',
  dims,
  dataType,
  rawData,
});
const onnxWith = (t: ReturnType<typeof tensor>) =>
  encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: { name: 'g', node: [], initializer: [t as never], input: [], output: [] },
  }) as Uint8Array<ArrayBuffer>;

function safetensorsWith(header: object, dataBytes: number): Uint8Array<ArrayBuffer> {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.length + dataBytes);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  return bytes;
}

describe('readModelUrl', () => {
  it('reads a .gguf at a URL by Range requests, as a file of the user’s', async () => {
    const bytes = tinyGpt2Gguf();
    const hub = await startLocalHub([{ repo: 'someone/tiny', files: { 'tiny.gguf': bytes } }]);
    try {
      const url = `${hub.url}/someone/tiny/resolve/main/tiny.gguf`;
      const reading = await readModelUrl(url);
      expect(reading.model).toMatchObject({ kind: 'file', id: url, format: 'gguf', file: url });
      expect(sourceFacts(reading.model).params).toBe(61_504);
      expect(hub.requests).toEqual([`GET /someone/tiny/resolve/main/tiny.gguf bytes=0-1999999`]);
      await expect(readModelUrl(`${hub.url}/someone/tiny/resolve/main/none.gguf`)).rejects.toThrow(
        'none.gguf: HTTP 404',
      );
      await expect(readModelUrl('https://example.org/model.bin')).rejects.toThrow(
        'https://example.org/model.bin: paramscope reads .gguf files by URL',
      );
    } finally {
      await hub.close();
    }
  });
});

describe('readModelFile on bad files', () => {
  const fails = (bytes: Uint8Array<ArrayBuffer>, name: string) => readModelFile(file(bytes, name));
  const text = (s: string) => new TextEncoder().encode(s);

  it('names a file of a format it does not read', async () => {
    await expect(fails(text('x'), 'weights.bin')).rejects.toThrow(
      'weights.bin: not a model file paramscope reads (.onnx, .safetensors, .gguf)',
    );
  });

  it('refuses an .onnx that is not one, is cut short, lies about sizes or has an unknown type', async () => {
    await expect(fails(text('hello, this is text'), 'a.onnx')).rejects.toThrow(
      /^a\.onnx: not (a valid ONNX protobuf|ONNX: the protobuf has no graph)/,
    );
    const whole = writeDecoderOnnx(config).model as Uint8Array<ArrayBuffer>;
    await expect(fails(whole.slice(0, 100_000), 'cut.onnx')).rejects.toThrow(
      /^cut\.onnx: not a valid ONNX protobuf \(/,
    );
    await expect(
      fails(onnxWith(tensor([4, 4], 1, new Uint8Array(16))), 'lies.onnx'),
    ).rejects.toThrow('lies.onnx: tensor w holds 16 bytes, but FLOAT × [4, 4] is 64');
    await expect(fails(onnxWith(tensor([2], 99, new Uint8Array(2))), 'odd.onnx')).rejects.toThrow(
      'odd.onnx: tensor w has ONNX data type 99, which paramscope does not know',
    );
  });

  it('refuses a .safetensors whose header runs past the end, is cut short or has an unknown dtype', async () => {
    const past = new Uint8Array(16);
    new DataView(past.buffer).setBigUint64(0, 1_000_000n, true);
    await expect(fails(past, 'past.safetensors')).rejects.toThrow(
      'past.safetensors: header length 1000000 runs past the end of the 16-byte file',
    );
    const entry = { dtype: 'F32', shape: [4, 4], data_offsets: [0, 64] };
    await expect(fails(safetensorsWith({ w: entry }, 10), 'cut.safetensors')).rejects.toThrow(
      'cut.safetensors: truncated: tensor w ends at byte 64 of the data, which has 10',
    );
    await expect(
      fails(safetensorsWith({ w: { ...entry, dtype: 'F12' } }, 64), 'odd.safetensors'),
    ).rejects.toThrow('odd.safetensors: tensor w has unknown dtype F12');
    await expect(fails(text('\u0001'), 'tiny.safetensors')).rejects.toThrow(
      'tiny.safetensors: truncated: 1 bytes, too short for the 8-byte header length',
    );
  });
});
