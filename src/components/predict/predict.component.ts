import { Task } from '@lit/task';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { wontFitBecause } from '../../bench/fits-device';
import type { ResultRecord } from '../../bench/result';
import { ENGINES, type EngineId, isEngineId } from '../../engines/registry';
import { type DeviceDescription, type GpuProvider, pageGpu } from '../../gpu';
import { CATALOG, CATALOG_FAMILIES, catalogModels, catalogParams } from '../../models/catalog';
import { DEFAULT_HUB_URL } from '../../models/hub/hub-id';
import type { NamedBlob } from '../../models/model-file';
import type { ModelReading } from '../../models/reading';
import { formatBytes, formatCount, PRECISION, parsePrecision } from '../../scaling';
import { checkRecord, ResultListener } from '../chart/chart.results';
import { emit } from '../events';
import { formatMs, integer } from '../shared/format';
import { type PredictFigures, predictFigures } from './predict.model';
import { styles } from './predict.styles';

/** The hub users' browsers reach unless `hub` names another host (a mirror, a local one). */

/**
 * Any hub model before you download it: its exact size from its headers alone (the file list,
 * config.json and the safetensors or GGUF headers, by Range requests), memory per precision, the KV
 * cache, whether its largest tensor can be bound on this device, and its decode speed
 * predicted from this device's own measurements (a <ps-bench> named by `for`). Each figure is
 * labelled exact, measured or estimate. A file of the user's (picked, or dropped on the
 * element) is read the same way, locally: a .safetensors or .gguf header, an .onnx protobuf.
 *
 * @event ps-prediction - The figures, once read (detail: PsPredictionDetail).
 * @event ps-error - The model or file could not be read (no such repo, no config.json, a family not read yet, a corrupt or truncated file).
 * @csspart panel - The bordered box.
 * @csspart hint - What the field takes: a catalog model, or any other hub id.
 * @csspart form - The repo field and its button, and the file field.
 * @csspart drop - The file field (the whole panel takes a dropped file).
 * @csspart table - The table of figures.
 * @csspart status - The one-line state: reading, read, or why not.
 * @cssproperty --ps-font - Font of the element.
 * @cssproperty --ps-color - Text colour.
 * @cssproperty --ps-muted - Colour of labels and notes.
 * @cssproperty --ps-border - Border colour.
 * @cssproperty --ps-ok - Colour of "fits".
 * @cssproperty --ps-bad - Colour of "does not fit" and of errors.
 */
export class PsPredict extends LitElement {
  static override styles = styles;

  static override properties = {
    model: { reflect: true },
    hub: { reflect: true },
    dtype: { reflect: true },
    context: { type: Number, reflect: true },
    engine: { reflect: true },
    htmlFor: { reflect: true, attribute: 'for' },
    records: { state: true },
    bandwidth: { state: true },
    file: { state: true },
  };

  /** A hub repo, `owner/name` or `owner/name@revision`, or the URL of a .gguf file. */
  declare model: string;
  /** The hub's address; https://huggingface.co unless set. */
  declare hub: string;
  /** The precision to predict for (`f16`, `q4`, …); what the repo stores unless set. */
  declare dtype: string | undefined;
  /** Tokens held, for the KV cache figure; the model's context unless set. */
  declare context: number | undefined;
  /** The engine whose measurements predict the speed; `wgsl` unless set. */
  declare engine: string;
  /** The id of the <ps-bench> whose results this device's fit is made from. */
  declare htmlFor: string | undefined;
  /** Where the device comes from; the page's shared provider unless set. */
  provider: GpuProvider = pageGpu();

  /** A file of the user's, picked or dropped: read instead of `model` until a repo is asked. */
  declare private file: NamedBlob | null;
  declare private records: readonly ResultRecord[];
  declare private bandwidth: number | undefined;

  constructor() {
    super();
    this.model = '';
    this.hub = DEFAULT_HUB_URL;
    this.dtype = undefined;
    this.context = undefined;
    this.engine = 'wgsl';
    this.htmlFor = undefined;
    this.records = [];
    this.bandwidth = undefined;
    this.file = null;
  }

  private readonly results = new ResultListener(
    this,
    () => ({ from: this.htmlFor, any: false }),
    (detail) => {
      void checkRecord(detail).then(
        (record) => {
          this.records = [...this.records, record];
        },
        () => {}, // not a record: the chart reports those; a prediction just ignores them
      );
    },
    (records) => {
      void Promise.allSettled(records.map(checkRecord)).then((checked) => {
        this.records = checked.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
      });
    },
    (bandwidthGBs) => {
      this.bandwidth = Number.isFinite(bandwidthGBs) && bandwidthGBs > 0 ? bandwidthGBs : undefined;
    },
  );

  /** The model's headers: read again only when the model or the hub changes. */
  private readonly reading = new Task(this, {
    task: async ([model, hub, file], { signal }): Promise<ModelReading | null> => {
      if (file) {
        const { readModelFile } = await import('../../models/model-file');
        return readModelFile(file);
      }
      if (!model) return null;
      const fetchWithSignal: typeof fetch = (input, init) => fetch(input, { ...init, signal });
      if (/^https?:\/\//i.test(model)) {
        const { readModelUrl } = await import('../../models/model-file');
        return readModelUrl(model, fetchWithSignal);
      }
      const [repo, revision] = model.split('@');
      const { readHubModel } = await import('../../models/hub/hub-model');
      return readHubModel(
        { repo: repo!, hubUrl: hub.replace(/\/+$/, ''), ...(revision ? { revision } : {}) },
        fetchWithSignal,
      );
    },
    args: () => [this.model.trim(), this.hub, this.file] as const,
    onError: (error) =>
      emit(this, 'ps-error', {
        source: 'ps-predict',
        message: String((error as Error).message ?? error),
      }),
  });

  /** This device, for the binding limit and the fit's series; null without WebGPU. */
  private readonly device = new Task(this, {
    task: async ([gpu]): Promise<DeviceDescription | null> =>
      gpu.acquire().then(
        (context) => context.description,
        () => null,
      ),
    args: () => [this.provider] as const,
  });

  private lastEmitted: PredictFigures | null = null;

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('htmlFor')) this.results.refresh();
  }

  /** What is being read, for the status line. */
  private get subject(): string {
    return this.file ? this.file.name : this.model;
  }

  /** The error's message, opened by what was being read (the readers' messages name it already). */
  private named(error: unknown): string {
    const message = String((error as Error).message ?? error);
    return message.startsWith(this.subject) ? message : `${this.subject}: ${message}`;
  }

  private takeFile(files: FileList | null | undefined): void {
    const file = files?.[0];
    if (file) this.file = file;
  }

  override render() {
    return html`<section part="panel"
      @dragover=${(e: DragEvent) => e.preventDefault()}
      @drop=${(e: DragEvent) => {
        e.preventDefault();
        this.takeFile(e.dataTransfer?.files);
      }}
    >
      <form part="form"
        @submit=${(e: Event) => {
          e.preventDefault();
          const field = (e.target as HTMLFormElement).elements.namedItem(
            'model',
          ) as HTMLInputElement;
          this.file = null;
          this.model = field.value.trim();
        }}
      >
        <label
          >Hub model
          <input name="model" list="catalog" .value=${this.model} placeholder="owner/name or a .gguf URL" spellcheck="false" autocomplete="off"
        /></label>
        <datalist id="catalog">
          ${catalogModels().map(
            (m) =>
              html`<option value=${m.repo}>${CATALOG[m.family].label} ${m.size} · ${integer(catalogParams(m))} parameters</option>`,
          )}
        </datalist>
        <small part="hint">Pick a real model ladder (${CATALOG_FAMILIES.map((f) => CATALOG[f].label).join(', ')}), or type any other hub id.</small>
        <button>Read its headers</button>
        <label part="drop"
          >or your own file (.onnx, .safetensors, .gguf; drop it here)
          <input name="file" type="file" accept=".onnx,.safetensors,.gguf"
            @change=${(e: Event) => this.takeFile((e.target as HTMLInputElement).files)}
        /></label>
      </form>
      ${this.reading.render({
        initial: () =>
          html`<p part="status">Give a hub model as <code>model="owner/name"</code>.</p>`,
        pending: () =>
          html`<p part="status">Reading ${this.subject}'s headers${this.file ? '' : ` from ${this.hub}`}…</p>`,
        complete: (reading) => (reading ? this.renderFigures(reading) : nothing),
        error: (error) =>
          html`<p part="status" class="bad" role="alert">Could not read ${this.named(error)}</p>`,
      })}
    </section>`;
  }

  private renderFigures(reading: ModelReading) {
    const precision = this.dtype ? (parsePrecision(this.dtype) ?? undefined) : undefined;
    if (this.dtype && !precision) {
      return html`<p part="status" class="bad">Unknown precision "${this.dtype}".</p>`;
    }
    const engine: EngineId = isEngineId(this.engine) ? this.engine : 'wgsl';
    const f = predictFigures({
      reading,
      context: this.context,
      precision,
      engine,
      device: this.device.value ?? null,
      records: this.records,
      bandwidthGBs: this.bandwidth,
    });
    this.announce(f);
    const p = f.prediction;
    return html`<p part="status">
        ${f.model}, read from its headers: ${formatBytes(f.bytesRead, 'binary')} ${reading.model.kind === 'hub' ? 'downloaded' : 'of the file read'} to know this.
      </p>
      <table part="table">
        <tr><th scope="row">Parameters</th><td data-figure="params">${integer(f.params)}</td><td>exact (${formatCount(f.params)})</td></tr>
        ${f.breakdown ? this.renderBreakdown(f.breakdown, f.params) : nothing}
        ${Object.entries(f.byDtype).map(
          ([dtype, t]) => html`<tr data-dtype=${dtype}>
            <th scope="row">Stored as ${dtype}</th>
            <td>${integer(t.params)} parameters, ${formatBytes(t.bytes, 'binary')}</td>
            <td>exact (${integer(t.bytes)} bytes)</td>
          </tr>`,
        )}
        ${f.weights.map(
          (w) => html`<tr data-precision=${w.precision}>
            <th scope="row">Weights, ${PRECISION[w.precision].label}</th>
            <td>${formatBytes(w.bytes, 'binary')}</td>
            <td>${w.kind === 'exact' ? 'exact (stored so)' : 'estimate'}</td>
          </tr>`,
        )}
        ${f.onnx.map(
          (o) => html`<tr data-onnx=${o.dtype}>
            <th scope="row">ONNX export, ${o.dtype}</th>
            <td>${formatBytes(o.bytes, 'binary')}</td>
            <td>exact: ${o.path} (for transformers.js)</td>
          </tr>`,
        )}
        <tr><th scope="row">KV cache per token</th><td data-figure="kvPerToken">${formatBytes(f.kvPerToken, 'binary')}</td><td>exact, f16 cache</td></tr>
        <tr><th scope="row">KV cache at ${integer(f.context)} tokens</th><td data-figure="kvAtContext">${formatBytes(f.kvAtContext, 'binary')}</td><td>exact, f16 cache</td></tr>
        <tr><th scope="row">Largest tensor</th><td data-figure="largest">${f.largest ? `${f.largest.name}, ${formatBytes(f.largest.bytes, 'binary')}` : '—'}</td>
          <td data-figure="fits" class=${f.fitsBinding === false ? 'bad' : f.fitsBinding ? 'ok' : ''}>${
            f.fitsBinding === null
              ? 'no WebGPU device to check against'
              : `${f.fitsBinding ? 'fits' : 'does not fit'} one binding here (maxStorageBufferBindingSize ${formatBytes(f.bindingLimit!, 'binary')})`
          }</td></tr>
        <tr><th scope="row">Decode, ${PRECISION[f.precision].label}, ${ENGINES[engine].shortLabel}</th>
          <td data-figure="prediction">${p ? `${formatMs(p.msPerToken)} ms/token` : '—'}</td>
          <td>${
            p
              ? `estimate: this device's fit of ${p.basis.n} sizes${p.interval ? `, 95 % interval ${formatMs(p.interval[0])}–${formatMs(p.interval[1])} ms` : ''}${p.extrapolated ? ', extrapolated past the sizes run' : ''}${p.floorMs === null ? '' : `; bandwidth floor ${formatMs(p.floorMs)} ms`}`
              : 'no measurements yet — run the ladder first'
          }</td></tr>
        <tr><th scope="row">Prefill, ${PRECISION[f.precision].label}, ${ENGINES[engine].shortLabel}</th>
          <td data-figure="prefill">${f.prefill ? `${formatMs(f.prefill.ms)} ms for ${integer(f.prefill.promptTokens)} tokens` : '—'}</td>
          <td>${
            f.prefill
              ? `estimate: this device's fit of ${f.prefill.basis.n} sizes at ${integer(f.prefill.promptTokens)} prompt tokens${f.prefill.interval ? `, 95 % interval ${formatMs(f.prefill.interval[0])}–${formatMs(f.prefill.interval[1])} ms` : ''}${f.prefill.extrapolated ? ', extrapolated past the sizes run' : ''}`
              : 'no measurements yet — run the ladder first'
          }</td></tr>
        <tr><th scope="row">Weights + KV cache at ${integer(f.context)} tokens, ${PRECISION[f.precision].label}</th>
          <td data-figure="memory">${formatBytes(f.memory.totalBytes, 'binary')}</td>
          <td data-figure="verdict" class=${f.memory.fits === false ? 'bad' : f.memory.fits ? 'ok' : ''}>${
            f.memory.fits === null
              ? 'no WebGPU device to check against'
              : (wontFitBecause(f.memory) ??
                `fits this device's buffer and binding limits${f.largestAtPrecision?.kind === 'estimate' ? ' (largest tensor estimated at this precision)' : ''}; WebGPU does not say how much memory it has, activations not counted`)
          }</td></tr>
      </table>`;
  }

  private renderBreakdown(b: NonNullable<PredictFigures['breakdown']>, params: number) {
    const c = b.fromConfig;
    const kind = b.agrees
      ? 'exact: the architecture gives the headers’ count'
      : `estimate: the architecture gives ${integer(c.total)}, ${integer(Math.abs(c.total - params))} ${c.total > params ? 'more' : 'fewer'} than the headers`;
    return html`<tr data-figure="breakdown">
      <th scope="row">Embedding / attention / MLP</th>
      <td>${integer(c.embedding)} / ${integer(c.byComponent.attention)} / ${integer(c.byComponent.mlp)}</td>
      <td>${kind}</td>
    </tr>`;
  }

  /** Fires ps-prediction once per new set of figures. */
  private announce(f: PredictFigures): void {
    const last = this.lastEmitted;
    if (last && JSON.stringify(last) === JSON.stringify(f)) return;
    this.lastEmitted = f;
    queueMicrotask(() =>
      emit(this, 'ps-prediction', {
        model: f.model,
        params: {
          total: f.params,
          byDtype: f.byDtype,
          embedding: f.breakdown?.agrees ? f.breakdown.fromConfig.embedding : null,
        },
        bytesRead: f.bytesRead,
        weightBytes: Object.fromEntries(
          f.weights.map((w) => [w.precision, { bytes: w.bytes, kind: w.kind }]),
        ),
        memory: {
          kvPerToken: f.kvPerToken,
          context: f.context,
          kvAtContext: f.kvAtContext,
          largestTensor: f.largest,
        },
        prediction: f.prediction,
        prefill: f.prefill,
        fit: f.memory,
      }),
    );
  }
}
