/**
 * The calculator's count of what each engine holds (src/scaling/held.ts, from the
 * architecture) against the engines' own count (tensor by tensor over the state dict, in the
 * layout they upload or write): equal, byte for byte, for every size of the ladder.
 */
import { describe, expect, it } from 'vitest';
import { LADDER_IDS, PRESETS } from '../models';
import { DECODER_DTYPES, decoderWeightBytes } from '../models/onnx/decoder-dtype';
import { gpt2HeldBytes } from '../scaling';
import { ENGINES } from './registry';
import { WGSL_PRECISIONS, wgslWeightBytes } from './wgsl/gpt2-weights';

describe("the calculator's held bytes and the engines' agree for the ladder", () => {
  for (const id of LADDER_IDS) {
    const { config } = PRESETS[id];
    if (config.family !== 'gpt2') throw new Error(`${id} is not a GPT-2`);

    it(`${id}: our engine at ${WGSL_PRECISIONS.join(', ')}`, () => {
      const holding = ENGINES.wgsl.holding;
      if (!holding) throw new Error('our engine has no holding convention');
      for (const dtype of WGSL_PRECISIONS) {
        expect(gpt2HeldBytes(config, dtype, holding), dtype).toBe(wgslWeightBytes(config, dtype));
      }
    });

    it(`${id}: our ONNX decoder for onnxruntime-web at ${DECODER_DTYPES.join(', ')}`, () => {
      for (const engine of ['ort-webgpu', 'ort-wasm'] as const) {
        const holding = ENGINES[engine].holding;
        if (!holding) throw new Error(`${engine} has no holding convention`);
        for (const dtype of ENGINES[engine].precisions) {
          if (!(DECODER_DTYPES as readonly string[]).includes(dtype)) throw new Error(dtype);
          const expected = decoderWeightBytes(config, dtype as (typeof DECODER_DTYPES)[number]);
          expect(gpt2HeldBytes(config, dtype, holding), `${engine} ${dtype}`).toBe(expected);
        }
      }
    });
  }
});
