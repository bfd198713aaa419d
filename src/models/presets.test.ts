import { describe, expect, it } from 'vitest';
import { countParams, formatCount, validateConfig } from '../scaling';
import { isPresetId, LADDER_IDS, PRESETS, type PresetId } from './presets';

describe('PRESETS', () => {
  // Released checkpoints: the count of the config must equal the published one exactly.
  it.each([
    ['gpt2-124m', 124_439_808],
    ['gpt2-355m', 354_823_168],
    ['gpt2-774m', 774_030_080],
    ['gpt2-1.5b', 1_557_611_200],
    ['distilgpt2', 81_912_576],
    ['bert-base', 109_482_240],
    ['bert-large', 335_141_888],
    ['distilbert-base', 66_362_880],
    ['llama-2-7b', 6_738_415_616],
    ['llama-2-13b', 13_015_864_320],
    ['llama-2-70b', 68_976_648_192],
    ['mistral-7b', 7_241_732_096],
    ['tinyllama-1.1b', 1_100_048_384],
    ['mixtral-8x7b', 46_702_792_704],
  ] as const)('%s has exactly %d parameters', (id, total) => {
    const preset = PRESETS[id];
    expect(countParams(preset.config).total).toBe(total);
    expect(preset.publishedTotal).toBe(total);
  });

  it('gives Mixtral 8x7B its published 12,879,925,248 active parameters', () => {
    const mixtral = PRESETS['mixtral-8x7b'];
    expect(countParams(mixtral.config).active).toBe(12_879_925_248);
    expect(mixtral.publishedActive).toBe(12_879_925_248);
  });

  it('counts GPT-3 175B as 174,604,259,328, which rounds to the published 175B', () => {
    // 96 · (12 · 12288² + 13 · 12288) + 50257 · 12288 + 2048 · 12288 + 2 · 12288.
    const d = 12288;
    const expected = 96 * (12 * d * d + 13 * d) + 50257 * d + 2048 * d + 2 * d;
    const { total } = countParams(PRESETS['gpt-3-175b'].config);
    expect(total).toBe(expected);
    expect(total).toBe(174_604_259_328);
    expect(Math.round(total / 1e9)).toBe(175);
  });

  it('makes the ladder ascend with the sizes in ARCHITECTURE.md', () => {
    expect(LADDER_IDS).toEqual([
      'gpt2-3m',
      'gpt2-7m',
      'gpt2-18m',
      'gpt2-51m',
      'gpt2-124m',
      'gpt2-355m',
      'gpt2-774m',
      'gpt2-1.5b',
    ]);
    const totals = LADDER_IDS.map((id) => countParams(PRESETS[id].config).total);
    for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeGreaterThan(totals[i - 1]!);
    expect(totals.slice(0, 4)).toEqual([3_382_080, 7_357_312, 17_867_008, 51_475_968]);
    expect(totals.slice(0, 4).map((n) => formatCount(n))).toEqual([
      '3.38M',
      '7.36M',
      '17.9M',
      '51.5M',
    ]);
    for (const id of LADDER_IDS) {
      const { config } = PRESETS[id];
      expect(config.family).toBe('gpt2');
      expect(config.vocabSize).toBe(50257);
      expect(config.contextLength).toBe(1024);
    }
  });

  it('keys every preset by its id, with a source and a valid config', () => {
    for (const [key, preset] of Object.entries(PRESETS)) {
      expect(preset.id).toBe(key);
      expect(preset.source.length).toBeGreaterThan(10);
      expect(validateConfig(preset.config)).toEqual([]);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(PRESETS)).toBe(true);
    expect(Object.isFrozen(PRESETS['gpt2-124m'].config)).toBe(true);
  });

  it('recognises preset ids', () => {
    expect(isPresetId('llama-2-7b')).toBe(true);
    expect(isPresetId('toString')).toBe(false);
    const id: PresetId = 'gpt2-3m';
    expect(isPresetId(id)).toBe(true);
  });
});
