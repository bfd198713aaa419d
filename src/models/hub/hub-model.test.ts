import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countParams } from '../../scaling';
import { ladderModel } from '../ladder';
import { writeGpt2Safetensors, writeSafetensors } from '../safetensors';
import { sourceFacts } from '../source';
import { generateWeights } from '../weights';
import { readHubModel } from './hub-model';
import { gpt2ConfigJson } from './testing/gpt2-config-json';
import { type LocalHub, startLocalHub } from './testing/hub-server';

/** gpt2-3m written as a hub repo, with GPT2Config's own config.json. */
const { config } = ladderModel('gpt2-3m');
const weights = writeGpt2Safetensors(config);
const CONFIG_JSON = gpt2ConfigJson(config);

/** gpt2-3m in two f16 shards, with the index that names which shard holds each tensor. */
function shardedF16(): Record<string, Uint8Array | string> {
  const tensors = [...generateWeights(config)].map((t) => ({
    name: t.name,
    dtype: 'F16' as const,
    shape: t.shape,
    data: new Uint16Array(t.data.length), // zeros: only the header is read
  }));
  const half = Math.ceil(tensors.length / 2);
  const names = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
  const shards = [tensors.slice(0, half), tensors.slice(half)];
  const weightMap = Object.fromEntries(shards.flatMap((s, i) => s.map((t) => [t.name, names[i]])));
  return {
    'config.json': CONFIG_JSON,
    'model.safetensors.index.json': JSON.stringify({ metadata: {}, weight_map: weightMap }),
    [names[0]!]: writeSafetensors(shards[0]!),
    [names[1]!]: writeSafetensors(shards[1]!),
  };
}

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
      { repo: 'paramscope/gpt2-3m-sharded', files: shardedF16() },
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

  it('reads every shard of a sharded model through its index', async () => {
    const { model } = await readHubModel({ repo: 'paramscope/gpt2-3m-sharded', hubUrl: hub.url });
    const facts = sourceFacts(model);
    expect(facts.params).toBe(3_382_080);
    expect(facts.weightBytes('f16')).toBe(2 * 3_382_080);
    expect(facts.weightBytes('f32')).toBeNull();
    expect(facts.largestTensor('f16')).toEqual({
      name: 'transformer.wte.weight',
      bytes: 50257 * 64 * 2,
    });
  });

  it('says which architecture it cannot read', async () => {
    await expect(readHubModel({ repo: 'paramscope/bert', hubUrl: hub.url })).rejects.toThrow(
      'paramscope/bert: config.json describes model_type bert, which paramscope does not read yet',
    );
  });
});
