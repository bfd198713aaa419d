import { describe, expect, it } from 'vitest';
import {
  byYear,
  compareDates,
  DATA_CUTOFF,
  decimalYear,
  modelsInGap,
  type NotableModel,
  NotableModelListSchema,
  NotableModelSchema,
  notableModels,
  parseModelDate,
} from './notable-models';
import rawModels from './notable-models.json';

function find(name: string): NotableModel {
  const model = notableModels().find((m) => m.name === name);
  if (!model) throw new Error(`no model named ${name}`);
  return model;
}

function year(m: NotableModel): number {
  return Number(m.date.slice(0, 4));
}

/**
 * Counts models in the band [lo, hi] and in its two neighbours of the same width on a log
 * scale: [lo / r, lo) below and (hi, hi · r] above, with r = hi / lo (3.5 for 20B–70B).
 */
function bandCounts(models: readonly NotableModel[], lo = 20e9, hi = 70e9) {
  const r = hi / lo;
  let below = 0;
  let gap = 0;
  let above = 0;
  for (const { parameters: p } of models) {
    if (p >= lo / r && p < lo) below++;
    else if (p >= lo && p <= hi) gap++;
    else if (p > hi && p <= hi * r) above++;
  }
  return { below, gap, above };
}

const between = (from: number, to: number) =>
  notableModels().filter((m) => year(m) >= from && year(m) <= to);

describe('notable-models.json', () => {
  it('validates against the schema', () => {
    const result = NotableModelListSchema.safeParse(rawModels);
    if (!result.success) throw new Error(JSON.stringify(result.error.issues, null, 2));
    expect(result.success).toBe(true);
  });

  it('has at least 60 models (70 or more, in fact)', () => {
    expect(notableModels().length).toBeGreaterThanOrEqual(60);
    expect(rawModels.length).toBeGreaterThanOrEqual(70);
  });

  it('is stored in date order, with every date a calendar date within 2012–2025', () => {
    const dates = rawModels.map((m) => m.date);
    for (const date of dates) {
      const parsed = parseModelDate(date);
      expect(parsed, date).toBeDefined();
      expect(parsed?.year).toBeGreaterThanOrEqual(2012);
      expect(parsed?.year).toBeLessThanOrEqual(2025);
      expect(date <= `${DATA_CUTOFF}-31`, date).toBe(true);
    }
    for (let i = 1; i < dates.length; i++) {
      expect(
        compareDates(dates[i - 1]!, dates[i]!),
        `${dates[i - 1]} > ${dates[i]}`,
      ).toBeLessThanOrEqual(0);
    }
    const first = notableModels()[0]!;
    const last = notableModels().at(-1)!;
    expect(year(first)).toBe(2012);
    expect(year(last)).toBe(2025);
  });

  it('has no duplicate names', () => {
    const names = rawModels.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('cites an https URL for every model', () => {
    for (const m of notableModels()) {
      expect(new URL(m.source).protocol, m.name).toBe('https:');
    }
  });

  it('explains every estimate in a note, and labels GPT-4 as a rumour', () => {
    const estimates = notableModels().filter((m) => m.estimate);
    for (const m of estimates) expect(m.note?.length ?? 0, m.name).toBeGreaterThan(20);
    expect(estimates.map((m) => m.name).sort()).toEqual(['AlphaGo Zero', 'GNMT', 'GPT-4']);
    const gpt4 = find('GPT-4');
    expect(gpt4.estimate).toBe(true);
    expect(gpt4.note).toMatch(/rumou?r/i);
    expect(gpt4.trainingFlops).toBeNull();
  });

  it('covers several domains, language first', () => {
    const byDomain = new Map<string, number>();
    for (const m of notableModels()) byDomain.set(m.domain, (byDomain.get(m.domain) ?? 0) + 1);
    const language = byDomain.get('language') ?? 0;
    expect(language).toBeGreaterThan(notableModels().length / 2);
    for (const domain of ['vision', 'multimodal', 'games', 'speech']) {
      expect(byDomain.get(domain) ?? 0, domain).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('known values', () => {
  it('GPT-3: 175B parameters, 300B tokens, 3.14e23 FLOPs', () => {
    const m = find('GPT-3 175B');
    expect(m.parameters).toBe(175e9);
    expect(m.trainingTokens).toBe(300e9);
    expect(m.trainingFlops).toBe(3.14e23);
    expect(m.date).toBe('2020-05-28');
  });

  it('BERT: Base 110M and Large 340M, the published convention (the checkpoint has ~335M)', () => {
    expect(find('BERT-Base').parameters).toBe(110e6);
    expect(find('BERT-Large').parameters).toBe(340e6);
  });

  it('AlexNet: about 60M parameters, 2012', () => {
    const m = find('AlexNet');
    expect(m.parameters).toBeCloseTo(60e6, -6);
    expect(year(m)).toBe(2012);
  });

  it('Chinchilla: 70B parameters × 1.4T tokens → 6·N·D ≈ 5.8e23 FLOPs', () => {
    const m = find('Chinchilla');
    expect(m.parameters).toBe(70e9);
    expect(m.trainingTokens).toBe(1.4e12);
    const sixND = 6 * m.parameters * m.trainingTokens!;
    expect(sixND / 5.8e23).toBeCloseTo(1, 1);
    // The paper's own budget (Gopher's) is 5.76e23, within 3% of 6·N·D.
    expect(m.trainingFlops).toBe(5.76e23);
    expect(Math.abs(m.trainingFlops! / sixND - 1)).toBeLessThan(0.03);
  });

  it('other anchors: Transformer big, GPT-2, PaLM, Llama 2 70B, Llama 3.1 405B, DeepSeek-V3', () => {
    expect(find('Transformer (big)').parameters).toBe(213e6);
    expect(find('GPT-2').parameters).toBe(1.5e9);
    expect(find('PaLM').parameters).toBe(540e9);
    expect(find('Llama 2 70B').trainingFlops).toBeCloseTo(8.4e23, -21);
    expect(find('Llama 3.1 405B').trainingFlops).toBe(3.8e25);
    const v3 = find('DeepSeek-V3');
    expect([v3.parameters, v3.activeParameters]).toEqual([671e9, 37e9]);
  });

  it('computes every 6ND figure as 6 × (active) parameters × tokens, to 0.5%', () => {
    const sixND = notableModels().filter((m) => m.flopsBasis === '6ND');
    expect(sixND.length).toBeGreaterThan(20);
    for (const m of sixND) {
      const n = m.activeParameters ?? m.parameters;
      const expected = 6 * n * m.trainingTokens!;
      expect(Math.abs(m.trainingFlops! / expected - 1), m.name).toBeLessThan(0.005);
    }
  });

  it('reports fewer active than total parameters for every MoE', () => {
    const moe = notableModels().filter((m) => m.activeParameters !== undefined);
    expect(moe.length).toBeGreaterThanOrEqual(8);
    for (const m of moe) expect(m.activeParameters!, m.name).toBeLessThan(m.parameters);
  });
});

describe('the parameter gap (Villalobos et al. 2022)', () => {
  it('2020–2021: the 20B–70B band is sparser than both neighbouring bands', () => {
    // Villalobos et al.: "Starting in 2020, we see many models below 20B parameters and
    // above 70B parameters, but very few in the 20B-70B range." In this dataset: 5 models in
    // [5.7B, 20B), 1 in [20B, 70B] (Anthropic's 52B LM), 5 in (70B, 245B].
    const { below, gap, above } = bandCounts(between(2020, 2021));
    expect(gap).toBeLessThan(below);
    expect(gap).toBeLessThan(above);
    expect(gap).toBeLessThanOrEqual(1);
    expect(below + above).toBeGreaterThanOrEqual(8);
  });

  it('all models before 2022: still at most one in the band', () => {
    const before2022 = notableModels().filter((m) => year(m) < 2022);
    const { below, gap, above } = bandCounts(before2022);
    expect(gap).toBeLessThan(Math.min(below, above));
    expect(
      modelsInGap()
        .filter((m) => year(m) < 2022)
        .map((m) => m.name),
    ).toEqual(['Anthropic LM 52B']);
  });

  it('from 2022 the band fills (Chinchilla, LLaMA, Llama 2 70B, Mixtral, ...)', () => {
    // Selection caveat: this list leans to open-weight models, which cluster at 7B–70B, so the
    // later counts say more about the selection than about the field as a whole.
    const early = bandCounts(between(2020, 2021));
    const late = bandCounts(between(2023, 2025));
    expect(late.gap).toBeGreaterThan(5 * early.gap);
    expect(late.gap).toBeGreaterThanOrEqual(Math.max(late.below, late.above));
    const names = modelsInGap().map((m) => m.name);
    for (const name of ['Chinchilla', 'LLaMA-65B', 'Llama 2 70B', 'Mixtral 8x7B']) {
      expect(names).toContain(name);
    }
  });
});

describe('helpers', () => {
  it('modelsInGap is inclusive, in date order, and takes other bands', () => {
    const gap = modelsInGap();
    for (const m of gap) {
      expect(m.parameters).toBeGreaterThanOrEqual(20e9);
      expect(m.parameters).toBeLessThanOrEqual(70e9);
    }
    expect(gap.map((m) => m.name)).toContain('GPT-NeoX-20B'); // exactly 20B
    expect(gap.map((m) => m.name)).toContain('Chinchilla'); // exactly 70B
    for (let i = 1; i < gap.length; i++) {
      expect(compareDates(gap[i - 1]!.date, gap[i]!.date)).toBeLessThanOrEqual(0);
    }
    expect(modelsInGap(100e9, 200e9).map((m) => m.name)).toContain('GPT-3 175B');
    expect(() => modelsInGap(70e9, 20e9)).toThrow(RangeError);
  });

  it('byYear groups every model under its year, years ascending', () => {
    const years = byYear();
    const keys = [...years.keys()];
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(keys[0]).toBe(2012);
    expect(keys.at(-1)).toBe(2025);
    let total = 0;
    for (const [y, models] of years) {
      total += models.length;
      for (const m of models) expect(year(m)).toBe(y);
    }
    expect(total).toBe(notableModels().length);
    expect(years.get(2020)?.map((m) => m.name)).toContain('GPT-3 175B');
  });

  it('notableModels parses once and memoizes', () => {
    expect(notableModels()).toBe(notableModels());
    expect(Object.isFrozen(notableModels())).toBe(true);
  });

  it('decimalYear and parseModelDate', () => {
    expect(decimalYear('2020-01')).toBe(2020);
    expect(decimalYear('2020-07-02')).toBeCloseTo(2020.5, 2);
    expect(parseModelDate('2023-02-29')).toBeUndefined();
    expect(parseModelDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseModelDate('2024-13')).toBeUndefined();
    expect(parseModelDate('2024')).toBeUndefined();
  });
});

describe('schema rejects bad records', () => {
  const good = {
    name: 'Example',
    organization: 'Lab',
    date: '2024-01-15',
    domain: 'language',
    parameters: 1e9,
    trainingFlops: null,
    weights: 'open',
    source: 'https://example.org/paper',
  };

  it('accepts a minimal record', () => {
    expect(NotableModelSchema.safeParse(good).success).toBe(true);
  });

  it.each([
    ['an http source', { source: 'http://example.org/paper' }],
    ['a bad date', { date: '2024-02-30' }],
    ['an unknown domain', { domain: 'robotics' }],
    ['a zero parameter count', { parameters: 0 }],
    ['an estimate without a note', { estimate: true }],
    ['FLOPs without a basis', { trainingFlops: 1e22 }],
    ['6ND without tokens', { trainingFlops: 1e22, flopsBasis: '6ND' }],
    ['more active than total parameters', { activeParameters: 2e9 }],
    ['an unknown field', { params: 1e9 }],
  ])('rejects %s', (_, patch) => {
    expect(NotableModelSchema.safeParse({ ...good, ...patch }).success).toBe(false);
  });

  it('rejects duplicate names in a list', () => {
    expect(NotableModelListSchema.safeParse([good, good]).success).toBe(false);
  });
});
