/**
 * A curated dataset of notable machine-learning models, 2012–2025: parameter count, date,
 * training compute where known, domain and whether the weights are public. It is enough to
 * redraw the parameter-gap figure of Villalobos et al. 2022 ("Machine Learning Model Sizes
 * and the Parameter Gap", arXiv:2207.02852) and a timeline of model sizes.
 *
 * Sources: each record cites the paper, model card or announcement that gives its parameter
 * count (`source`). Selection and conventions follow Epoch AI's "Notable AI Models" dataset
 * (https://epoch.ai/data/notable-ai-models), on which Villalobos et al. built their analysis,
 * but the figures here were taken from the primary sources, not copied from Epoch's table.
 *
 * Conventions:
 * - `parameters` is the total count as published (BERT-Large is 340M as in the paper, not the
 *   ~335M of the released checkpoint). For mixture-of-experts models `activeParameters` is
 *   the per-token count where the developer publishes one.
 * - `trainingFlops` is null when unknown. `flopsBasis` says where a value comes from:
 *   'reported' by the developers, '6ND' computed as 6 × parameters (active, for MoE) ×
 *   `trainingTokens`, or 'epoch' taken from Epoch AI's dataset.
 * - `estimate: true` marks a parameter count that the developer never published (a rumour
 *   or a third-party reconstruction); `note` says which. GPT-4's 1.76T is such a rumour.
 * - `weights: 'open'` means the trained weights can be downloaded, possibly under a
 *   restrictive or on-request licence; `note` says so where it matters.
 *
 * Data cut-off: August 2025 (see DATA_CUTOFF).
 */

import rawModels from './notable-models.json';
import { z } from './zod';

/** Latest month the dataset covers. */
export const DATA_CUTOFF = '2025-08';

export const DOMAINS = ['language', 'vision', 'multimodal', 'games', 'speech', 'other'] as const;
export type Domain = (typeof DOMAINS)[number];

const DATE_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?$/;

/** Year, month (1–12) and day (undefined for a month-only date) of a YYYY-MM[-DD] string. */
export interface ModelDate {
  year: number;
  month: number;
  day: number | undefined;
}

/** Parses a YYYY-MM or YYYY-MM-DD date; undefined when malformed or not a calendar day. */
export function parseModelDate(date: string): ModelDate | undefined {
  const match = DATE_PATTERN.exec(date);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (day !== undefined) {
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day > daysInMonth) return undefined;
  }
  return { year, month, day };
}

/**
 * A date as a fractional year for plotting (2020-07-02 ≈ 2020.5). A month-only date is
 * placed on the first of its month.
 */
export function decimalYear(date: string): number {
  const parsed = parseModelDate(date);
  if (!parsed) throw new RangeError(`not a YYYY-MM[-DD] date: ${date}`);
  const { year, month, day = 1 } = parsed;
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  return year + (Date.UTC(year, month - 1, day) - start) / (end - start);
}

const count = z.number().positive();

export const NotableModelSchema = z
  .strictObject({
    name: z.string().min(1),
    organization: z.string().min(1),
    /** Publication or announcement date, YYYY-MM or YYYY-MM-DD. */
    date: z.string().refine((d) => parseModelDate(d) !== undefined, {
      message: 'expected a YYYY-MM or YYYY-MM-DD calendar date',
    }),
    domain: z.enum(DOMAINS),
    /** Total parameters, as published. */
    parameters: count,
    /** Parameters used per token, for mixture-of-experts models. */
    activeParameters: count.optional(),
    /** Training tokens (or samples), where published. */
    trainingTokens: count.optional(),
    /** Training compute in FLOPs; null when unknown. */
    trainingFlops: count.nullable(),
    flopsBasis: z.enum(['reported', '6ND', 'epoch']).optional(),
    weights: z.enum(['open', 'closed']),
    /** True when the parameter count is not the developer's own figure. */
    estimate: z.boolean().optional(),
    /** Paper, model card or announcement giving the parameter count. */
    source: z.url({ protocol: /^https$/ }),
    note: z.string().min(1).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.activeParameters !== undefined && m.activeParameters > m.parameters) {
      ctx.addIssue({
        code: 'custom',
        path: ['activeParameters'],
        message: 'active parameters exceed the total',
      });
    }
    if (m.estimate && !m.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'an estimate needs a note' });
    }
    if (m.trainingFlops !== null && m.flopsBasis === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['flopsBasis'],
        message: 'say where the FLOPs come from',
      });
    }
    if (m.trainingFlops === null && m.flopsBasis !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['flopsBasis'], message: 'flopsBasis without FLOPs' });
    }
    if (m.flopsBasis === '6ND' && m.trainingTokens === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['trainingTokens'],
        message: '6ND needs trainingTokens',
      });
    }
  });

export const NotableModelListSchema = z.array(NotableModelSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((m, i) => {
    if (seen.has(m.name)) {
      ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate name: ${m.name}` });
    }
    seen.add(m.name);
  });
});

export type NotableModel = z.infer<typeof NotableModelSchema>;

let cache: readonly NotableModel[] | undefined;

/**
 * The dataset, validated on first call and memoized; sorted by date (then name). Throws a
 * ZodError if the JSON does not match the schema.
 */
export function notableModels(): readonly NotableModel[] {
  if (cache === undefined) {
    const parsed = NotableModelListSchema.parse(rawModels as unknown);
    cache = Object.freeze(
      parsed
        .map((m) => Object.freeze(m))
        .sort((a, b) => compareDates(a.date, b.date) || a.name.localeCompare(b.name)),
    );
  }
  return cache;
}

/** Orders two YYYY-MM[-DD] dates; a month-only date sorts as the first of its month. */
export function compareDates(a: string, b: string): number {
  return decimalYear(a) - decimalYear(b);
}

/**
 * Models whose total parameter count lies in [lo, hi], inclusive, in date order. The default
 * band, 20B–70B, is the "parameter gap" of Villalobos et al. 2022: from 2020 on, they found
 * many systems below 20B and above 70B but very few between.
 */
export function modelsInGap(lo = 20e9, hi = 70e9): NotableModel[] {
  if (!(lo <= hi)) throw new RangeError(`empty band: [${lo}, ${hi}]`);
  return notableModels().filter((m) => m.parameters >= lo && m.parameters <= hi);
}

/** Models grouped by publication year, years ascending, each year's models in date order. */
export function byYear(): Map<number, NotableModel[]> {
  const years = new Map<number, NotableModel[]>();
  for (const m of notableModels()) {
    const year = Number(m.date.slice(0, 4));
    const list = years.get(year);
    if (list) list.push(m);
    else years.set(year, [m]);
  }
  return years;
}
