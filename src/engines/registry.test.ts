import { afterAll, describe, expect, it } from 'vitest';
import { nodeProvider } from '../gpu/testing/dawn';
import { OrtEngine } from './ort/ort-engine';
import {
  createEngine,
  ENGINE_IDS,
  ENGINE_PRECISIONS,
  ENGINES,
  isEngineId,
  unsupportedPrecision,
} from './registry';
import { WgslEngine } from './wgsl/wgsl-engine';

describe('the engine table', () => {
  it('has one entry per id, keyed by its own id', () => {
    for (const id of ENGINE_IDS) expect(ENGINES[id].id).toBe(id);
    expect(ENGINE_IDS.filter((id) => ENGINES[id].usesGpu)).toEqual([
      'wgsl',
      'ort-webgpu',
      'hub-webgpu',
    ]);
    // Our engine runs a hub repo's GPT-2 checkpoint; the hub engines run any repo's ONNX.
    expect(ENGINE_IDS.filter((id) => ENGINES[id].sources.includes('hub'))).toEqual([
      'wgsl',
      'hub-webgpu',
      'hub-wasm',
    ]);
    expect(isEngineId('ort-wasm')).toBe(true);
    expect(isEngineId('tvm')).toBe(false);
  });

  it('lists every precision some engine holds, and says why the others refuse one', () => {
    // q8 and q4: the transformers.js engines run a hub repo's q8 and q4 exports.
    expect(ENGINE_PRECISIONS).toEqual(['f32', 'f16', 'q8', 'q4']);
    expect(unsupportedPrecision('hub-wasm', 'bf16')).toBe(
      'bf16 weights are not an ONNX export transformers.js loads',
    );
    expect(unsupportedPrecision('wgsl', 'f16')).toBeNull();
    expect(unsupportedPrecision('ort-webgpu', 'q4')).toBeNull();
    expect(unsupportedPrecision('ort-webgpu', 'q8')).toMatch(
      /^q8 weights are not run by onnxruntime-web's WebGPU EP \(JSEP\) on our decoder: its MatMulNBits takes 2- and 4-bit blocks only/,
    );
    expect(unsupportedPrecision('ort-wasm', 'bf16')).toBe(
      "bf16 weights are not a precision our ONNX writer writes the ladder's decoder in",
    );
    expect(unsupportedPrecision('wgsl', 'q4')).toBeNull();
    expect(unsupportedPrecision('wgsl', 'bf16')).toBe(
      'bf16 weights are not held by our engine: it holds f32, f16, q8 and q4',
    );
  });

  describe('createEngine', () => {
    const gpu = nodeProvider();
    afterAll(() => gpu.destroyDevice());

    it('makes the engine of the entry, holding the precision asked for', async () => {
      const engine = await createEngine('wgsl', { gpu }, 'f16');
      expect(engine).toBeInstanceOf(WgslEngine);
      expect((engine as WgslEngine).dtype).toBe('f16');
    });

    it('makes the ORT engines at the precision of the graph they will run', async () => {
      const engine = await createEngine('ort-wasm', { gpu }, 'q4');
      expect(engine).toBeInstanceOf(OrtEngine);
      expect((engine as OrtEngine).dtype).toBe('q4');
    });

    it('never makes an engine with weights it cannot hold', async () => {
      await expect(createEngine('ort-wasm', { gpu }, 'bf16')).rejects.toThrow(
        /^ort-wasm: bf16 weights are not a precision our ONNX writer writes/,
      );
    });
  });
});
