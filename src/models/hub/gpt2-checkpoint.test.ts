import { describe, expect, it } from 'vitest';
import { gpt2Config } from '../../scaling';
import { roundToHalf } from '../../scaling/half';
import { readSafetensors, writeSafetensors } from '../safetensors';
import { CHECKING_WEIGHT_INIT, materializeWeights, tensorSpecs } from '../weights';
import {
  checkpointParams,
  Gpt2CheckpointError,
  gpt2ConfigJson,
  readGpt2Checkpoint,
  writeGpt2Checkpoint,
} from './gpt2-checkpoint';
import { architectureFromConfig } from './hub-config';

const config = gpt2Config({ layers: 2, dModel: 16, heads: 2, vocabSize: 37, contextLength: 12 });
const weights = materializeWeights(config, CHECKING_WEIGHT_INIT);

describe('GPT-2 checkpoints in the hub layout', () => {
  it('names tensors as the hub GPT-2 files do, Conv1D weights (in, out)', () => {
    const names = [...readSafetensors(writeGpt2Checkpoint(weights)).tensors.keys()];
    expect(names.slice(0, 6)).toEqual([
      'wte.weight',
      'wpe.weight',
      'h.0.ln_1.weight',
      'h.0.ln_1.bias',
      'h.0.attn.c_attn.weight',
      'h.0.attn.c_attn.bias',
    ]);
    expect(names.at(-1)).toBe('ln_f.bias');
    const qkv = readSafetensors(writeGpt2Checkpoint(weights)).tensors.get('h.1.attn.c_attn.weight');
    expect(qkv?.shape).toEqual([16, 48]);
    expect(qkv?.dtype).toBe('F32');
  });

  it('reads back every value of an f32 file, with or without the transformer. prefix', () => {
    for (const prefixed of [false, true]) {
      const read = readGpt2Checkpoint(writeGpt2Checkpoint(weights, { prefixed }), config);
      expect([...read.tensors.keys()]).toEqual(tensorSpecs(config).map((s) => s.name));
      for (const [name, values] of weights.tensors) expect(read.tensors.get(name)).toEqual(values);
    }
  });

  it('holds an f32 file’s tensors as views into it: a checkpoint costs its bytes once', () => {
    const file = writeGpt2Checkpoint(weights);
    const read = readGpt2Checkpoint(file, config);
    for (const values of read.tensors.values()) expect(values.buffer).toBe(file.buffer);
  });

  it('reads an f16 file as the f16-rounded values', () => {
    const file = writeGpt2Checkpoint(weights, { dtype: 'F16' });
    expect(readSafetensors(file).tensors.get('wte.weight')?.dtype).toBe('F16');
    const read = readGpt2Checkpoint(file, config);
    for (const [name, values] of weights.tensors) {
      expect(read.tensors.get(name)).toEqual(roundToHalf(values));
    }
  });

  it('skips the causal-mask buffers, which are not parameters', () => {
    const file = writeGpt2Checkpoint(weights, { maskBuffers: true });
    const mask = readSafetensors(file).tensors.get('h.0.attn.bias');
    expect(mask?.shape).toEqual([1, 1, 12, 12]);
    const read = readGpt2Checkpoint(file, config);
    expect(read.tensors.has('transformer.h.0.attn.bias')).toBe(false);
    // The tied GPT-2 count (src/scaling/params.ts), not the count with the buffers.
    expect(checkpointParams(read)).toBe(
      tensorSpecs(config).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0),
    );
  });

  it('reads an untied head when the config has one', () => {
    const untied = gpt2Config({
      layers: 1,
      dModel: 8,
      heads: 2,
      vocabSize: 11,
      contextLength: 4,
      tiedEmbeddings: false,
    });
    const own = materializeWeights(untied, CHECKING_WEIGHT_INIT);
    const read = readGpt2Checkpoint(writeGpt2Checkpoint(own), untied);
    expect(read.tensors.get('lm_head.weight')).toEqual(own.tensors.get('lm_head.weight'));
  });

  it('names the tensor whose shape disagrees with the config', () => {
    const wider = gpt2Config({ ...config, dModel: 32 });
    expect(() => readGpt2Checkpoint(writeGpt2Checkpoint(weights), wider)).toThrow(
      'wte.weight has shape [37, 16], the config needs [37, 32]',
    );
  });

  it('names the tensors a checkpoint lacks, and a tensor no GPT-2 of the config has', () => {
    const deeper = gpt2Config({ ...config, layers: 3 });
    expect(() => readGpt2Checkpoint(writeGpt2Checkpoint(weights), deeper)).toThrow(
      /lacks 12 tensors of its config: h\.2\.ln_1\.weight/,
    );
    const shallower = gpt2Config({ ...config, layers: 1 });
    expect(() => readGpt2Checkpoint(writeGpt2Checkpoint(weights), shallower)).toThrow(
      'h.1.ln_1.weight is not a tensor of a GPT-2 with 1 layers and a tied head',
    );
  });

  it('refuses a dtype it does not read, naming the tensor', () => {
    const file = writeSafetensors([
      { name: 'wte.weight', dtype: 'I32', shape: [37, 16], data: new Int32Array(37 * 16) },
    ]);
    expect(() => readGpt2Checkpoint(file, config)).toThrow(Gpt2CheckpointError);
    expect(() => readGpt2Checkpoint(file, config)).toThrow('wte.weight is I32');
  });
});

describe('gpt2ConfigJson', () => {
  it('is read back to the same config', () => {
    expect(architectureFromConfig(gpt2ConfigJson(config))).toEqual(config);
    const untied = gpt2Config({
      layers: 1,
      dModel: 8,
      heads: 2,
      ffnDim: 24,
      tiedEmbeddings: false,
    });
    expect(architectureFromConfig(gpt2ConfigJson(untied))).toEqual(untied);
  });
});
