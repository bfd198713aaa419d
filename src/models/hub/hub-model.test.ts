import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countParams } from '../../scaling';
import { ladderModel } from '../ladder';
import { writeGpt2Safetensors } from '../safetensors';
import { sourceFacts } from '../source';
import { readHubModel } from './hub-model';
import { type LocalHub, startLocalHub } from './testing/hub-server';

/** gpt2-3m written as a hub repo, with GPT2Config's own config.json. */
const { config } = ladderModel('gpt2-3m');
const weights = writeGpt2Safetensors(config);
const CONFIG_JSON = JSON.stringify({
  model_type: 'gpt2',
  vocab_size: config.vocabSize,
  n_positions: config.contextLength,
  n_layer: config.layers,
  n_embd: config.dModel,
  n_head: config.heads,
  n_inner: null,
});

describe('readHubModel', () => {
  let hub: LocalHub;
  beforeAll(async () => {
    hub = await startLocalHub([
      {
        repo: 'paramscope/gpt2-3m',
        files: { 'config.json': CONFIG_JSON, 'model.safetensors': weights, 'onnx/model.onnx': 'x' },
      },
      {
        repo: 'paramscope/gpt2-3m',
        revision: 'v2',
        files: { 'config.json': CONFIG_JSON, 'model.safetensors': weights },
      },
      { repo: 'paramscope/bert', files: { 'config.json': '{"model_type":"bert"}' } },
    ]);
  });
  afterAll(() => hub.close());

  it('knows the exact size of a model from its headers, having read a sliver of it', async () => {
    const { model, bytesRead } = await readHubModel({
      repo: 'paramscope/gpt2-3m',
      hubUrl: hub.url,
    });
    expect(model.id).toBe('paramscope/gpt2-3m');
    expect(model.files.map((f) => f.path).sort()).toEqual([
      'config.json',
      'model.safetensors',
      'onnx/model.onnx',
    ]);
    const facts = sourceFacts(model);
    expect(facts.params).toBe(countParams(config).total); // 3,382,080
    expect(facts.params).toBe(3_382_080);
    expect(facts.config).toEqual(config);
    expect(facts.weightBytes('f32')).toBe(4 * 3_382_080);
    expect(facts.weightBytes('f16')).toBeNull(); // the repo publishes f32 only
    expect(facts.largestTensor('f32')).toEqual({
      name: 'transformer.wte.weight',
      bytes: 50257 * 64 * 4,
    });
    // The header and config, not the 13.5 MB of weights.
    expect(bytesRead).toBeGreaterThan(0);
    expect(bytesRead).toBeLessThan(weights.length / 100);
    expect(hub.requests.some((r) => r.includes('model.safetensors') && r.includes('bytes='))).toBe(
      true,
    );
  });

  it('names a revision off main in the id', async () => {
    const { model } = await readHubModel({
      repo: 'paramscope/gpt2-3m',
      revision: 'v2',
      hubUrl: hub.url,
    });
    expect(model.id).toBe('paramscope/gpt2-3m@v2');
    expect(model.revision).toBe('v2');
    expect(model.files.map((f) => f.path).sort()).toEqual(['config.json', 'model.safetensors']);
  });

  it('says which architecture it cannot read', async () => {
    await expect(readHubModel({ repo: 'paramscope/bert', hubUrl: hub.url })).rejects.toThrow(
      'paramscope/bert: config.json describes model_type bert, which paramscope does not read yet',
    );
  });
});
