import { describe, expect, it } from 'vitest';
import { countParams } from '../scaling';
import { ladderModel } from './ladder';
import { type HubModel, requireSynthetic, sourceFacts } from './source';

describe('sourceFacts', () => {
  it('tells a ladder model exactly, before anything is generated', () => {
    const facts = sourceFacts(ladderModel('gpt2-124m'));
    expect(facts.params).toBe(124_439_808);
    expect(facts.contextLength).toBe(1024);
    expect(facts.vocabSize).toBe(50257);
    expect(facts.weightBytes('f32')).toBe(4 * 124_439_808);
    // f16 halves the matrices; the vector parameters (biases, norms) stay 4 bytes.
    const vectors = 121_344; // 12 × (2·768 + 3·768 + 768 + 2·768 + 4·768 + 768) + 2·768
    expect(facts.weightBytes('f16')).toBe(2 * (124_439_808 - vectors) + 4 * vectors);
    expect(facts.largestTensor('f32')).toEqual({
      name: 'transformer.wte.weight',
      bytes: 50257 * 768 * 4,
    });
    expect(facts.largestTensor('f16')?.bytes).toBe(50257 * 768 * 2);
  });

  it('gives what a hub source read from its headers, and null for what it did not', () => {
    const config = ladderModel('gpt2-3m').config;
    const hub: HubModel = {
      kind: 'hub',
      id: 'someone/tiny',
      repo: 'someone/tiny',
      revision: 'main',
      hubUrl: 'https://huggingface.co',
      files: [{ path: 'model.safetensors', bytes: 1000 }],
      facts: {
        params: countParams(config).total,
        config,
        contextLength: 1024,
        vocabSize: 50257,
        weightBytes: { f32: 4 * countParams(config).total },
        largestTensor: { f32: { name: 'transformer.wte.weight', bytes: 50257 * 64 * 4 } },
      },
    };
    const facts = sourceFacts(hub);
    expect(facts.params).toBe(3_382_080);
    expect(facts.weightBytes('f32')).toBe(13_528_320);
    expect(facts.weightBytes('q4')).toBeNull();
    expect(facts.largestTensor('f16')).toBeNull();
    expect(() => requireSynthetic(hub, 'our engine')).toThrow(
      'our engine runs models generated in the page, not a model hub model (someone/tiny)',
    );
  });
});
