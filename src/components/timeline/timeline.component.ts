import { Task } from '@lit/task';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { NotableModel } from '../../scaling/notable-models';
import { emit } from '../events';
import { sourceLabel } from '../shared/links';
import { loadPlot, whenVisible } from '../shared/plot';
import { type TimelinePoint, timelineFigure } from './timeline.chart';
import {
  COLOR_BY,
  type ColorBy,
  computeText,
  DOMAIN_FILTERS,
  type DomainFilter,
  filterModels,
  isOneOf,
  monthText,
  PARAMETER_GAP,
  parametersText,
  WEIGHTS_FILTERS,
  type WeightsFilter,
} from './timeline.data';
import { styles } from './timeline.styles';

/** The select each filter attribute drives, its label and its values. */
const SELECTS = {
  domain: { label: 'Domain', values: DOMAIN_FILTERS },
  weights: { label: 'Weights', values: WEIGHTS_FILTERS },
  colorBy: { label: 'Colour by', values: COLOR_BY },
} as const;
type SelectName = keyof typeof SELECTS;

const ATTRIBUTE_OF: Readonly<Record<SelectName, string>> = {
  domain: 'domain',
  weights: 'weights',
  colorBy: 'color-by',
};

const OPTION_TEXT: Readonly<Record<string, string>> = {
  all: 'All',
  open: 'Open weights',
  closed: 'Closed weights',
  domain: 'Domain',
  weights: 'Open or closed',
};

/**
 * Parameters of notable models over time, on a log axis, with the 20B–70B "parameter gap" of
 * Villalobos et al. 2022 shaded. Hovering a dot gives its details, and every model shown is
 * also in a table. Estimates (counts the developer never published, such as GPT-4's rumoured
 * 1.76T) are drawn as hollow rings and labelled. The dataset loads on first use.
 *
 * @slot note - Replaces the note on the dataset and its cut-off under the chart.
 * @event ps-error - The dataset or the chart could not be loaded (`detail.message` says why).
 * @csspart controls - The filter selects.
 * @csspart chart - The box that holds the Plot figure.
 * @csspart table - The table of the models shown.
 * @cssproperty --ps-font - Font of the element.
 * @cssproperty --ps-color - Text colour.
 * @cssproperty --ps-muted - Colour of labels and notes.
 * @cssproperty --ps-surface - Background, and the halo behind chart labels.
 * @cssproperty --ps-border - Borders of selects and table rows.
 * @cssproperty --ps-input-bg - Background of the filter selects.
 * @cssproperty --ps-bad - Validation messages.
 * @cssproperty --ps-gap - Fill of the parameter-gap band.
 * @cssproperty --ps-chart-font - Font of the chart's axes and labels.
 */
export class PsTimeline extends LitElement {
  static override styles = styles;

  static override properties = {
    domain: { reflect: true },
    weights: { reflect: true },
    colorBy: { reflect: true, attribute: 'color-by' },
    problems: { state: true },
  };

  /** Show one domain only: `language`, `vision`, `multimodal`, `games`, `speech`, `other`, or `all`. */
  declare domain: DomainFilter;
  /** Show models whose weights are `open`, `closed`, or `all`. */
  declare weights: WeightsFilter;
  /** Colour the dots by `domain` or by `weights` (open or closed). */
  declare colorBy: ColorBy;

  /** Why a filter attribute was refused, by select. */
  declare private problems: Readonly<Partial<Record<SelectName, string>>>;

  /** The last valid filters: a bad attribute keeps the chart as it was. */
  private good: { domain: DomainFilter; weights: WeightsFilter; colorBy: ColorBy } = {
    domain: 'all',
    weights: 'all',
    colorBy: 'domain',
  };

  constructor() {
    super();
    this.domain = 'all';
    this.weights = 'all';
    this.colorBy = 'domain';
    this.problems = {};
  }

  private readonly chart = new Task(this, {
    task: async ([domain, weights, colorBy], { signal }) => {
      await whenVisible(this);
      const [Plot, dataset] = await Promise.all([
        loadPlot(),
        // The dataset brings a JSON file and zod: loaded on first use, never with the element.
        import('../../scaling/notable-models'),
      ]);
      signal.throwIfAborted();
      const all = dataset.notableModels();
      const shown = filterModels(all, { domain, weights });
      const points: TimelinePoint[] = shown.map((model) => ({ model, when: dateOf(model) }));
      return {
        shown,
        total: all.length,
        cutoff: dataset.DATA_CUTOFF,
        figure: points.length ? timelineFigure(Plot, points, colorBy) : undefined,
      };
    },
    args: () => [this.good.domain, this.good.weights, this.good.colorBy] as const,
    onError: (error) =>
      emit(this, 'ps-error', {
        source: 'ps-timeline',
        message: error instanceof Error ? error.message : String(error),
      }),
  });

  override willUpdate(changed: PropertyValues<this>) {
    if (!(changed.has('domain') || changed.has('weights') || changed.has('colorBy'))) return;
    const problems: Partial<Record<SelectName, string>> = {};
    for (const name of Object.keys(SELECTS) as SelectName[]) {
      const value: unknown = this[name];
      const { values } = SELECTS[name];
      if (isOneOf<string>(values, value)) {
        (this.good as Record<SelectName, string>)[name] = value;
      } else {
        problems[name] =
          `No ${ATTRIBUTE_OF[name]} “${String(value)}”: use one of ${values.join(', ')}.`;
      }
    }
    this.problems = problems;
  }

  override render() {
    return html`
      <div part="controls" class="controls">
        ${(Object.keys(SELECTS) as SelectName[]).map((name) => this.renderSelect(name))}
      </div>
      ${this.chart.render({
        initial: () => html`<p class="status">Loading the models…</p>`,
        pending: () =>
          this.chart.value
            ? this.renderChart(this.chart.value, true)
            : html`<p class="status">Loading the models…</p>`,
        complete: (value) => this.renderChart(value, false),
        error: (error) =>
          html`<p class="status bad" role="alert">
            The models could not be loaded: ${error instanceof Error ? error.message : String(error)}
          </p>`,
      })}
    `;
  }

  private renderSelect(name: SelectName) {
    const { label, values } = SELECTS[name];
    const problem = this.problems[name];
    const id = `${name}-select`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select
        id=${id}
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${`${name}-message`}
        @change=${(e: Event) => {
          const value = (e.target as HTMLSelectElement).value;
          if (name === 'domain') this.domain = value as DomainFilter;
          else if (name === 'weights') this.weights = value as WeightsFilter;
          else this.colorBy = value as ColorBy;
        }}
      >
        ${values.map(
          (value) =>
            html`<option value=${value} ?selected=${value === this.good[name]}>
              ${OPTION_TEXT[value] ?? capitalise(value)}
            </option>`,
        )}
      </select>
      ${
        problem
          ? html`<p id=${`${name}-message`} class="field-error" role="alert">${problem}</p>`
          : nothing
      }
    </div>`;
  }

  private renderChart(
    value: {
      shown: readonly NotableModel[];
      total: number;
      cutoff: string;
      figure: Element | undefined;
    },
    stale: boolean,
  ) {
    const { shown, total, cutoff, figure } = value;
    const estimates = shown.filter((m) => m.estimate).length;
    return html`<figure aria-busy=${stale ? 'true' : 'false'}>
        ${
          figure
            ? html`<div part="chart" class=${stale ? 'stale' : ''}>${figure}</div>`
            : html`<p class="status empty">No model in the dataset matches these filters.</p>`
        }
        <figcaption>
          <p class="count">
            ${shown.length} of ${total} models.
            ${
              estimates
                ? html`Hollow dashed rings are estimates (${estimates}): parameter counts their
                    developers never published.`
                : nothing
            }
            The shaded band is the
            <a href=${PARAMETER_GAP.href}>${PARAMETER_GAP.label}</a> (${PARAMETER_GAP.citation}):
            from 2020 on, few models fell between 20B and 70B parameters.
          </p>
          <p class="caption cutoff">
            <slot name="note">
              Data cut-off: ${monthText(cutoff)}. Each count is taken from the model's paper,
              card or announcement; the selection follows Epoch AI's Notable AI Models.
            </slot>
          </p>
        </figcaption>
      </figure>
      <details class="data">
        <summary>The models shown, as a table</summary>
        <table part="table">
          <caption>
            ${shown.length} models, in date order
          </caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Organisation</th>
              <th scope="col">Date</th>
              <th scope="col">Domain</th>
              <th scope="col">Parameters</th>
              <th scope="col">Training compute</th>
              <th scope="col">Weights</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            ${shown.map(
              (m) => html`<tr class=${m.estimate ? 'estimate' : ''}>
                <th scope="row">${m.name}</th>
                <td>${m.organization}</td>
                <td>${m.date}</td>
                <td>${m.domain}</td>
                <td>${parametersText(m)}</td>
                <td>${computeText(m)}</td>
                <td>${m.weights}</td>
                <td><a href=${m.source}>${sourceLabel(m.source)}</a></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </details>`;
  }
}

/**
 * A model's date as a UTC Date; a month-only date is the first of its month. The dataset's
 * schema has already checked that each date is a YYYY-MM or YYYY-MM-DD calendar date.
 */
function dateOf(model: NotableModel): Date {
  const [year = Number.NaN, month = 1, day = 1] = model.date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
