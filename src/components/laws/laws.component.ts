import { Task } from '@lit/task';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { literal } from 'lit/static-html.js';
import { CHINCHILLA_FITS, HOFFMANN_2022, tokensPerParamRule } from '../../scaling/laws';
import { emit } from '../events';
import { exponentNotation } from '../shared/format';
import { numberInput } from '../shared/number-field';
import { loadPlot, whenVisible } from '../shared/plot';
import { Tabs } from '../shared/tabs';
import { lawsFigure } from './laws.chart';
import {
  BUDGET_BOUNDS,
  type Cell,
  checkField,
  type DataTable,
  type FieldBounds,
  type FitId,
  fitById,
  isLawsView,
  LAWS_VIEWS,
  type LawsData,
  type LawsView,
  lawsData,
  type PlacedModel,
  placeModels,
  TOKENS_PER_PARAM_BOUNDS,
  VIEW_NAMES,
} from './laws.data';
import { styles } from './laws.styles';

const LAWS_FIELDS = ['budget', 'tokensPerParam'] as const;
type LawsField = (typeof LAWS_FIELDS)[number];

/** Each numeric field: its label and what it accepts. */
const FIELDS: Readonly<
  Record<LawsField, { readonly label: string; readonly bounds: FieldBounds }>
> = {
  budget: { label: 'Budget (FLOPs)', bounds: BUDGET_BOUNDS },
  tokensPerParam: { label: 'Tokens per parameter', bounds: TOKENS_PER_PARAM_BOUNDS },
};

/** Which numeric fields each view shows. */
const FIELDS_OF: Readonly<Record<LawsView, readonly LawsField[]>> = {
  n: ['tokensPerParam'],
  d: ['tokensPerParam'],
  c: [],
  isoflop: ['budget'],
  frontier: ['budget', 'tokensPerParam'],
};

/** A numeric field's state: the text shown, the last valid value, and why the text is not. */
interface FieldState {
  text: string;
  good: number;
  error: string | undefined;
}

/**
 * The scaling laws, drawn: loss against parameters N, tokens D and compute C (Kaplan et al.
 * 2020 beside Chinchilla), isoFLOP curves, and the compute-optimal frontier under both
 * Chinchilla fits (Hoffmann et al. 2022 and the Besiroglu et al. 2024 re-fit) with GPT-3,
 * Chinchilla and Llama 2 70B placed on it. Every curve names its law and source; the plotted
 * numbers are also in a table. A bad entry in a field is named at the field, and the last good
 * chart stays.
 *
 * @slot caption - Replaces the note under the chart on comparing Kaplan and Chinchilla losses.
 * @event ps-error - The chart could not be drawn (`detail.message` says why).
 * @csspart tabs - The row of view tabs.
 * @csspart controls - The fit selector and the numeric fields.
 * @csspart input - Each numeric field.
 * @csspart chart - The box that holds the Plot figure.
 * @csspart table - Each data table.
 * @cssproperty --ps-font - Font of the element.
 * @cssproperty --ps-color - Text colour, and the colour of labelled dots.
 * @cssproperty --ps-muted - Colour of labels and notes.
 * @cssproperty --ps-surface - Background, and the halo behind chart labels.
 * @cssproperty --ps-border - Borders of tabs, fields and table rows.
 * @cssproperty --ps-input-bg - Background of the numeric fields and the fit selector.
 * @cssproperty --ps-accent - The selected tab.
 * @cssproperty --ps-bad - Validation messages.
 * @cssproperty --ps-chart-font - Font of the chart's axes and labels.
 */
export class PsLaws extends LitElement {
  static override styles = styles;

  static override properties = {
    view: { reflect: true },
    fit: { reflect: true },
    budget: { type: Number },
    tokensPerParam: { type: Number, attribute: 'tokens-per-param' },
    fields: { state: true },
    badAttribute: { state: true },
  };

  /** Which chart: `n`, `d`, `c` (loss against each), `isoflop` or `frontier`. */
  declare view: LawsView;
  /** Chinchilla fit of the loss views and the emphasised frontier: `hoffmann-2022` or `besiroglu-2024`. */
  declare fit: FitId;
  /** A training budget in FLOPs: a highlighted isoFLOP curve, a rule on the frontier. */
  declare budget: number;
  /** Tokens per parameter of the Chinchilla curves against N and D and of the frontier's rule line. */
  declare tokensPerParam: number;

  declare private fields: Readonly<Record<LawsField, FieldState>>;
  /** What was wrong with a `view` or `fit` given as an attribute or property. */
  declare private badAttribute: string | undefined;

  /** The last valid view and fit: a bad attribute keeps the chart as it was. */
  private goodView: LawsView = 'n';
  private goodFit: FitId = 'hoffmann-2022';

  constructor() {
    super();
    this.view = 'n';
    this.fit = 'hoffmann-2022';
    this.budget = 5.76e23; // Gopher's and Chinchilla's budget (Hoffmann et al. 2022 §4)
    this.tokensPerParam = tokensPerParamRule;
    this.fields = {
      budget: { text: exponentNotation(this.budget), good: this.budget, error: undefined },
      tokensPerParam: {
        text: String(this.tokensPerParam),
        good: this.tokensPerParam,
        error: undefined,
      },
    };
    this.badAttribute = undefined;
  }

  private readonly tabs = new Tabs<LawsView>(this, {
    ids: LAWS_VIEWS,
    names: VIEW_NAMES,
    label: 'Scaling-law views',
    idAttribute: literal`data-view`,
    selected: () => this.goodView,
    select: (view) => {
      this.view = view;
    },
  });

  private readonly chart = new Task(this, {
    task: async ([view, fitId, budget, tokensPerParam], { signal }) => {
      await whenVisible(this);
      const [Plot, models] = await Promise.all([
        loadPlot(),
        view === 'frontier' ? loadPlacedModels() : Promise.resolve([] as PlacedModel[]),
      ]);
      signal.throwIfAborted();
      const fit = fitById(fitId) ?? HOFFMANN_2022;
      const data = lawsData({ view, fit, budget, tokensPerParam, models });
      return { data, figure: lawsFigure(Plot, data) };
    },
    args: () =>
      [
        this.goodView,
        this.goodFit,
        this.fields.budget.good,
        this.fields.tokensPerParam.good,
      ] as const,
    onError: (error) =>
      emit(this, 'ps-error', {
        source: 'ps-laws',
        message: error instanceof Error ? error.message : String(error),
      }),
  });

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('view') || changed.has('fit')) {
      const problems: string[] = [];
      if (isLawsView(this.view)) this.goodView = this.view;
      else problems.push(`There is no view “${this.view}”; views are ${LAWS_VIEWS.join(', ')}.`);
      if (fitById(this.fit)) this.goodFit = this.fit;
      else problems.push(`There is no fit “${this.fit}”; fits are ${fitIds().join(', ')}.`);
      this.badAttribute = problems.length ? problems.join(' ') : undefined;
    }
    // A value set from outside (attribute, property) is shown and checked like typed text.
    for (const name of LAWS_FIELDS) {
      if (!changed.has(name)) continue;
      const value = this[name];
      this.takeField(
        name,
        String(value),
        Number.isFinite(value) ? formatForField(name, value) : '',
      );
    }
  }

  /** Checks `text` for the field `name`, showing `shown`; a good value becomes the drawn one. */
  private takeField(name: LawsField, text: string, shown = text): number | string {
    const checked = checkField(text, FIELDS[name].bounds);
    const good = typeof checked === 'number' ? checked : this.fields[name].good;
    const error = typeof checked === 'string' ? checked : undefined;
    this.fields = { ...this.fields, [name]: { text: shown, good, error } };
    return checked;
  }

  override render() {
    const view = this.goodView;
    return html`
      ${this.tabs.renderTabs()}
      ${this.tabs.renderPanel(html`
        ${this.renderControls(view)}
        ${this.chart.render({
          initial: () => html`<p class="status">Drawing…</p>`,
          pending: () =>
            this.chart.value
              ? this.renderChart(this.chart.value.data, this.chart.value.figure, true)
              : html`<p class="status">Drawing…</p>`,
          complete: ({ data, figure }) => this.renderChart(data, figure, false),
          error: (error) =>
            html`<p class="status bad" role="alert">
              The chart could not be drawn: ${error instanceof Error ? error.message : String(error)}
            </p>`,
        })}
      `)}
    `;
  }

  private renderControls(view: LawsView) {
    return html`<div part="controls" class="controls">
      <div class="field">
        <label for="fit">Chinchilla fit</label>
        <select
          id="fit"
          aria-invalid=${this.badAttribute ? 'true' : 'false'}
          aria-describedby="attribute-error"
          @change=${(e: Event) => {
            this.fit = (e.target as HTMLSelectElement).value as FitId;
          }}
        >
          ${CHINCHILLA_FITS.map(
            (fit) =>
              html`<option value=${fit.id} ?selected=${fit.id === this.goodFit}>
                ${fit.label}
              </option>`,
          )}
        </select>
        ${
          this.badAttribute
            ? html`<p id="attribute-error" class="field-error" role="alert">
                ${this.badAttribute}
              </p>`
            : nothing
        }
      </div>
      ${FIELDS_OF[view].map((name) => this.renderField(name))}
    </div>`;
  }

  private renderField(name: LawsField) {
    const { label, bounds } = FIELDS[name];
    const { text, error } = this.fields[name];
    const messageId = `${name}-message`;
    return html`<div class="field">
      <label for=${name}>${label}</label>
      ${numberInput({
        id: name,
        part: 'input',
        text,
        error,
        describedBy: messageId,
        commitOn: 'change',
        onText: (typed) => {
          const checked = this.takeField(name, typed);
          // Only a valid value becomes the property, so the attribute never holds a bad one.
          if (typeof checked === 'number') this[name] = checked;
        },
      })}
      ${
        error
          ? html`<p id=${messageId} class="field-error" role="alert">${error}</p>`
          : html`<p id=${messageId} class="field-hint">
              ${bounds.show(bounds.min)} to ${bounds.show(bounds.max)}
            </p>`
      }
    </div>`;
  }

  private renderChart(data: LawsData, figure: Element, stale: boolean) {
    return html`<figure aria-busy=${stale ? 'true' : 'false'}>
        <div part="chart" class=${stale ? 'stale' : ''}>${figure}</div>
        <figcaption>
          <ul class="sources">
            ${data.sources.map(
              (source) => html`<li>
                <span class="series">${source.label}</span>:
                ${source.href ? html`<a href=${source.href}>${source.citation}</a>` : source.citation}
              </li>`,
            )}
          </ul>
          <p class="caption">
            <slot name="caption">
              Kaplan et al. fitted WebText2 and Hoffmann et al. MassiveText, with different
              tokenizers: the two laws' losses are not comparable in absolute value; compare the
              shapes and slopes of their curves.
            </slot>
          </p>
        </figcaption>
      </figure>
      <details class="data">
        <summary>The plotted data as a table</summary>
        ${data.tables.map(renderTable)}
      </details>`;
  }
}

function renderTable(table: DataTable) {
  return html`<table part="table" data-table=${table.id}>
    <caption>${table.caption}</caption>
    <thead>
      <tr>${table.head.map((h) => html`<th scope="col">${h}</th>`)}</tr>
    </thead>
    <tbody>
      ${table.rows.map(
        (row) => html`<tr>
          ${row.map((cell, i) => (i === 0 ? html`<th scope="row">${renderCell(cell)}</th>` : html`<td>${renderCell(cell)}</td>`))}
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function renderCell(cell: Cell) {
  return typeof cell === 'string' ? cell : html`<a href=${cell.href}>${cell.text}</a>`;
}

/** The frontier's models, from the dataset, which brings zod and JSON: loaded on first use. */
async function loadPlacedModels(): Promise<PlacedModel[]> {
  const { notableModels } = await import('../../scaling/notable-models');
  return placeModels(notableModels());
}

function fitIds(): string[] {
  return CHINCHILLA_FITS.map((fit) => fit.id);
}

/** A value set from outside, as the field shows it: budgets in exponent notation. */
function formatForField(name: LawsField, value: number): string {
  return name === 'budget' && Math.abs(value) >= 1e6 ? exponentNotation(value) : String(value);
}
