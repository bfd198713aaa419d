/**
 * What <ps-timeline> shows, without the DOM: the filters and their values, the models that
 * pass them, and the text of each tip and table cell. The dataset itself (JSON and zod) is
 * loaded by the element on first use; this module only imports its types.
 */
import { formatCount, formatFlops } from '../../scaling/format';
import type { Domain, NotableModel } from '../../scaling/notable-models';
import { sourceLabel } from '../shared/links';

/**
 * Domain filter values: `all` and each domain of the dataset. Kept here rather than imported
 * from notable-models so that this module stays light; `satisfies` rejects a domain the
 * dataset lacks, and timeline.test.ts checks that none of the dataset's is missing.
 */
export const DOMAIN_FILTERS = [
  'all',
  'language',
  'vision',
  'multimodal',
  'games',
  'speech',
  'other',
] as const satisfies readonly ('all' | Domain)[];
export type DomainFilter = (typeof DOMAIN_FILTERS)[number];

export const WEIGHTS_FILTERS = ['all', 'open', 'closed'] as const;
export type WeightsFilter = (typeof WEIGHTS_FILTERS)[number];

export const COLOR_BY = ['domain', 'weights'] as const;
export type ColorBy = (typeof COLOR_BY)[number];

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value);
}

/** The parameter gap of Villalobos et al. 2022: few models between 20B and 70B from 2020 on. */
export const PARAMETER_GAP = Object.freeze({
  lo: 20e9,
  hi: 70e9,
  label: 'parameter gap, 20B–70B',
  citation:
    'Villalobos et al. 2022, "Machine Learning Model Sizes and the Parameter Gap", arXiv:2207.02852',
  href: 'https://arxiv.org/abs/2207.02852',
});

export interface TimelineFilters {
  readonly domain: DomainFilter;
  readonly weights: WeightsFilter;
}

export function filterModels(
  models: readonly NotableModel[],
  { domain, weights }: TimelineFilters,
): NotableModel[] {
  return models.filter(
    (m) =>
      (domain === 'all' || m.domain === domain) && (weights === 'all' || m.weights === weights),
  );
}

/** The colour group of a model: its domain, or "open weights" / "closed weights". */
export function colorKey(model: NotableModel, by: ColorBy): string {
  return by === 'domain' ? model.domain : weightsLabel(model.weights);
}

export function weightsLabel(weights: NotableModel['weights']): string {
  return weights === 'open' ? 'open weights' : 'closed weights';
}

/** `175.0B`, or `1.76T (estimate)` for a count the developer never published. */
export function parametersText(model: NotableModel): string {
  return model.estimate
    ? `${formatCount(model.parameters)} (estimate)`
    : formatCount(model.parameters);
}

/** `3.14e23 FLOP (reported)`, or `unknown`. */
export function computeText(model: NotableModel): string {
  if (model.trainingFlops === null) return 'unknown';
  const basis =
    model.flopsBasis === '6ND' ? '6ND' : model.flopsBasis === 'epoch' ? 'Epoch AI' : 'reported';
  return `${formatFlops(model.trainingFlops)} (${basis})`;
}

/** The tip of a model's dot, one fact a line. */
export function tipText(model: NotableModel): string {
  return [
    model.name,
    `${model.organization} · ${model.date}`,
    `Parameters: ${parametersText(model)}${model.estimate ? ', not published by the developer' : ''}`,
    `Training compute: ${computeText(model)}`,
    `Weights: ${model.weights}`,
    `Source: ${sourceLabel(model.source)}`,
  ].join('\n');
}

/** A YYYY-MM cut-off as words: `2025-08` → `August 2025`. */
export function monthText(yearMonth: string): string {
  const [year, month] = yearMonth.split('-').map(Number);
  if (!year || !month) return yearMonth;
  return new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
