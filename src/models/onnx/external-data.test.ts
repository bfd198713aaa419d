/**
 * External data: forced on a small model by a threshold of 0 bytes, loaded in onnxruntime-web
 * through `externalData`, and checked to compute what the inline model computes.
 */
import { describe, expect, it } from 'vitest';
import { gpt2Config } from '../../scaling';
import { CHECKING_WEIGHT_INIT, generateTensor, modelWeightBytes, tensorSpecs } from '../weights';
import { createWasmSession, runDecoder } from './ort-harness';
import { DataLocation, decodeModel } from './schema';
import {
  externalDataLayout,
  gpt2ExternalDataChunks,
  writeDecoderOnnx,
  writeDecoderOnnxExternalModel,
} from './write-gpt2';

const config = gpt2Config({ layers: 2, dModel: 32, heads: 4, vocabSize: 301, contextLength: 64 });
const init = CHECKING_WEIGHT_INIT;

function concat(chunks: Iterable<Uint8Array>): Uint8Array {
  const parts = [...chunks];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

describe('ONNX external data', () => {
  const inline = writeDecoderOnnx(config, { init });
  const external = writeDecoderOnnx(config, { init, externalDataThreshold: 0 });

  it('keeps small models inline under the default 2 GiB threshold', () => {
    expect(inline.externalData).toBeUndefined();
  });

  it('moves every weight out of the .onnx, with location, 4096-aligned offset and length', () => {
    expect(external.externalData?.location).toBe('model.onnx.data');
    const model = decodeModel(external.model);
    const specs = tensorSpecs(config, init);
    for (const spec of specs) {
      const tensor = model.graph.initializer.find((t) => t.name === spec.name);
      expect(tensor?.dataLocation).toBe(DataLocation.EXTERNAL);
      expect(tensor?.rawData).toBeUndefined();
      const entries = Object.fromEntries((tensor?.externalData ?? []).map((e) => [e.key, e.value]));
      expect(entries.location).toBe('model.onnx.data');
      expect(Number(entries.offset) % 4096).toBe(0);
      // The bytes at offset/length are exactly that tensor's float32 values.
      const bytes = external.externalData!.data.subarray(
        Number(entries.offset),
        Number(entries.offset) + Number(entries.length),
      );
      expect(new Float32Array(bytes.slice().buffer)).toEqual(generateTensor(spec, init.seed));
    }
    // The .onnx lost the weights and gained ~60 bytes of external_data entries per tensor.
    expect(external.model.length).toBeLessThan(
      inline.model.length - modelWeightBytes(config) + 100 * specs.length,
    );
  });

  it('streams the same file and model as it writes in memory', () => {
    expect(concat(gpt2ExternalDataChunks(config, init))).toEqual(external.externalData!.data);
    expect(writeDecoderOnnxExternalModel(config, { init })).toEqual(external.model);
    const slots = externalDataLayout(tensorSpecs(config, init));
    expect(slots[1]!.offset).toBe(Math.ceil((301 * 32 * 4) / 4096) * 4096);
  });

  it('loads in onnxruntime-web and gives the inline model’s logits and cache', async () => {
    const withExternal = await createWasmSession(external.model, {
      path: external.externalData!.location,
      data: external.externalData!.data,
    });
    const withInline = await createWasmSession(inline.model);
    const prompt = [[7, 300, 12, 0, 150]];
    const a = await runDecoder(withExternal, config, prompt, undefined);
    const b = await runDecoder(withInline, config, prompt, undefined);
    expect(a.logits).toEqual(b.logits);
    const stepA = await runDecoder(withExternal, config, [[42]], a.present);
    const stepB = await runDecoder(withInline, config, [[42]], b.present);
    expect(stepA.logits).toEqual(stepB.logits);
    await withExternal.release();
    await withInline.release();
  });

  it('names the external file as asked', () => {
    const named = writeDecoderOnnx(config, {
      init,
      externalDataThreshold: 0,
      externalDataLocation: 'weights.bin',
    });
    expect(named.externalData?.location).toBe('weights.bin');
  });
});
