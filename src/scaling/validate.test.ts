import { describe, expect, it } from 'vitest';
import { type ArchitectureConfig, gpt2Config, llamaConfig, moeConfig } from './config';
import { validateConfig } from './validate';

function fieldsOf(config: ArchitectureConfig): string[] {
  return validateConfig(config).map((e) => e.field);
}

describe('validateConfig', () => {
  it('accepts a sound config', () => {
    expect(validateConfig(gpt2Config({ layers: 12, dModel: 768, heads: 12 }))).toEqual([]);
  });

  it('rejects negative, zero, fractional and non-finite sizes at their field', () => {
    expect(fieldsOf(gpt2Config({ layers: -1, dModel: 768, heads: 12 }))).toEqual(['layers']);
    expect(fieldsOf(gpt2Config({ layers: 0, dModel: 768, heads: 12 }))).toEqual(['layers']);
    expect(fieldsOf(gpt2Config({ layers: 2.5, dModel: 768, heads: 12 }))).toEqual(['layers']);
    expect(fieldsOf(gpt2Config({ layers: 2, dModel: Number.NaN, heads: 12 }))).toContain('dModel');
    expect(fieldsOf(gpt2Config({ layers: 2, dModel: 64, heads: 2, vocabSize: 0 }))).toEqual([
      'vocabSize',
    ]);
  });

  it('needs heads to divide d_model', () => {
    const errors = validateConfig(gpt2Config({ layers: 2, dModel: 100, heads: 3 }));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe('heads');
    expect(errors[0]?.message).toMatch(/divide/);
  });

  it('needs kvHeads to divide heads and not exceed them', () => {
    expect(fieldsOf(llamaConfig({ layers: 2, dModel: 64, heads: 8, kvHeads: 3 }))).toEqual([
      'kvHeads',
    ]);
    expect(fieldsOf(llamaConfig({ layers: 2, dModel: 64, heads: 8, kvHeads: 16 }))).toEqual([
      'kvHeads',
    ]);
  });

  it('rejects more experts per token than experts', () => {
    const config = moeConfig({ layers: 2, dModel: 64, heads: 4, experts: 4, expertsPerToken: 5 });
    expect(fieldsOf(config)).toEqual(['expertsPerToken']);
  });

  it('rejects absurd magnitudes', () => {
    expect(fieldsOf(gpt2Config({ layers: 2, dModel: 2e6, heads: 2 }))).toContain('dModel');
    // 1000 layers of d = 500,000: 12 · 1000 · 2.5e11 = 3e18 parameters.
    const huge = gpt2Config({ layers: 1000, dModel: 500_000, heads: 1000 });
    const errors = validateConfig(huge);
    expect(errors.map((e) => e.field)).toEqual(['config']);
    expect(errors[0]?.message).toMatch(/parameters/);
  });

  it('names an unknown family', () => {
    const config = { ...gpt2Config({ layers: 1, dModel: 8, heads: 1 }), family: 'rnn' };
    expect(fieldsOf(config as unknown as ArchitectureConfig)).toEqual(['family']);
  });
});
