import { Task, TaskStatus } from '@lit/task';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { literal } from 'lit/static-html.js';
import type { ResultRecord } from '../../bench/result';
import { emit } from '../events';
import { loadPlot, whenVisible } from '../shared/plot';
import { Tabs } from '../shared/tabs';
import { COMPARE_HEAD, compareCells, compareSeries } from './chart.compare';
import {
  type ChartData,
  chartData,
  type LegendEntry,
  type Series,
  usableBandwidth,
} from './chart.data';
import {
  CHART_METRICS,
  type ChartMetric,
  isChartMetric,
  METRIC_NAMES,
  METRICS,
} from './chart.metrics';
import { captionLines, download, pictureBlobPng, pictureSvg } from './chart.picture';
import { chartFigure, DEFAULT_WIDTH } from './chart.plot';
import { checkRecord, parseRecordsAttribute, ResultListener } from './chart.results';
import { styles } from './chart.styles';

/** What can be wrong with the element's inputs; each is shown until it is put right. */
type Problem = 'metric' | 'records' | 'result' | 'bandwidth' | 'src' | 'picture';

/**
 * Measured latency and memory against parameter count, log-log: prefill and decode time
 * (medians with p10–p90 whiskers), decode throughput, and peak GPU memory beside its
 * estimate. One series per engine and weight precision (f32, f16), each with its power-law
 * fit and exponent; f16 in its engine's colour, with squares and a dashed fit; unstable
 * timings drawn hollow; details on hover, and every plotted value in a table. Given a
 * measured memory bandwidth, the decode view also draws each model's bandwidth floor
 * (weight bytes ÷ bandwidth) and the table gives the share of it reached.
 *
 * Records come from the `records` property, JSON in the `records` attribute, a published
 * file (`src`, drawn as series of its own beside the others), or `ps-result`
 * events: from the element whose id is `for` (a <ps-bench>, its subtree and shadow root), or
 * from anywhere on the page with `listen`. Of several records of one model on one engine at
 * one precision, the latest (by `time`) is shown.
 *
 * @slot empty - Replaces "No results yet — run a benchmark", shown while there is no record.
 * @slot caption - A note of the page's own, under the chart's notes.
 * @event ps-error - The chart could not be drawn (`detail.message` says why).
 * @csspart tabs - The row of metric tabs.
 * @csspart chart - The box that holds the Plot figure.
 * @csspart legend - The list of series, with each one's fit.
 * @csspart table - The table of the plotted values.
 * @csspart compare - The view that sets two series side by side.
 * @cssproperty --ps-font - Font of the element.
 * @cssproperty --ps-color - Text colour.
 * @cssproperty --ps-muted - Colour of notes and of tabs not selected.
 * @cssproperty --ps-surface - Background.
 * @cssproperty --ps-border - Borders of tabs and table rows.
 * @cssproperty --ps-accent - The selected tab.
 * @cssproperty --ps-bad - Messages about a bad attribute or event.
 * @cssproperty --ps-chart-font - Font of the chart's axes.
 * @cssproperty --ps-engine-wgsl - Colour of the wgsl engine's series, at every precision.
 * @cssproperty --ps-engine-ort-webgpu - Colour of the ort-webgpu engine's series.
 * @cssproperty --ps-engine-ort-wasm - Colour of the ort-wasm engine's series.
 * @cssproperty --ps-estimate - Colour of the memory estimate.
 * @cssproperty --ps-floor - Colour of the bandwidth floor.
 */
export class PsChart extends LitElement {
  static override styles = styles;

  static override properties = {
    metric: { reflect: true },
    records: { attribute: false },
    recordsJson: { attribute: 'records' },
    src: {},
    published: { state: true },
    htmlFor: { attribute: 'for' },
    listen: { type: Boolean },
    bandwidth: { type: Number },
    hiddenSeries: { state: true },
    comparing: { state: true },
    problems: { state: true },
  };

  /** Which chart: `prefill`, `decode` (ms per token), `memory` or `throughput` (tokens/s). */
  declare metric: ChartMetric;
  /** The results drawn (ResultRecord, schema 1); assign a new array to redraw. */
  declare records: ResultRecord[];
  /** `id` of the element (a <ps-bench>) whose `ps-result` events add to `records`; attribute `for`. */
  declare htmlFor: string;
  /** Add every `ps-result` that reaches the document to `records`. */
  declare listen: boolean;
  /** Measured memory bandwidth in GB/s: the decode view draws the floor it sets; unset, nothing. */
  declare bandwidth: number | undefined;
  /**
   * URL of a JSON file of published records (schema 1), drawn beside `records` as series of
   * their own, labelled with the file's name and the day measured: no bench and no GPU needed.
   */
  declare src: string;

  declare private published:
    | { readonly name: string; readonly records: ResultRecord[] }
    | undefined;

  /** The `records` attribute's JSON; read into `records` when it parses. */
  declare private recordsJson: string | null;
  declare private problems: Readonly<Partial<Record<Problem, string>>>;
  /** Series the reader hid with their legend buttons. */
  declare private hiddenSeries: ReadonlySet<string>;
  /** The two series of the compare view, by id; unset, the first two. */
  declare private comparing: readonly [string, string] | null;

  /** The last valid metric: a bad attribute keeps the chart as it was. */
  private goodMetric: ChartMetric = 'prefill';
  /** What is drawn and tabulated, recomputed when records, metric or bandwidth change. */
  private data: ChartData = chartData({ records: [], metric: 'prefill', bandwidth: undefined });
  /** Counts reads of the attribute, so that a slow parse never overwrites a later one. */
  private attributeReads = 0;

  constructor() {
    super();
    this.metric = 'prefill';
    this.records = [];
    this.htmlFor = '';
    this.listen = false;
    this.bandwidth = undefined;
    this.recordsJson = null;
    this.problems = {};
    this.hiddenSeries = new Set();
    this.comparing = null;
    this.src = '';
    this.published = undefined;
  }

  private readonly results = new ResultListener(
    this,
    () => ({ from: this.htmlFor || undefined, any: this.listen }),
    (detail) => void this.take(detail),
    (records) => void this.takeHistory(records),
    (bandwidthGBs) => {
      // Measured by the bench on this device: the latest measurement sets the floor.
      if (Number.isFinite(bandwidthGBs) && bandwidthGBs > 0) this.bandwidth = bandwidthGBs;
    },
  );

  private readonly tabs = new Tabs<ChartMetric>(this, {
    ids: CHART_METRICS,
    names: METRIC_NAMES,
    label: 'Metrics',
    idAttribute: literal`data-metric`,
    selected: () => this.goodMetric,
    select: (metric) => {
      this.metric = metric;
    },
  });

  /** The element's width in px, rounded to 20 so that a resize redraws only now and then. */
  private width = DEFAULT_WIDTH;
  private readonly resize =
    typeof ResizeObserver === 'undefined'
      ? undefined
      : new ResizeObserver(([entry]) => {
          const width = Math.round((entry?.contentRect.width ?? 0) / 20) * 20;
          if (width > 0 && width !== this.width) {
            this.width = width;
            this.requestUpdate();
          }
        });

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize?.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
  }

  private readonly chart = new Task(this, {
    task: async ([data, width], { signal }) => {
      if (!drawable(data)) return undefined;
      await whenVisible(this);
      const Plot = await loadPlot();
      signal.throwIfAborted();
      return chartFigure(Plot, data, width);
    },
    args: () => [this.data, this.width] as const,
    onError: (error) =>
      emit(this, 'ps-error', {
        source: 'ps-chart',
        message: error instanceof Error ? error.message : String(error),
      }),
  });

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('metric')) {
      if (isChartMetric(this.metric)) {
        this.goodMetric = this.metric;
        this.setProblem('metric', undefined);
      } else {
        this.setProblem(
          'metric',
          `There is no metric “${String(this.metric)}”; metrics are ${CHART_METRICS.join(', ')}.`,
        );
      }
    }
    if (changed.has('bandwidth')) {
      const bad = this.bandwidth != null && usableBandwidth(this.bandwidth) === undefined;
      this.setProblem(
        'bandwidth',
        bad
          ? 'The bandwidth must be a number of GB/s above 0, for example 400; no floor is drawn.'
          : undefined,
      );
    }
    // A private property is not a key of `this`: PropertyValues<this> cannot name it.
    if ((changed as Map<PropertyKey, unknown>).has('recordsJson')) {
      void this.readAttribute(this.recordsJson);
    }
    if (changed.has('htmlFor') || changed.has('listen')) this.results.refresh();
    if (changed.has('src')) void this.readSrc(this.src);
    if (
      (changed as Map<PropertyKey, unknown>).has('published') ||
      changed.has('records') ||
      changed.has('metric') ||
      changed.has('bandwidth') ||
      (changed as Map<PropertyKey, unknown>).has('hiddenSeries')
    ) {
      this.data = chartData({
        records: this.records,
        metric: this.goodMetric,
        bandwidth: usableBandwidth(this.bandwidth),
        hidden: this.hiddenSeries,
        published: this.published,
      });
    }
  }

  private setProblem(problem: Problem, message: string | undefined) {
    if (this.problems[problem] === message) return;
    const { [problem]: _, ...others } = this.problems;
    this.problems = message ? { ...others, [problem]: message } : others;
  }

  private async readAttribute(json: string | null) {
    const read = ++this.attributeReads;
    if (json === null) {
      this.setProblem('records', undefined);
      return;
    }
    try {
      const records = await parseRecordsAttribute(json);
      if (read !== this.attributeReads) return;
      this.records = records;
      this.setProblem('records', undefined);
    } catch (error) {
      if (read !== this.attributeReads) return;
      this.setProblem(
        'records',
        `The records attribute could not be read: ${messageOf(error)}. The chart keeps the last good records.`,
      );
    }
  }

  /** Counts fetches of `src`, so that a slow one never overwrites a later one. */
  private srcReads = 0;

  private async readSrc(src: string) {
    const read = ++this.srcReads;
    if (!src) {
      this.published = undefined;
      this.setProblem('src', undefined);
      return;
    }
    try {
      // A published file is untrusted input: it brings the schema, so it waits to be seen too.
      await whenVisible(this);
      const response = await fetch(src);
      if (!response.ok)
        throw new Error(`the server answered ${response.status} ${response.statusText}`);
      const records = await parseRecordsAttribute(await response.text());
      if (read !== this.srcReads) return;
      const name = new URL(src, document.baseURI).pathname.split('/').pop() || src;
      this.published = { name, records };
      this.setProblem('src', undefined);
    } catch (error) {
      if (read !== this.srcReads) return;
      this.setProblem('src', `The results at ${src} could not be read: ${messageOf(error)}.`);
    }
  }

  /** The chart as a standalone SVG with its caption (every series, device and date); null before it is drawn. */
  pictureSvg(): string | null {
    const drawn = this.renderRoot.querySelector<SVGSVGElement>('[part="chart"]:not(.stale) > svg');
    if (!drawn) return null;
    const records = [...this.records, ...(this.published?.records ?? [])];
    const dates = [...new Set(records.map((r) => r.time.slice(0, 10)))].sort();
    return pictureSvg(drawn, captionLines(this.data, dates));
  }

  private async savePicture(format: 'svg' | 'png') {
    const svg = this.pictureSvg();
    if (!svg) return;
    const name = `paramscope-${this.goodMetric}.${format}`;
    try {
      download(
        format === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await pictureBlobPng(svg),
        name,
      );
      this.setProblem('picture', undefined);
    } catch (error) {
      this.setProblem(
        'picture',
        `The ${format.toUpperCase()} could not be made: ${messageOf(error)}.`,
      );
    }
  }

  /** A `ps-result` from the source: checked, then added to the records. */
  private async take(detail: unknown) {
    try {
      const record = await checkRecord(detail);
      this.records = [...this.records, record];
      this.setProblem('result', undefined);
    } catch (error) {
      this.setProblem('result', `A ps-result event was ignored: ${messageOf(error)}.`);
    }
  }

  /** A `ps-history` from the source: its records, checked, replace the chart's. */
  private async takeHistory(details: readonly unknown[]) {
    try {
      this.records = await Promise.all(details.map(checkRecord));
      this.setProblem('result', undefined);
    } catch (error) {
      this.setProblem('result', `A ps-history event was ignored: ${messageOf(error)}.`);
    }
  }

  override render() {
    const problems = Object.entries(this.problems);
    return html`
      ${this.tabs.renderTabs()}
      ${this.tabs.renderPanel(html`
        ${
          problems.length
            ? html`<div class="problems" role="alert">
                ${problems.map(
                  ([problem, message]) =>
                    html`<p class="status bad" data-problem=${problem}>${message}</p>`,
                )}
              </div>`
            : nothing
        }
        ${
          this.data.empty
            ? html`<p class="status empty">
                <slot name="empty">No results yet — run a benchmark</slot>
              </p>`
            : this.renderResults(this.data)
        }
      `)}
    `;
  }

  private renderResults(data: ChartData) {
    return html`<figure aria-busy=${this.chart.status === TaskStatus.PENDING ? 'true' : 'false'}>
        ${
          drawable(data)
            ? this.renderFigure()
            : html`<p class="status">${
                data.legend.some((e) => e.hidden)
                  ? 'Every series is hidden: press one in the legend to show it.'
                  : METRICS[data.metric].text.nothingMeasured
              }</p>`
        }
        <figcaption>
          <ul part="legend" class="legend">
            ${data.legend.map((entry) => this.renderLegendEntry(entry))}
          </ul>
          ${data.notes.map((note) => html`<p class="caption">${note}</p>`)}
          <p class="caption"><slot name="caption"></slot></p>
          ${
            drawable(data)
              ? html`<p class="actions">
                  <button type="button" class="save-svg" @click=${() => this.savePicture('svg')}>
                    Download SVG
                  </button>
                  <button type="button" class="save-png" @click=${() => this.savePicture('png')}>
                    Download PNG
                  </button>
                </p>`
              : nothing
          }
        </figcaption>
      </figure>
      <details class="data">
        <summary>The plotted values as a table</summary>
        <div class="scroll">
        <table part="table" data-metric=${data.metric}>
          <caption>${data.table.caption}</caption>
          <thead>
            <tr>${data.table.head.map((head) => html`<th scope="col">${head}</th>`)}</tr>
          </thead>
          <tbody>
            ${data.table.rows.map(
              (row) => html`<tr data-engine=${row.engine} class=${row.unstable ? 'unstable' : ''}>
                ${row.cells.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}
              </tr>`,
            )}
          </tbody>
        </table>
        </div>
      </details>
      ${this.renderCompare(data)}`;
  }

  /** Two series side by side: the ratio at each shared size and of their fits. */
  private renderCompare(data: ChartData) {
    const { series, points } = data.comparable;
    if (series.length < 2) return nothing;
    const byId = (id: string | undefined) => series.find((s) => s.id === id);
    const a = byId(this.comparing?.[0]) ?? series[0]!;
    const b = byId(this.comparing?.[1]) ?? series.find((s) => s.id !== a.id)!;
    const comparison = compareSeries(a, b, points);
    const choose = (which: 0 | 1, chosen: Series) => html`<select
      name=${which === 0 ? 'compare-a' : 'compare-b'}
      @change=${(e: Event) => {
        // Two changes may come before a render: build on the latest choice, not this render's.
        const id = (e.target as HTMLSelectElement).value;
        const [first, second] = this.comparing ?? [a.id, b.id];
        this.comparing = which === 0 ? [id, second] : [first, id];
      }}
    >
      ${series.map((s) => html`<option value=${s.id} ?selected=${s.id === chosen.id}>${s.name}</option>`)}
    </select>`;
    return html`<details class="data compare" part="compare">
      <summary>Compare two series</summary>
      <p class="pick">
        <label>a ${choose(0, a)}</label> <label>b ${choose(1, b)}</label>
      </p>
      <div class="scroll">
        <table data-compare>
          <caption>${data.yLabel.split(',')[0]}: a ÷ b at each size both measured</caption>
          <thead><tr>${COMPARE_HEAD.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
          <tbody>
            ${comparison.rows.map(
              (row) => html`<tr>
                ${compareCells(row).map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="caption">
        ${comparison.summary} Ranges: the lowest and highest ratio the two spreads allow (a's
        low ÷ b's high to a's high ÷ b's low), so they are wide on purpose.
      </p>
    </details>`;
  }

  /** A series' entry is a toggle: pressed while it is drawn. Guides are plain entries. */
  private renderLegendEntry(entry: LegendEntry) {
    const text = html`<span class="swatch" aria-hidden="true"></span>
      <span class="label">${entry.label}</span>${
        entry.device ? html` · <span class="device">${entry.device}</span>` : nothing
      }:
      <span class="detail">${entry.detail}</span>`;
    if (!entry.device) {
      return html`<li data-series=${entry.series} class=${entry.className}>${text}</li>`;
    }
    return html`<li data-series=${entry.series} class="${entry.className} ${entry.hidden ? 'hidden' : ''}">
      <button
        type="button"
        class="toggle"
        aria-pressed=${entry.hidden ? 'false' : 'true'}
        title=${entry.hidden ? 'Show this series' : 'Hide this series'}
        @click=${() => this.toggleSeries(entry.series)}
      >${text}</button>
    </li>`;
  }

  /** Hides a drawn series or shows a hidden one; its table rows stay. */
  toggleSeries(id: string): void {
    const hidden = new Set(this.hiddenSeries);
    if (!hidden.delete(id)) hidden.add(id);
    this.hiddenSeries = hidden;
  }

  private renderFigure() {
    const drawing = html`<p class="status">Drawing…</p>`;
    return this.chart.render({
      initial: () => drawing,
      pending: () =>
        this.chart.value
          ? html`<div part="chart" class="stale">${this.chart.value}</div>`
          : drawing,
      complete: (figure) => (figure ? html`<div part="chart">${figure}</div>` : nothing),
      error: (error) =>
        html`<p class="status bad" role="alert">The chart could not be drawn: ${messageOf(error)}</p>`,
    });
  }
}

/** Something a log-log chart can show. */
function drawable(data: ChartData): boolean {
  return data.points.length > 0 || data.estimates.length > 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
