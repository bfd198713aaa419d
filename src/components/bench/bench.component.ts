import { Task } from '@lit/task';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { toCsv, toJson } from '../../bench/export';
import type { PageRoofline } from '../../bench/page-run';
import type { Progress } from '../../bench/protocol';
import type { ResultRecord } from '../../bench/result';
import type { VerifyRow } from '../../bench/verify';
import { cachedHubFiles, clearHubCache } from '../../engines/hub/hub-download';
import { ENGINE_IDS, ENGINE_PRECISIONS, ENGINES } from '../../engines/registry';
import { type GpuProvider, GpuUnavailableError, pageGpu } from '../../gpu';
import { isHubId } from '../../models/hub/hub-id';
import { LADDER_IDS, PRESETS } from '../../models/presets';
import { countParams, formatBytes, formatCount, PRECISION, type Precision } from '../../scaling';
import { emit } from '../events';
import { ResultHistory } from './bench.history';
import {
  type BenchSettings,
  parseSettings,
  type SettingsErrors,
  type SettingsText,
  settingsFromQuery,
  settingsToQuery,
} from './bench.options';
import { rate, resultsTable, verifyTable } from './bench.results';
import { styles } from './bench.styles';

/** `f16 runs on our engine only`: which engines hold each precision that not all of them do. */
function precisionHint(precisions: readonly Precision[]): string {
  return precisions
    .map((p) => [p, ENGINE_IDS.filter((id) => ENGINES[id].precisions.includes(p))] as const)
    .filter(([, holders]) => holders.length < ENGINE_IDS.length)
    .map(
      ([p, holders]) =>
        `${p} runs on ${holders.map((id) => ENGINES[id].shortLabel).join(', ')} only`,
    )
    .join('; ');
}

const STEP_LABELS: Readonly<Record<Progress['step'], string>> = {
  preflight: 'checking limits',
  prepare: 'generating the model',
  download: 'downloading',
  load: 'loading',
  'first-run': 'first run (compiles shaders)',
  'warm-up': 'warming up',
  prefill: 'timing prefill',
  decode: 'timing decode',
  done: 'done',
  skipped: 'skipped',
  failed: 'failed',
  'sweep-done': 'finished',
  cancelled: 'cancelled',
};

/** A row of checkboxes named `name`, one per [value, label]. */
function checkboxes(
  name: string,
  items: readonly (readonly [string, unknown])[],
  chosen: ReadonlySet<string>,
  onChange: () => void,
) {
  return html`<div class="choices">
    ${items.map(
      ([value, label]) =>
        html`<label
          ><input type="checkbox" name=${name} value=${value} .checked=${chosen.has(value)} @change=${onChange} />
          ${label}</label
        >`,
    )}
  </div>`;
}

/**
 * Runs the ladder on this machine: pick model sizes and engines, and it measures load time,
 * prefill and per-token decode latency and GPU memory with the protocol of docs/methodology.md,
 * keeping every result (IndexedDB) for the chart, export and later visits.
 *
 * Attributes mirror the URL (`?models=gpt2-3m,gpt2-7m&engines=ort-webgpu&seq=128&decode=32
 * &repeats=10&autorun=1`); with `url-state`, the element reads them from the page's URL and
 * writes them back when a run starts, so a link reproduces a run.
 *
 * @event ps-result - One finished measurement; `detail` is a ResultRecord (docs/results.md).
 * @event ps-progress - Where the sweep is: `{ model, engine, step, done, total, message? }`.
 * @event ps-error - A setting, a step or a file failed: `{ source, message, reason? }`.
 * @event ps-history - The whole history changed (restored, imported, cleared): `{ records }`.
 * @event ps-roofline - The device's measured bandwidth and matmul rate: `{ bandwidthGBs, matmulGflops }`.
 * @csspart panel - Each box of the element.
 * @csspart results - The results table.
 * @csspart verify - The table of the check against the CPU reference.
 * @cssproperty --ps-font - Font of the element.
 * @cssproperty --ps-color - Text colour.
 * @cssproperty --ps-muted - Colour of labels and spreads.
 * @cssproperty --ps-surface - Background of the boxes.
 * @cssproperty --ps-border - Border colour.
 * @cssproperty --ps-radius - Corner radius of the boxes.
 * @cssproperty --ps-bad - Colour of errors.
 */
export class PsBench extends LitElement {
  static override styles = styles;

  static override properties = {
    models: {},
    engines: {},
    dtype: {},
    seq: {},
    decode: {},
    repeats: {},
    hub: {},
    store: {},
    autorun: { type: Boolean },
    urlState: { type: Boolean, attribute: 'url-state' },
    roofline: { type: Boolean },
    verifyReports: { state: true },
    rooflineFigures: { state: true },
    progress: { state: true },
    notice: { state: true },
    hubCache: { state: true },
    dropping: { state: true },
    shareLink: { state: true },
  };

  /** Models to run, comma-separated: ladder ids (`gpt2-3m,gpt2-7m`) and hub models (`hub:owner/name[@revision]`). */
  declare models: string;
  /** The hub `hub:` models come from (default https://huggingface.co). */
  declare hub: string;
  /** Engines, comma-separated: `wgsl`, `ort-webgpu`, `ort-wasm`, `hub-webgpu`, `hub-wasm`. */
  declare engines: string;
  /** Precision of the weights: `f32`, `f16` (matrices in f16), `q8` or `q4` (block projections in MatMulNBits blocks); an engine that holds no such weights is skipped with the reason. */
  declare dtype: string;
  /** Prompt length in tokens. */
  declare seq: string;
  /** Tokens to decode after the prompt, timed per token. */
  declare decode: string;
  /** Timed runs of each kind. */
  declare repeats: string;
  /**
   * The name of the history it keeps (IndexedDB), so that benches on one page keep theirs
   * apart; unset, the element's `id`. With neither, or `store=""`, the page-wide history that
   * every bench shared before histories had names.
   */
  declare store: string | undefined;
  /** Start a run as soon as the element is on the page. */
  declare autorun: boolean;
  /** Read the settings from the page's URL and write them back when a run starts. */
  declare urlState: boolean;
  /** Measure the device's bandwidth and matmul rate before a sweep that uses the GPU. */
  declare roofline: boolean;
  /** Where the GPU comes from: the page's shared provider unless set. */
  provider: GpuProvider = pageGpu();

  declare private progress: ReadonlyMap<string, Progress>;
  declare private notice: string;
  /** What the hub cache holds (downloaded hub files), once read. */
  declare private hubCache: { files: number; bytes: number } | null;
  declare private verifyReports: readonly VerifyRow[];
  /** Files are dragged over the results: the box says it takes them. */
  declare private dropping: boolean;
  /** The last link made by Share link; empty until then. */
  declare private shareLink: string;
  declare private rooflineFigures: PageRoofline | null;
  /** The results shown, and kept in IndexedDB where it works. */
  private readonly history = new ResultHistory(this, () => this.store ?? this.id, {
    onRestored: (records) => emit(this, 'ps-history', { records }),
    onProblem: (message) =>
      emit(this, 'ps-error', { source: 'ps-bench/store', message, reason: 'storage' }),
  });
  private settingsErrors: SettingsErrors = {};
  private settings: BenchSettings;

  private readonly run = new Task(this, {
    task: async ([settings]: [BenchSettings], { signal }) => this.sweep(settings, signal),
    autoRun: false,
  });

  private readonly verification = new Task(this, {
    task: async ([settings]: [BenchSettings]) => {
      const { verifyPage } = await import('../../bench/page-run');
      this.verifyReports = [];
      const { models, engines, dtype } = settings;
      await verifyPage(models, engines, dtype, this.provider, (report) => {
        this.verifyReports = [...this.verifyReports, report];
      });
    },
    autoRun: false,
  });

  private readonly rooflineTask = new Task(this, {
    task: async () => {
      const { measurePageRoofline } = await import('../../bench/page-run');
      const figures = await measurePageRoofline(this.provider);
      this.rooflineFigures = figures;
      emit(this, 'ps-roofline', {
        bandwidthGBs: figures.bandwidth.rate.median,
        matmulGflops: figures.matmul.rate.median,
      });
    },
    autoRun: false,
  });

  constructor() {
    super();
    const defaults = parseSettings({}).settings;
    this.settings = defaults;
    this.models = defaults.models.join(',');
    this.engines = defaults.engines.join(',');
    this.dtype = defaults.dtype;
    this.seq = String(defaults.seq);
    this.decode = String(defaults.decode);
    this.repeats = String(defaults.repeats);
    this.hub = defaults.hub;
    this.autorun = false;
    this.urlState = false;
    this.roofline = false;
    this.verifyReports = [];
    this.rooflineFigures = null;
    this.progress = new Map();
    this.notice = '';
    this.hubCache = null;
    this.dropping = false;
    this.shareLink = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.urlState) {
      const { text, autorun } = settingsFromQuery(location.search);
      Object.assign(this, text);
      this.autorun ||= autorun;
    }
    void this.readHubCache();
  }

  /** Counts what the hub cache holds: files downloaded for the hub engines. */
  private async readHubCache(): Promise<void> {
    const files = await cachedHubFiles().catch(() => []);
    this.hubCache = { files: files.length, bytes: files.reduce((sum, f) => sum + f.bytes, 0) };
  }

  /** Empties the hub cache: the next run of a hub model downloads it again. */
  async clearHubCache(): Promise<void> {
    await clearHubCache();
    await this.readHubCache();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.run.abort('the element left the page');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('store')) this.history.follow();
    const keys = ['models', 'engines', 'dtype', 'seq', 'decode', 'repeats', 'hub'] as const;
    if (keys.some((key) => changed.has(key))) {
      const text: SettingsText = Object.fromEntries(keys.map((key) => [key, this[key]]));
      const { settings, errors } = parseSettings(text);
      this.settings = settings;
      this.settingsErrors = errors;
    }
  }

  protected override firstUpdated(): void {
    if (this.autorun) void this.start();
  }

  /** Starts a run with the current settings; refused (with a message) while they are invalid. */
  async start(): Promise<void> {
    const errors = Object.entries(this.settingsErrors);
    if (errors.length > 0) {
      const message = errors.map(([field, error]) => `${field}: ${error}`).join('; ');
      emit(this, 'ps-error', { source: 'ps-bench', message, reason: 'invalid-settings' });
      this.notice = `Fix the settings first — ${message}`;
      return;
    }
    if (this.urlState) history.replaceState(null, '', settingsToQuery(this.settings));
    this.notice = '';
    this.progress = new Map();
    await this.run.run([this.settings]);
  }

  /** Stops the run after the step in progress; results so far are kept. */
  cancel(): void {
    this.run.abort('cancelled');
  }

  /** Every result kept so far, oldest first. */
  get results(): readonly ResultRecord[] {
    return this.history.records;
  }

  /** Compares each chosen engine with the CPU reference on each chosen model. */
  async verify(): Promise<void> {
    await this.verification.run([this.settings]);
  }

  /** Measures the device's copy bandwidth and matmul rate (fires ps-roofline). */
  async measureRoofline(): Promise<void> {
    await this.rooflineTask.run();
  }

  private async sweep(settings: BenchSettings, signal: AbortSignal): Promise<number> {
    const { runPageSweep } = await import('../../bench/page-run');
    if (this.roofline && settings.engines.some((e) => ENGINES[e].usesGpu)) {
      await this.rooflineTask.run();
    }
    const records = await runPageSweep(
      settings.models,
      {
        engines: settings.engines,
        dtype: settings.dtype,
        promptTokens: settings.seq,
        decodeTokens: settings.decode,
        repeats: settings.repeats,
        warmups: 1,
      },
      this.provider,
      {
        signal,
        onProgress: (p) => {
          const key = p.model === null ? 'sweep' : `${p.model}/${p.engine}`;
          this.progress = new Map(this.progress).set(key, p);
          emit(this, 'ps-progress', p);
        },
        onResult: (record) => {
          void this.history.add([record]); // shown at once; a failed write says so
          emit(this, 'ps-result', record);
        },
        onFailure: (model, engine, error) => {
          const message = error instanceof Error ? error.message : String(error);
          emit(this, 'ps-error', {
            source: `${model}/${engine}`,
            message,
            reason: error instanceof Error ? error.name : 'error',
          });
        },
      },
      settings.hub,
    );
    await this.readHubCache();
    return records.length;
  }

  override render() {
    const running = this.run.status === 1; // TaskStatus.PENDING
    return html`
      ${this.renderSettings(running)}
      ${this.notice ? html`<p class="error" role="alert">${this.notice}</p>` : nothing}
      ${this.history.problem ? html`<p class="error storage" role="alert">${this.history.problem}</p>` : nothing}
      ${this.progress.size > 0 ? this.renderProgress() : nothing}
      ${this.run.render({
        error: (error) => html`<p class="error" role="alert">The run stopped: ${String(error)}</p>`,
      })}
      ${this.renderChecks()}
      <section
        part="panel"
        class="results ${this.dropping ? 'dropping' : ''}"
        @dragover=${this.onDragOver}
        @dragleave=${() => {
          this.dropping = false;
        }}
        @drop=${this.onDrop}
      >
        <h3>Results</h3>
        ${resultsTable(this.history.records)}
        <div class="actions">
          <button @click=${() => this.download('json')} ?disabled=${this.history.records.length === 0}>
            Export JSON
          </button>
          <button @click=${() => this.download('csv')} ?disabled=${this.history.records.length === 0}>
            Export CSV
          </button>
          <label class="import"
            >Import JSON
            <input type="file" multiple accept=".json,application/json" @change=${this.onFileInput}
          /></label>
          <span class="muted drop-hint">or drop result files here</span>
          <button class="share" @click=${() => this.share()} ?disabled=${this.history.records.length === 0}>
            Share link
          </button>
          <button @click=${this.clear} ?disabled=${this.history.records.length === 0 || running}>
            Clear history
          </button>
          <span class="hub-cache muted" data-figure="hub-cache"
            >Hub cache: ${this.hubCache ? `${this.hubCache.files} files, ${formatBytes(this.hubCache.bytes, 'binary')}` : '…'}</span
          >
          <button
            class="clear-hub-cache"
            @click=${() => this.clearHubCache()}
            ?disabled=${!this.hubCache?.files || running}
          >
            Clear hub cache
          </button>
        </div>
        ${
          this.shareLink
            ? html`<p class="share-result">
                <label
                  >A link that opens these results (nothing re-runs):
                  <input class="share-link" readonly .value=${this.shareLink} @focus=${(e: Event) => (e.target as HTMLInputElement).select()}
                /></label>
              </p>`
            : nothing
        }
      </section>
    `;
  }

  private renderSettings(running: boolean) {
    const chosenModels = new Set(this.settings.models);
    const chosenEngines = new Set(this.settings.engines);
    return html`<section part="panel" class="settings">
      <fieldset>
        <legend>Model sizes</legend>
        ${checkboxes(
          'model',
          [
            ...LADDER_IDS.map((id) => [
              id,
              html`${id} <span class="muted">(${formatCount(countParams(PRESETS[id].config).total)})</span>`,
            ]),
            // Hub models chosen in the URL or the attribute: their size is known once read.
            ...this.settings.models.filter(isHubId).map((id) => [id, id] as const),
          ] as [string, unknown][],
          chosenModels,
          () => this.onModels(),
        )}
        ${this.error('models')}
      </fieldset>
      <fieldset>
        <legend>Engines</legend>
        ${checkboxes(
          'engine',
          ENGINE_IDS.map((id) => [id, ENGINES[id].label]),
          chosenEngines,
          () => this.onEngines(),
        )}
        ${this.error('engines')}
      </fieldset>
      <div class="fields">
        <label class="field"
          >Weights
          <select name="dtype" @change=${(e: Event) => (this.dtype = (e.target as HTMLSelectElement).value)}>
            ${ENGINE_PRECISIONS.map(
              (dtype) =>
                html`<option value=${dtype} ?selected=${dtype === this.settings.dtype}>${PRECISION[dtype].label}</option>`,
            )}
          </select>
          <span class="hint">${precisionHint(ENGINE_PRECISIONS)}</span>
          ${this.error('dtype')}
        </label>
        ${this.numberField('seq', 'Prompt tokens')} ${this.numberField('decode', 'Decode tokens')}
        ${this.numberField('repeats', 'Timed runs')}
        <button class="run" @click=${() => this.start()} ?disabled=${running}>Run</button>
        <button class="cancel" @click=${() => this.cancel()} ?disabled=${!running}>Cancel</button>
        <button class="verify" @click=${() => this.verify()} ?disabled=${running}>
          Verify against the CPU reference
        </button>
        <button class="roofline" @click=${() => this.measureRoofline()} ?disabled=${running}>
          Measure roofline
        </button>
      </div>
    </section>`;
  }

  private numberField(name: 'seq' | 'decode' | 'repeats', label: string) {
    return html`<label class="field"
      >${label}
      <input
        name=${name}
        inputmode="numeric"
        .value=${this[name]}
        aria-invalid=${this.settingsErrors[name] ? 'true' : 'false'}
        @input=${(e: Event) => {
          this[name] = (e.target as HTMLInputElement).value;
        }}
      />
      ${this.error(name)}
    </label>`;
  }

  private error(name: keyof SettingsErrors) {
    const message = this.settingsErrors[name];
    return message
      ? html`<span class="field-error" data-field=${name} role="alert">${message}</span>`
      : nothing;
  }

  private renderChecks() {
    const pending = html`<p class="muted">Working…</p>`;
    const failed = (what: string) => (error: unknown) =>
      html`<p class="error" role="alert">${what} failed: ${String(error)}</p>`;
    const figures = this.rooflineFigures;
    return html`
      ${this.verification.render({ pending: () => pending, error: failed('Verification') })}
      ${
        this.verifyReports.length > 0
          ? html`<section part="panel" class="verify-results">
              <h3>Verification against the CPU reference</h3>
              ${verifyTable(this.verifyReports)}
            </section>`
          : nothing
      }
      ${this.rooflineTask.render({
        pending: () => pending,
        // Without WebGPU nothing failed: a GPU's roofline does not apply to this page.
        error: (error) =>
          error instanceof GpuUnavailableError
            ? html`<p class="muted roofline-not-applicable">
                No roofline: it measures a GPU through WebGPU, which this page does not have.
              </p>`
            : failed('The roofline')(error),
      })}
      ${
        figures
          ? html`<section part="panel" class="roofline-results">
              <h3>Roofline of this device</h3>
              <p>
                Copy bandwidth <strong data-figure="bandwidth">${rate(figures.bandwidth.rate)} GB/s</strong>
                <span class="muted">(${figures.bandwidth.work})</span>; matmul
                <strong data-figure="matmul">${rate(figures.matmul.rate)} GFLOP/s</strong>
                <span class="muted">(${figures.matmul.work})</span>. Median (p10–p90) of
                ${figures.bandwidth.rate.n} timed submissions each, wall clock.
              </p>
            </section>`
          : nothing
      }
    `;
  }

  private renderProgress() {
    const rows = [...this.progress.entries()].filter(([key]) => key !== 'sweep');
    const sweep = this.progress.get('sweep');
    return html`<section part="panel" class="progress" aria-live="polite">
      <h3>Progress ${sweep ? html`<span class="muted">— ${STEP_LABELS[sweep.step]}</span>` : nothing}</h3>
      <ul class="progress">
        ${rows.map(([key, p]) =>
          p.step === 'skipped' || p.step === 'failed'
            ? html`<li class=${p.step} data-key=${key}>
                <span>${key}</span><span class="error">${STEP_LABELS[p.step]}: ${p.message}</span>
              </li>`
            : html`<li data-key=${key} data-step=${p.step}>
                <span>${key}</span><span>${STEP_LABELS[p.step]}</span>
                <progress max=${p.total} value=${p.step === 'done' ? p.total : p.done}></progress>
              </li>`,
        )}
      </ul>
    </section>`;
  }

  private onModels() {
    this.models = this.checked('model').join(',');
  }

  private onEngines() {
    this.engines = this.checked('engine').join(',');
  }

  private checked(name: string): string[] {
    const boxes = this.renderRoot.querySelectorAll<HTMLInputElement>(
      `input[name="${name}"]:checked`,
    );
    return [...boxes].map((box) => box.value);
  }

  private download(format: 'json' | 'csv') {
    const text = format === 'json' ? toJson(this.history.records) : toCsv(this.history.records);
    const type = format === 'json' ? 'application/json' : 'text/csv';
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = Object.assign(document.createElement('a'), {
      href: url,
      download: `paramscope-results.${format}`,
    });
    link.click();
    URL.revokeObjectURL(url);
  }

  private async onFileInput(event: Event) {
    const input = event.target as HTMLInputElement;
    try {
      await this.importFiles([...(input.files ?? [])]);
    } finally {
      input.value = '';
    }
  }

  private onDragOver(event: DragEvent) {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dropping = true;
  }

  private async onDrop(event: DragEvent) {
    event.preventDefault();
    this.dropping = false;
    await this.importFiles([...(event.dataTransfer?.files ?? [])]);
  }

  /**
   * Imports result files (JSON, schema 1). Each file is read whole or not at all: a bad file
   * is named with its reason and adds nothing, and the good ones beside it are kept.
   */
  async importFiles(files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    const { parseResults } = await import('../../bench/result');
    const imported: ResultRecord[] = [];
    const refused: string[] = [];
    for (const file of files) {
      try {
        imported.push(...parseResults(await file.text()));
      } catch (error) {
        refused.push(`${file.name}: ${(error as Error).message}`);
      }
    }
    if (imported.length) {
      const saved = this.history.add(imported);
      emit(this, 'ps-history', { records: this.history.records });
      await saved;
    }
    for (const message of refused) {
      emit(this, 'ps-error', { source: 'ps-bench/import', message, reason: 'bad-file' });
    }
    this.notice = refused.length
      ? `${imported.length ? `Imported ${imported.length} records; not imported` : 'Nothing imported'} — ${refused.join('; ')}`
      : '';
  }

  /**
   * A link to this page whose fragment carries `records` (all results unless given), copied to
   * the clipboard where the page may write it, and shown; too many results say so.
   */
  async share(
    records: readonly ResultRecord[] = this.history.records,
  ): Promise<string | undefined> {
    const { encodeShare } = await import('../../bench/share');
    try {
      const url = new URL(location.href);
      url.hash = await encodeShare(records);
      this.shareLink = url.href;
      this.notice = '';
      await navigator.clipboard?.writeText(url.href).catch(() => undefined);
      return url.href;
    } catch (error) {
      const message = (error as Error).message;
      this.shareLink = '';
      this.notice = `No link made — ${message}`;
      emit(this, 'ps-error', { source: 'ps-bench/share', message, reason: 'share-failed' });
      return undefined;
    }
  }

  private async clear() {
    await this.history.clear();
  }
}
