import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFY_TOLERANCE, verifyEngine } from '../../bench/verify';
import { nodeProvider } from '../../gpu/testing/dawn';
import { checkpointFileModel } from '../../models/hub/checkpoint-file';
import { writeGpt2Checkpoint } from '../../models/hub/gpt2-checkpoint';
import { readHubModel } from '../../models/hub/hub-model';
import { gpt2ConfigJson } from '../../models/hub/testing/gpt2-config-json';
import { type LocalHub, startLocalHub } from '../../models/hub/testing/hub-server';
import type { FileModel } from '../../models/source';
import { CHECKING_WEIGHT_INIT, materializeWeights } from '../../models/weights';
import { countParams, gpt2Config } from '../../scaling';
import { WgslEngine } from './wgsl-engine';

/** A tiny GPT-2 whose every bias and norm is nonzero, written as the hub's GPT-2 repos are. */
const config = gpt2Config({ layers: 2, dModel: 64, heads: 4, vocabSize: 300, contextLength: 32 });
const weights = materializeWeights(config, CHECKING_WEIGHT_INIT);
const CONFIG_JSON = gpt2ConfigJson(config);

/** Our engine on real checkpoints in the hub's layout, on Dawn + SwiftShader in Node. */
describe('WgslEngine on a GPT-2 checkpoint', () => {
  const gpu = nodeProvider();
  let hub: LocalHub;
  beforeAll(async () => {
    hub = await startLocalHub([
      {
        repo: 'paramscope/ckpt-f32',
        files: {
          'config.json': CONFIG_JSON,
          // As openai-community/gpt2 stores it: no prefix, the causal-mask buffers beside.
          'model.safetensors': writeGpt2Checkpoint(weights, { maskBuffers: true }),
        },
      },
      {
        repo: 'paramscope/ckpt-f16',
        files: {
          'config.json': CONFIG_JSON,
          'model.safetensors': writeGpt2Checkpoint(weights, { dtype: 'F16', prefixed: true }),
        },
      },
      {
        repo: 'paramscope/ckpt-wrong-config',
        files: {
          'config.json': gpt2ConfigJson({ ...config, dModel: 32, heads: 2 }),
          'model.safetensors': writeGpt2Checkpoint(weights),
        },
      },
    ]);
  });
  afterAll(async () => {
    gpu.destroyDevice();
    await hub.close();
  });

  const hubModel = async (repo: string) => (await readHubModel({ repo, hubUrl: hub.url })).model;

  it('counts the parameters of the checkpoint, not its mask buffers', async () => {
    const model = await hubModel('paramscope/ckpt-f32');
    expect(model.facts.params).toBe(countParams(config).total);
    expect(model.facts.weightBytes.f32).toBe(4 * countParams(config).total);
  });

  it('runs a hub repo’s f32 checkpoint as the CPU reference does: prefill and 8 steps', async () => {
    const report = await verifyEngine(
      await hubModel('paramscope/ckpt-f32'),
      new WgslEngine(gpu, { flags: { validate: true } }),
    );
    expect(report.model).toBe('paramscope/ckpt-f32');
    expect(report.steps).toHaveLength(9);
    expect(report.maxAbsDiff).toBeLessThanOrEqual(VERIFY_TOLERANCE);
    expect(report.steps.every((s) => s.sameToken)).toBe(true);
    expect(hub.requests).toContain('GET /paramscope/ckpt-f32/resolve/main/model.safetensors');
  });

  it('runs an f16 checkpoint held in f16, and a dropped .safetensors file', async () => {
    const f16 = await verifyEngine(
      await hubModel('paramscope/ckpt-f16'),
      new WgslEngine(gpu, { dtype: 'f16' }),
      { dtype: 'f16' },
    );
    expect(f16.pass).toBe(true);
    const bytes = writeGpt2Checkpoint(weights, { maskBuffers: true });
    const file = await checkpointFileModel(
      'dropped.safetensors',
      new Blob([bytes.slice().buffer as ArrayBuffer]),
      JSON.parse(CONFIG_JSON),
    );
    expect(file.facts).toEqual((await hubModel('paramscope/ckpt-f32')).facts);
    const report = await verifyEngine(file, new WgslEngine(gpu), { decodeSteps: 4 });
    expect(report.pass).toBe(true);
  });

  it('names the file and the reason when the checkpoint is bad', async () => {
    await expect(
      new WgslEngine(gpu).prepare(await hubModel('paramscope/ckpt-wrong-config')),
    ).rejects.toThrow(
      'paramscope/ckpt-wrong-config/model.safetensors: wte.weight has shape [300, 64], the config needs [300, 32]',
    );
    const html = new Blob(['<!doctype html><p>sign in</p>']);
    await expect(
      checkpointFileModel('saved-page.safetensors', html, JSON.parse(CONFIG_JSON)),
    ).rejects.toThrow(
      /^saved-page\.safetensors: header length \d+ runs past the end of the 29-byte file$/,
    );
    const base = await hubModel('paramscope/ckpt-f32');
    const page: FileModel = {
      kind: 'file',
      id: 'saved-page.safetensors',
      format: 'safetensors',
      file: html,
      facts: base.facts,
    };
    await expect(new WgslEngine(gpu).prepare(page)).rejects.toThrow(
      /^saved-page\.safetensors: header length \d+ runs past the end of the 29-byte file$/,
    );
    await expect(new WgslEngine(gpu).prepare({ ...page, format: 'gguf' })).rejects.toThrow(
      'saved-page.safetensors: our engine reads GPT-2 checkpoints in .safetensors, not .gguf',
    );
  });
});
