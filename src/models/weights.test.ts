import { describe, expect, it } from 'vitest';
import { countParams, gpt2Config, llamaConfig } from '../scaling';
import { LADDER_IDS, PRESETS } from './presets';
import {
  CHECKING_WEIGHT_INIT,
  elementCount,
  GPT2_WEIGHT_INIT,
  generateTensor,
  generateWeights,
  materializeWeights,
  requireGpt2Config,
  tensorSpecs,
} from './weights';

const small = gpt2Config({ layers: 2, dModel: 64, heads: 2, vocabSize: 300, contextLength: 32 });

function spec(name: string, config = small, init = GPT2_WEIGHT_INIT) {
  const found = tensorSpecs(config, init).find((s) => s.name === name);
  if (found === undefined) throw new Error(`no ${name}`);
  return found;
}

describe('tensorSpecs', () => {
  it.each(LADDER_IDS)('%s: element counts sum to countParams exactly', (id) => {
    const config = requireGpt2Config(PRESETS[id].config);
    const total = tensorSpecs(config).reduce((sum, s) => sum + elementCount(s.shape), 0);
    expect(total).toBe(countParams(config).total);
  });

  it('adds lm_head.weight (V, d) only for an untied head, and still matches countParams', () => {
    const untied = gpt2Config({ layers: 3, dModel: 96, heads: 3, tiedEmbeddings: false });
    const specs = tensorSpecs(untied);
    expect(specs.at(-1)).toMatchObject({ name: 'lm_head.weight', shape: [50257, 96] });
    expect(specs.reduce((sum, s) => sum + elementCount(s.shape), 0)).toBe(
      countParams(untied).total,
    );
    expect(tensorSpecs(small).some((s) => s.name === 'lm_head.weight')).toBe(false);
  });

  it("names and shapes tensors as HF GPT2LMHeadModel's state dict (Conv1D weights are (in, out))", () => {
    const names = tensorSpecs(small).map((s) => `${s.name} ${s.shape.join('x')}`);
    expect(names.slice(0, 14)).toEqual([
      'transformer.wte.weight 300x64',
      'transformer.wpe.weight 32x64',
      'transformer.h.0.ln_1.weight 64',
      'transformer.h.0.ln_1.bias 64',
      'transformer.h.0.attn.c_attn.weight 64x192',
      'transformer.h.0.attn.c_attn.bias 192',
      'transformer.h.0.attn.c_proj.weight 64x64',
      'transformer.h.0.attn.c_proj.bias 64',
      'transformer.h.0.ln_2.weight 64',
      'transformer.h.0.ln_2.bias 64',
      'transformer.h.0.mlp.c_fc.weight 64x256',
      'transformer.h.0.mlp.c_fc.bias 256',
      'transformer.h.0.mlp.c_proj.weight 256x64',
      'transformer.h.0.mlp.c_proj.bias 64',
    ]);
    expect(names.slice(-2)).toEqual(['transformer.ln_f.weight 64', 'transformer.ln_f.bias 64']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('uses std 0.02, and 0.02/√(2·n_layer) for the residual projections (nanoGPT)', () => {
    expect(spec('transformer.wte.weight').std).toBe(0.02);
    expect(spec('transformer.h.1.attn.c_attn.weight').std).toBe(0.02);
    expect(spec('transformer.h.1.attn.c_proj.weight').std).toBeCloseTo(0.02 / Math.sqrt(4), 15);
    expect(spec('transformer.h.0.mlp.c_proj.weight').std).toBeCloseTo(0.01, 15);
    expect(spec('transformer.h.0.ln_1.weight')).toMatchObject({ mean: 1, std: 0 });
    expect(spec('transformer.h.0.attn.c_attn.bias')).toMatchObject({ mean: 0, std: 0 });
  });
});

describe('generateTensor', () => {
  it('gives the same values on every platform (golden values)', () => {
    const cAttn = spec(
      'transformer.h.0.attn.c_attn.weight',
      requireGpt2Config(PRESETS['gpt2-3m'].config),
    );
    expect(Array.from(generateTensor(cAttn, 0).subarray(0, 4))).toEqual([
      -0.002759566530585289, -0.021770775318145752, 0.021473636850714684, 0.00358534324914217,
    ]);
  });

  it('makes one tensor alone, in any order, the same as the full pass does', () => {
    const all = [...generateWeights(small, CHECKING_WEIGHT_INIT)];
    const reversed = tensorSpecs(small, CHECKING_WEIGHT_INIT).reverse();
    for (const s of reversed) {
      const alone = generateTensor(s, CHECKING_WEIGHT_INIT.seed);
      expect(alone).toEqual(all.find((t) => t.name === s.name)?.data);
    }
  });

  it('writes into a buffer it is given, and checks its size', () => {
    const s = spec('transformer.h.0.mlp.c_fc.bias', small, CHECKING_WEIGHT_INIT);
    const out = new Float32Array(256);
    expect(generateTensor(s, 1, out)).toBe(out);
    expect(out).toEqual(generateTensor(s, 1));
    expect(() => generateTensor(s, 1, new Float32Array(10))).toThrow(
      /holds 10 values, the tensor has 256/,
    );
  });

  it('draws N(0, 0.02²) weights, different per tensor and per seed', () => {
    const wte = generateTensor(spec('transformer.wte.weight'), 0);
    const mean = wte.reduce((s, x) => s + x, 0) / wte.length;
    const std = Math.sqrt(wte.reduce((s, x) => s + (x - mean) ** 2, 0) / wte.length);
    expect(Math.abs(mean)).toBeLessThan(0.001);
    expect(std).toBeCloseTo(0.02, 3);
    const otherSeed = generateTensor(spec('transformer.wte.weight'), 1);
    expect(otherSeed[0]).not.toBe(wte[0]);
    const fc0 = generateTensor(spec('transformer.h.0.mlp.c_fc.weight'), 0);
    const fc1 = generateTensor(spec('transformer.h.1.mlp.c_fc.weight'), 0);
    expect(fc0[0]).not.toBe(fc1[0]);
  });

  it('keeps GPT-2 constants under GPT-2 init and perturbs them under the checking init', () => {
    const ln = generateTensor(spec('transformer.ln_f.weight'), 0);
    expect(ln.every((x) => x === 1)).toBe(true);
    const checkingLn = generateTensor(
      spec('transformer.ln_f.weight', small, CHECKING_WEIGHT_INIT),
      1,
    );
    expect(checkingLn.some((x) => x !== 1)).toBe(true);
    const checkingBias = generateTensor(
      spec('transformer.h.0.attn.c_attn.bias', small, CHECKING_WEIGHT_INIT),
      1,
    );
    expect(checkingBias.every((x) => x !== 0)).toBe(true);
  });
});

describe('materializeWeights', () => {
  it('holds every tensor of a small model under its name', () => {
    const weights = materializeWeights(small);
    expect(weights.tensors.size).toBe(tensorSpecs(small).length);
    expect(weights.tensors.get('transformer.wpe.weight')?.length).toBe(32 * 64);
  });

  it('refuses a config of another family', () => {
    expect(() => requireGpt2Config(llamaConfig({ layers: 2, dModel: 64, heads: 2 }))).toThrow(
      /'llama'/,
    );
  });
});
