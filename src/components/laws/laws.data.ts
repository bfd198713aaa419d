/**
 * What each view of <ps-laws> shows, as plain data: the curves, the labelled points, the
 * sources and the tables. No DOM and no Plot here (laws.chart.ts draws it), so the chart and
 * the table a reader sees are computed once, from the same numbers.
 *
 * Kaplan's losses are on WebText2 and Chinchilla's on MassiveText, with different
 * tokenizers: curves of one law compare with each other, loss values across laws do not.
 */

import { formatCount, formatFlops } from '../../scaling/format';
import {
  BESIROGLU_2024,
  CHINCHILLA_FITS,
  type ChinchillaFit,
  chinchillaLoss,
  computeOptimal,
  computeOptimalByRule,
  flopsToPfDays,
  HOFFMANN_2022,
  isoFlopCurve,
  KAPLAN_2020,
  kaplanLossCFromFlops,
  kaplanLossD,
  kaplanLossN,
  tokensPerParamRule,
} from '../../scaling/laws';
import type { NotableModel } from '../../scaling/notable-models';
import { decades, logSpace } from '../shared/axis';
import { exponentNotation, formatLoss, formatPfDays, formatRatio } from '../shared/format';
import { sourceLabel } from '../shared/links';
import { checkNumber, type FieldMessages, type NumberBounds } from '../shared/number-field';

export const LAWS_VIEWS = ['n', 'd', 'c', 'isoflop', 'frontier'] as const;
export type LawsView = (typeof LAWS_VIEWS)[number];

export function isLawsView(value: unknown): value is LawsView {
  return (LAWS_VIEWS as readonly unknown[]).includes(value);
}

/** The tab names. */
export const VIEW_NAMES: Readonly<Record<LawsView, string>> = {
  n: 'Loss vs parameters',
  d: 'Loss vs data',
  c: 'Loss vs compute',
  isoflop: 'IsoFLOP curves',
  frontier: 'Compute-optimal frontier',
};

export type FitId = 'hoffmann-2022' | 'besiroglu-2024';

export function fitById(id: string): ChinchillaFit | undefined {
  return CHINCHILLA_FITS.find((fit) => fit.id === id);
}

/** Where each paper can be read, for the source list under the chart. */
const PAPERS = {
  kaplan: 'https://arxiv.org/abs/2001.08361',
  'hoffmann-2022': 'https://arxiv.org/abs/2203.15556',
  'besiroglu-2024': 'https://arxiv.org/abs/2404.10102',
} as const;

function paperOf(fit: ChinchillaFit): string | undefined {
  return fit.id in PAPERS ? PAPERS[fit.id as keyof typeof PAPERS] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Inputs and their validation

/** What a numeric field accepts, and how its messages name it. */
export interface FieldBounds extends NumberBounds {
  /** Names the value at the start of a message: "The budget". */
  readonly what: string;
  /** A valid entry, shown in the message for text that is not a number. */
  readonly example: string;
  /** How a bound is written in a message: `1e30 FLOPs`. */
  readonly show: (bound: number) => string;
}

/**
 * A budget below 10¹² FLOPs gives a compute-optimal model of about 10⁵ parameters under
 * either fit, already far below anything the laws were fitted on; above 10³⁰ is absurd for
 * any training run, and would only stretch the axes.
 */
export const BUDGET_BOUNDS: FieldBounds = {
  what: 'The budget',
  min: 1e12,
  max: 1e30,
  example: '1e21',
  show: (flops) => `${exponentNotation(flops)} FLOPs`,
};

/**
 * Tokens per parameter: Chinchilla's rule is 20; models trained far past it (Llama 3 8B:
 * about 1,900) stay well inside 10⁴.
 */
export const TOKENS_PER_PARAM_BOUNDS: FieldBounds = {
  what: 'Tokens per parameter',
  min: 0.1,
  max: 1e4,
  example: String(tokensPerParamRule),
  show: (ratio) => formatRatio(ratio),
};

const enterANumber = (bounds: FieldBounds) => `Enter a number, for example ${bounds.example}.`;
const moreThanZero = (bounds: FieldBounds) => `${bounds.what} must be more than 0.`;
const atMost = (bounds: FieldBounds) => `${bounds.what} can be at most ${bounds.show(bounds.max)}.`;

/** What <ps-laws> says under a field whose text it cannot use. */
const FIELD_MESSAGES: FieldMessages<FieldBounds> = {
  empty: (_, __, bounds) => enterANumber(bounds),
  'not-a-number': (_, __, bounds) => enterANumber(bounds),
  infinite: (value, _, bounds) => (value > 0 ? atMost(bounds) : moreThanZero(bounds)),
  fraction: (_, __, bounds) => `${bounds.what} must be a whole number.`,
  below: (value, _, bounds) =>
    value <= 0
      ? moreThanZero(bounds)
      : `${bounds.what} must be at least ${bounds.show(bounds.min)}.`,
  above: (_, __, bounds) => atMost(bounds),
};

/** The number in a field's text ("5.76e23"), or why it cannot be used. */
export function checkField(text: string, bounds: FieldBounds): number | string {
  return checkNumber(text, bounds, FIELD_MESSAGES);
}

// ---------------------------------------------------------------------------------------------
// The three models placed on the frontier

/** A trained model placed on the frontier. */
export interface PlacedModel {
  readonly label: string;
  readonly parameters: number;
  readonly tokens: number;
  readonly flops: number;
  /** Where the FLOPs come from: the paper's own figure, or 6·N·D. */
  readonly flopsBasis: 'reported' | '6ND';
  readonly source: string;
  /** Which side of its dot the label goes, so that Chinchilla and Llama 2 70B do not collide. */
  readonly anchor: LabelAnchor;
}

export type LabelAnchor = 'left' | 'right' | 'top' | 'bottom';

/** Dataset names of the models placed on the frontier. */
export const PLACED_MODELS: readonly { name: string; anchor: LabelAnchor }[] = [
  { name: 'GPT-3 175B', anchor: 'top' },
  { name: 'Chinchilla', anchor: 'left' },
  { name: 'Llama 2 70B', anchor: 'right' },
];

/**
 * The placed models, from the notable-models dataset. Compute is the published figure where
 * there is one (GPT-3: 3.14e23, Chinchilla: 5.76e23) and 6·N·D otherwise (Llama 2 70B).
 */
export function placeModels(dataset: readonly NotableModel[]): PlacedModel[] {
  return PLACED_MODELS.map(({ name, anchor }) => {
    const model = dataset.find((m) => m.name === name);
    const tokens = model?.trainingTokens;
    if (!model || tokens === undefined) {
      throw new Error(`the notable-models dataset has no ${name} with its training tokens`);
    }
    const reported = model.trainingFlops !== null && model.flopsBasis === 'reported';
    return {
      label: name,
      parameters: model.parameters,
      tokens,
      flops: reported ? (model.trainingFlops ?? Number.NaN) : 6 * model.parameters * tokens,
      flopsBasis: reported ? 'reported' : '6ND',
      source: model.source,
      anchor,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// What a view draws

/** One sample of one curve. */
export interface CurvePoint {
  readonly series: string;
  readonly x: number;
  readonly y: number;
}

/** A dot with a label: an isoFLOP minimum, a trained model. */
export interface LabelledPoint {
  /** Drawn beside the dot; may be '' where labels would collide. */
  readonly label: string;
  /** The heading of the dot's tip, when it differs from the label. */
  readonly tip?: string;
  readonly x: number;
  readonly y: number;
  readonly anchor: LabelAnchor;
}

/** A table cell: text, or a link. */
export type Cell = string | { readonly text: string; readonly href: string };

export interface DataTable {
  /** `data-table` attribute of the table, for styling and tests. */
  readonly id: string;
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface Source {
  readonly label: string;
  readonly citation: string;
  readonly href?: string;
}

export type AxisKind = 'count' | 'flops' | 'loss';

export interface LawsData {
  readonly view: LawsView;
  readonly title: string;
  readonly x: { readonly label: string; readonly kind: AxisKind };
  readonly y: { readonly label: string; readonly kind: AxisKind };
  /** Series names, in legend order. */
  readonly series: readonly string[];
  /** The series drawn thicker: the selected fit, or the reader's budget. */
  readonly emphasis?: string;
  readonly curves: readonly CurvePoint[];
  readonly points: readonly LabelledPoint[];
  /** A vertical line at the reader's budget. */
  readonly budgetRule?: { readonly x: number; readonly label: string };
  /** Label the x axis in PF-days too (Kaplan's compute unit). */
  readonly pfDaysAxis?: boolean;
  readonly sources: readonly Source[];
  readonly tables: readonly DataTable[];
}

/** Every input of a drawing, validated by the element. */
export interface LawsInputs {
  readonly view: LawsView;
  readonly fit: ChinchillaFit;
  /** FLOPs: the highlighted isoFLOP curve, the rule on the frontier. */
  readonly budget: number;
  /** D/N of the Chinchilla curves in the N and D views and of the frontier's rule line. */
  readonly tokensPerParam: number;
  /** Needed by the frontier view only. */
  readonly models: readonly PlacedModel[];
}

/** Samples per decade of the curves; tables show one row per power of ten. */
const PER_DECADE = 8;
const N_RANGE = [1e6, 1e13] as const;
const D_RANGE = [1e8, 1e14] as const;
const C_RANGE = [1e17, 1e26] as const;
const FRONTIER_RANGE = [1e18, 1e26] as const;
/** The isoFLOP budgets (Hoffmann et al. 2022 Figure 3 spans 6e18 to 3e21; we go further). */
export const ISOFLOP_BUDGETS = [1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24] as const;
/** Each isoFLOP curve spans N_opt / 30 … 30 · N_opt. */
const ISOFLOP_SPAN = 30;
const ISOFLOP_POINTS = 41;

/** How each view is built from the inputs. */
const VIEWS: Readonly<Record<LawsView, (inputs: LawsInputs) => LawsData>> = {
  n: (inputs) => lossAgainst(LOSS_AXES.n, inputs),
  d: (inputs) => lossAgainst(LOSS_AXES.d, inputs),
  c: lossVsCompute,
  isoflop: isoFlops,
  frontier,
};

export function lawsData(inputs: LawsInputs): LawsData {
  return VIEWS[inputs.view](inputs);
}

const KAPLAN_SOURCE = { citation: KAPLAN_2020.citation, href: PAPERS.kaplan };

function fitSource(label: string, fit: ChinchillaFit): Source {
  const href = paperOf(fit);
  return href ? { label, citation: fit.citation, href } : { label, citation: fit.citation };
}

/**
 * A loss view against one of N and D, the other following from D/N = r: what the `n` and
 * `d` views differ in. Kaplan's curve is the law of the axis alone; Chinchilla's is L(N, D).
 */
interface LossAxis {
  readonly view: 'n' | 'd';
  readonly title: string;
  readonly xLabel: string;
  readonly range: readonly [number, number];
  readonly kaplan: { readonly name: string; readonly loss: (x: number) => number };
  /** N and D at `x` along the axis, at `r` tokens per parameter. */
  readonly at: (x: number, r: number) => { readonly N: number; readonly D: number };
  /** Which of N and D the table gives beside `x`. */
  readonly other: 'N' | 'D';
  /** The Chinchilla series' name after the fit's label, and the table's head. */
  readonly chinchilla: (r: string) => string;
  readonly caption: string;
  readonly head: (r: string) => readonly string[];
}

const LOSS_AXES: Readonly<Record<LossAxis['view'], LossAxis>> = {
  n: {
    view: 'n',
    title: 'Loss against model size',
    xLabel: 'Parameters N (non-embedding for Kaplan, all for Chinchilla)',
    range: N_RANGE,
    kaplan: { name: 'Kaplan et al. 2020: L(N), N non-embedding', loss: kaplanLossN },
    at: (N, r) => ({ N, D: r * N }),
    other: 'D',
    chinchilla: (r) => `L(N, D = ${r}N)`,
    caption: 'Loss at each power of ten of N',
    head: (r) => ['N (parameters)', `D = ${r}N (tokens)`, 'Kaplan L(N)', 'Chinchilla L(N, D)'],
  },
  d: {
    view: 'd',
    title: 'Loss against dataset size',
    xLabel: 'Training tokens D',
    range: D_RANGE,
    kaplan: { name: 'Kaplan et al. 2020: L(D), large model, early stopping', loss: kaplanLossD },
    at: (D, r) => ({ N: D / r, D }),
    other: 'N',
    chinchilla: (r) => `L(N = D/${r}, D)`,
    caption: 'Loss at each power of ten of D',
    head: (r) => ['D (tokens)', `N = D/${r} (parameters)`, 'Kaplan L(D)', 'Chinchilla L(N, D)'],
  },
};

function lossAgainst(axis: LossAxis, { fit, tokensPerParam: r }: LawsInputs): LawsData {
  const kaplan = axis.kaplan.name;
  const chinchilla = `${fit.label}: ${axis.chinchilla(formatRatio(r))}`;
  const curve = (x: number) => {
    const { N, D } = axis.at(x, r);
    return { kaplan: axis.kaplan.loss(x), chinchilla: chinchillaLoss(N, D, fit) };
  };
  return {
    view: axis.view,
    title: axis.title,
    x: { label: axis.xLabel, kind: 'count' },
    y: { label: 'Loss (nats/token)', kind: 'loss' },
    series: [kaplan, chinchilla],
    emphasis: chinchilla,
    curves: logSpace(...axis.range, PER_DECADE).flatMap((x) => {
      const loss = curve(x);
      return [
        { series: kaplan, x, y: loss.kaplan },
        { series: chinchilla, x, y: loss.chinchilla },
      ];
    }),
    points: [],
    sources: [{ label: kaplan, ...KAPLAN_SOURCE }, fitSource(chinchilla, fit)],
    tables: [
      {
        id: axis.view,
        caption: axis.caption,
        head: axis.head(formatRatio(r)),
        rows: decades(...axis.range).map((x) => {
          const loss = curve(x);
          return [
            formatCount(x),
            formatCount(axis.at(x, r)[axis.other]),
            formatLoss(loss.kaplan),
            formatLoss(loss.chinchilla),
          ];
        }),
      },
    ],
  };
}

function lossVsCompute({ fit }: LawsInputs): LawsData {
  const kaplan = 'Kaplan et al. 2020: L(C_min), C in PF-days';
  const chinchilla = `${fit.label}: L(N_opt, D_opt), C = 6ND`;
  const at = (C: number) => {
    const optimal = computeOptimal(C, fit);
    return {
      ...optimal,
      kaplan: kaplanLossCFromFlops(C),
      chinchilla: chinchillaLoss(optimal.N, optimal.D, fit),
    };
  };
  return {
    view: 'c',
    title: 'Loss against training compute',
    x: { label: 'Training compute C (FLOPs; 1 PF-day = 8.64e19 FLOPs)', kind: 'flops' },
    y: { label: 'Loss (nats/token)', kind: 'loss' },
    series: [kaplan, chinchilla],
    emphasis: chinchilla,
    curves: logSpace(...C_RANGE, PER_DECADE).flatMap((C) => {
      const point = at(C);
      return [
        { series: kaplan, x: C, y: point.kaplan },
        { series: chinchilla, x: C, y: point.chinchilla },
      ];
    }),
    points: [],
    pfDaysAxis: true,
    sources: [{ label: kaplan, ...KAPLAN_SOURCE }, fitSource(chinchilla, fit)],
    tables: [
      {
        id: 'c',
        caption: 'Loss at each power of ten of C',
        head: [
          'C (FLOPs)',
          'C (PF-days)',
          'Kaplan L(C)',
          'N_opt',
          'D_opt',
          'Chinchilla L(N_opt, D_opt)',
        ],
        rows: decades(...C_RANGE).map((C) => {
          const point = at(C);
          return [
            formatFlops(C),
            formatPfDays(flopsToPfDays(C)),
            formatLoss(point.kaplan),
            formatCount(point.N),
            formatCount(point.D),
            formatLoss(point.chinchilla),
          ];
        }),
      },
    ],
  };
}

function isoFlops({ fit, budget }: LawsInputs): LawsData {
  const budgets: number[] = [...ISOFLOP_BUDGETS];
  if (!budgets.some((C) => Math.abs(C / budget - 1) < 1e-9)) budgets.push(budget);
  budgets.sort((a, b) => a - b);
  const name = (C: number) =>
    Math.abs(C / budget - 1) < 1e-9 ? `${formatFlops(C)} (your budget)` : formatFlops(C);
  const profiles = budgets.map((C) => {
    const optimal = computeOptimal(C, fit);
    return {
      C,
      series: name(C),
      optimal,
      minimum: chinchillaLoss(optimal.N, optimal.D, fit),
      curve: isoFlopCurve(C, {
        minParams: optimal.N / ISOFLOP_SPAN,
        maxParams: optimal.N * ISOFLOP_SPAN,
        points: ISOFLOP_POINTS,
        fit,
      }),
    };
  });
  return {
    view: 'isoflop',
    title: 'IsoFLOP curves',
    x: { label: 'Parameters N (each trained on D = C / 6N tokens)', kind: 'count' },
    y: { label: 'Loss (nats/token)', kind: 'loss' },
    series: profiles.map((p) => p.series),
    emphasis: name(budget),
    curves: profiles.flatMap((p) =>
      p.curve.map(({ N, loss }) => ({ series: p.series, x: N, y: loss })),
    ),
    // The closed-form optimum (Hoffmann eq. 4) is the exact minimum of each curve. Only the
    // reader's budget is labelled: the minima of neighbouring budgets sit too close for text;
    // the tip and the table give each one.
    points: profiles.map((p) => ({
      label: p.series === name(budget) ? `N_opt ${formatCount(p.optimal.N)}` : '',
      tip: `Minimum of the ${p.series} curve`,
      x: p.optimal.N,
      y: p.minimum,
      anchor: 'right',
    })),
    sources: [fitSource(`${fit.label}: L(N, C / 6N)`, fit)],
    tables: [
      {
        id: 'isoflop',
        caption: `The minimum of each curve (curves span N_opt / ${ISOFLOP_SPAN} to ${ISOFLOP_SPAN} · N_opt)`,
        head: [
          'Budget C',
          'N_opt (parameters)',
          'D_opt (tokens)',
          'Tokens per parameter',
          'Minimum loss',
        ],
        rows: profiles.map((p) => [
          p.series,
          formatCount(p.optimal.N),
          formatCount(p.optimal.D),
          formatRatio(p.optimal.D / p.optimal.N),
          formatLoss(p.minimum),
        ]),
      },
    ],
  };
}

function frontier({ fit, budget, tokensPerParam: r, models }: LawsInputs): LawsData {
  const hoffmann = `N_opt, ${HOFFMANN_2022.label}`;
  const besiroglu = `N_opt, ${BESIROGLU_2024.label}`;
  const rule = `${formatRatio(r)} tokens per parameter: D = ${formatRatio(r)}N, C = 6ND`;
  const lo = Math.min(FRONTIER_RANGE[0], budget);
  const hi = Math.max(FRONTIER_RANGE[1], budget);
  const at = (C: number) => ({
    hoffmann: computeOptimal(C, HOFFMANN_2022),
    besiroglu: computeOptimal(C, BESIROGLU_2024),
    rule: computeOptimalByRule(C, r),
  });
  const budgets = decades(lo, hi);
  if (!budgets.includes(budget)) budgets.push(budget);
  budgets.sort((a, b) => a - b);
  return {
    view: 'frontier',
    title: 'The compute-optimal frontier',
    x: { label: 'Training compute C (FLOPs)', kind: 'flops' },
    y: { label: 'Parameters N', kind: 'count' },
    series: [hoffmann, besiroglu, rule],
    emphasis: fit.id === BESIROGLU_2024.id ? besiroglu : hoffmann,
    curves: logSpace(lo, hi, PER_DECADE).flatMap((C) => {
      const optimal = at(C);
      return [
        { series: hoffmann, x: C, y: optimal.hoffmann.N },
        { series: besiroglu, x: C, y: optimal.besiroglu.N },
        { series: rule, x: C, y: optimal.rule.N },
      ];
    }),
    points: models.map((m) => ({ label: m.label, x: m.flops, y: m.parameters, anchor: m.anchor })),
    budgetRule: { x: budget, label: `your budget, ${formatFlops(budget)}` },
    sources: [
      fitSource(hoffmann, HOFFMANN_2022),
      fitSource(besiroglu, BESIROGLU_2024),
      {
        label: rule,
        citation:
          'Hoffmann et al. 2022 §4 and Table 3: about 20 tokens per parameter (Chinchilla: 70B parameters on 1.4T tokens)',
        href: PAPERS['hoffmann-2022'],
      },
    ],
    tables: [
      {
        id: 'models',
        caption: 'Trained models against the frontier at their own compute',
        head: [
          'Model',
          'N (parameters)',
          'D (tokens)',
          'Tokens per parameter',
          'C (FLOPs)',
          'N_opt, Hoffmann 2022',
          'N_opt, Besiroglu 2024',
          'Source',
        ],
        rows: models.map((m) => [
          m.label,
          formatCount(m.parameters),
          formatCount(m.tokens),
          formatRatio(m.tokens / m.parameters),
          `${formatFlops(m.flops)} (${m.flopsBasis === 'reported' ? 'reported' : '6ND'})`,
          formatCount(computeOptimal(m.flops, HOFFMANN_2022).N),
          formatCount(computeOptimal(m.flops, BESIROGLU_2024).N),
          { text: sourceLabel(m.source), href: m.source },
        ]),
      },
      {
        id: 'frontier',
        caption: 'Compute-optimal allocations at each power of ten of C and at your budget',
        head: [
          'C (FLOPs)',
          'N_opt, Hoffmann 2022',
          'D_opt, Hoffmann 2022',
          'N_opt, Besiroglu 2024',
          'D_opt, Besiroglu 2024',
          `N, ${formatRatio(r)} tokens/param`,
          `D, ${formatRatio(r)} tokens/param`,
        ],
        rows: budgets.map((C) => {
          const optimal = at(C);
          return [
            C === budget ? `${formatFlops(C)} (your budget)` : formatFlops(C),
            formatCount(optimal.hoffmann.N),
            formatCount(optimal.hoffmann.D),
            formatCount(optimal.besiroglu.N),
            formatCount(optimal.besiroglu.D),
            formatCount(optimal.rule.N),
            formatCount(optimal.rule.D),
          ];
        }),
      },
    ],
  };
}
