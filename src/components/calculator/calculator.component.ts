import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { PRESETS, type PresetId } from '../../models/presets';
import {
  type ArchitectureConfig,
  type ArchitectureFamily,
  formatBytes,
  formatCount,
  isPrecision,
  PRECISION,
  PRECISIONS,
  type Precision,
  parsePrecision,
  type Recomputation,
  type ZeroStage,
} from '../../scaling';
import { integer } from '../shared/format';
import { numberInput } from '../shared/number-field';
import {
  CONFIG_FIELDS,
  computeFigures,
  editConfig,
  type FieldErrors,
  type Figures,
  fieldsOf,
  HELD_COLUMNS,
  type NumericConfigField,
  parseNumber,
  presetConfig,
  RECOMPUTATIONS,
  reshape,
  USAGE_LIMITS,
  ZERO_STAGES,
} from './calculator.model';
import { styles } from './calculator.styles';

const FAMILY_LABELS: Readonly<Record<ArchitectureFamily, string>> = {
  gpt2: 'GPT-2 style',
  bert: 'BERT style',
  llama: 'LLaMA style',
  moe: 'Mixture of experts',
};

/** Numeric usage inputs: property name, label, limits. */
const USAGE_FIELDS = [
  ['context', 'Context (tokens)', USAGE_LIMITS.context],
  ['batch', 'Batch', USAGE_LIMITS.batch],
  ['gpuMemory', 'GPU memory (GB)', USAGE_LIMITS.gpuMemoryGB],
] as const;

const PLAN_FIELDS = [
  ['dataParallel', 'Data parallel', USAGE_LIMITS.parallel],
  ['tensorParallel', 'Tensor parallel', USAGE_LIMITS.parallel],
  ['pipelineParallel', 'Pipeline parallel', USAGE_LIMITS.parallel],
  ['microBatch', 'Micro-batch', USAGE_LIMITS.microBatch],
] as const;

type NumericProperty = (typeof USAGE_FIELDS)[number][0] | (typeof PLAN_FIELDS)[number][0];

const plural = (n: number, noun: string) => `${integer(n)} ${noun}${n === 1 ? '' : 's'}`;

/** Bytes as GB (10⁹, as GPU datasheets), with the exact count and GiB on hover. */
const bytes = (n: number) =>
  html`<span title="${integer(n)} bytes = ${formatBytes(n, 'binary')}">${formatBytes(n)}</span>`;

/**
 * The theory of one model's size: its exact parameter count by component, the memory of its
 * weights in each precision, inference memory with the KV cache for a context and batch, and
 * training memory per GPU for a parallelism plan — and whether that fits a GPU of a given size.
 *
 * The weights table gives the rule of thumb (every parameter at the precision) and, for a
 * GPT-2, the exact bytes each of paramscope's engines holds it in: the bench records'
 * `weightBytes` for the ladder, byte for byte.
 *
 * Every field validates where it is typed: a bad value shows its message beside the field and
 * the figures stay those of the last valid input, marked as such.
 *
 * @csspart panel - Each section's box.
 * @csspart field-error - A validation message beside a field.
 * @cssproperty --ps-font - Font of the element.
 * @cssproperty --ps-color - Text colour.
 * @cssproperty --ps-muted - Colour of labels and notes.
 * @cssproperty --ps-surface - Background of the sections.
 * @cssproperty --ps-border - Border colour.
 * @cssproperty --ps-radius - Corner radius of the sections.
 * @cssproperty --ps-ok - Colour of "fits".
 * @cssproperty --ps-bad - Colour of "does not fit" and of field errors.
 */
export class PsCalculator extends LitElement {
  static override styles = styles;

  static override properties = {
    model: { reflect: true },
    // Aliases (`fp16`, `int4`: the names this attribute took first) become the table's names.
    dtype: {
      reflect: true,
      converter: { fromAttribute: (value: string | null) => parsePrecision(value ?? '') ?? value },
    },
    context: { type: Number, reflect: true },
    batch: { type: Number, reflect: true },
    gpuMemory: { type: Number, reflect: true, attribute: 'gpu-memory' },
    zeroStage: { type: Number, reflect: true, attribute: 'zero-stage' },
    dataParallel: { type: Number, reflect: true, attribute: 'data-parallel' },
    tensorParallel: { type: Number, reflect: true, attribute: 'tensor-parallel' },
    pipelineParallel: { type: Number, reflect: true, attribute: 'pipeline-parallel' },
    microBatch: { type: Number, reflect: true, attribute: 'micro-batch' },
    recomputation: { reflect: true },
    drafts: { state: true },
    family: { state: true },
  };

  /** A preset id (`gpt2-124m`, `llama-2-7b`, …) or `custom` once a field is edited. */
  declare model: string;
  /** Precision of the weights for inference: f32, f16, bf16, q8 or q4 (`fp16`, `int4`, … accepted). */
  declare dtype: Precision;
  /** Tokens held per sequence, for the KV cache and training activations; default: the model's context. */
  declare context: number | undefined;
  /** Sequences served together. */
  declare batch: number;
  /** Memory of one GPU in GB (10⁹ bytes). */
  declare gpuMemory: number;
  /** ZeRO stage of the training plan (0–3). */
  declare zeroStage: ZeroStage;
  /** Data-parallel degree of the training plan. */
  declare dataParallel: number;
  /** Tensor-parallel degree of the training plan. */
  declare tensorParallel: number;
  /** Pipeline-parallel degree of the training plan. */
  declare pipelineParallel: number;
  /** Sequences per GPU per step in training. */
  declare microBatch: number;
  /** Activation recomputation in training: none, selective or full. */
  declare recomputation: Recomputation;

  /** Raw text of fields the user typed, until it is valid or replaced. */
  declare private drafts: Readonly<Record<string, string>>;
  /** The family of a custom config; undefined while a preset is shown. */
  declare private family: ArchitectureFamily | undefined;
  /** The config being edited: the preset's, or the custom one built from it. */
  private baseConfig: ArchitectureConfig = PRESETS['gpt2-124m'].config;
  /** baseConfig with the typed fields applied (possibly invalid): what the fields show. */
  private editedConfig: ArchitectureConfig = this.baseConfig;
  private errors: FieldErrors = {};
  private figures: Figures | null = null;
  private stale = false;

  constructor() {
    super();
    this.model = 'gpt2-124m';
    this.dtype = 'f16';
    this.context = undefined;
    this.batch = 1;
    this.gpuMemory = 80;
    this.zeroStage = 0;
    this.dataParallel = 1;
    this.tensorParallel = 1;
    this.pipelineParallel = 1;
    this.microBatch = 1;
    this.recomputation = 'none';
    this.drafts = {};
    this.family = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('model')) {
      const preset = presetConfig(this.model);
      if (preset) {
        this.baseConfig = preset;
        this.family = undefined;
        this.drafts = {};
      } else if (this.model !== 'custom') {
        this.errors = { model: `unknown model "${this.model}"` };
        this.stale = this.figures !== null;
        return;
      }
    }
    const { config, errors } = editConfig(this.baseConfig, this.configDrafts());
    this.editedConfig = config;
    this.errors = { ...errors, ...this.usageErrors() };
    if (Object.keys(this.errors).length > 0) {
      this.stale = this.figures !== null;
      return;
    }
    const context = this.context ?? config.contextLength;
    this.figures = computeFigures(config, {
      dtype: this.dtype,
      context,
      batch: this.batch,
      gpuMemoryGB: this.gpuMemory,
      plan: {
        dataParallel: this.dataParallel,
        zeroStage: this.zeroStage,
        tensorParallel: this.tensorParallel,
        pipelineParallel: this.pipelineParallel,
        sequenceParallel: false,
        microBatchSize: this.microBatch,
        sequenceLength: context,
        recomputation: this.recomputation,
      },
    });
    this.stale = false;
  }

  private configDrafts(): Partial<Record<NumericConfigField, string>> {
    const fields = new Set<string>(fieldsOf(this.baseConfig.family));
    return Object.fromEntries(Object.entries(this.drafts).filter(([name]) => fields.has(name)));
  }

  /** Messages for usage fields whose typed text is not (yet) a valid value. */
  private usageErrors(): FieldErrors {
    const errors: FieldErrors = {};
    if (!isPrecision(this.dtype)) errors.dtype = `unknown precision "${this.dtype}"`;
    for (const [name, , limits] of [...USAGE_FIELDS, ...PLAN_FIELDS]) {
      const raw = this.drafts[name];
      if (raw === undefined) continue;
      const parsed = parseNumber(raw, limits);
      if (typeof parsed === 'string') errors[name] = parsed;
    }
    return errors;
  }

  override render() {
    return html`
      ${this.renderModel()}
      ${
        this.stale
          ? html`<p class="stale" role="status">
              Showing the figures of the last valid input: fix the marked fields to update them.
            </p>`
          : nothing
      }
      ${this.figures ? this.renderFigures(this.figures) : nothing}
    `;
  }

  private renderModel() {
    const config = this.editedConfig;
    const family = this.family ?? config.family;
    return html`<section part="panel" class="model">
      <h3>Model</h3>
      <div class="fields">
        <label
          >Preset
          <select @change=${this.onPreset} aria-describedby="model-error">
            ${this.model === 'custom' ? html`<option value="custom" selected>Custom</option>` : nothing}
            ${Object.values(PRESETS).map(
              (p) =>
                html`<option value=${p.id} ?selected=${p.id === this.model}>${p.name}</option>`,
            )}
          </select>
          ${this.fieldError('model')}
        </label>
        <label
          >Architecture
          <select @change=${this.onFamily}>
            ${Object.entries(FAMILY_LABELS).map(
              ([value, label]) =>
                html`<option value=${value} ?selected=${value === family}>${label}</option>`,
            )}
          </select>
        </label>
        ${fieldsOf(config.family).map((field) => {
          const label = CONFIG_FIELDS.find(([name]) => name === field)![1];
          const value = this.drafts[field] ?? String(config[field as keyof ArchitectureConfig]);
          return this.numberField(field, label, value, this.onConfigField);
        })}
      </div>
      ${this.fieldError('config')}
    </section>`;
  }

  private numberField(
    name: string,
    label: string,
    value: string,
    onInput: (name: string, raw: string) => void,
  ) {
    return html`<label
      >${label}
      ${numberInput({
        name,
        text: value,
        error: this.errors[name],
        describedBy: `${name}-error`,
        commitOn: 'input',
        onText: (raw) => onInput.call(this, name, raw),
      })}
      ${this.fieldError(name)}
    </label>`;
  }

  private fieldError(name: string) {
    const error = this.errors[name];
    return error
      ? html`<span class="field-error" part="field-error" id="${name}-error" role="alert"
          >${error}</span
        >`
      : nothing;
  }

  private onPreset(event: Event) {
    this.model = (event.target as HTMLSelectElement).value as PresetId;
  }

  private onFamily(event: Event) {
    const family = (event.target as HTMLSelectElement).value as ArchitectureFamily;
    const { config } = editConfig(this.baseConfig, this.configDrafts());
    this.baseConfig = reshape(config, family);
    this.family = family;
    this.drafts = {};
    this.model = 'custom';
  }

  private onConfigField(name: string, raw: string) {
    this.drafts = { ...this.drafts, [name]: raw };
    this.model = 'custom';
  }

  private onUsageField(name: string, raw: string) {
    const limits = [...USAGE_FIELDS, ...PLAN_FIELDS].find(([n]) => n === name)![2];
    const parsed = parseNumber(raw, limits);
    if (typeof parsed === 'number') {
      this[name as NumericProperty] = parsed;
      const { [name]: _, ...rest } = this.drafts;
      this.drafts = rest;
    } else {
      this.drafts = { ...this.drafts, [name]: raw };
    }
  }

  private renderFigures(f: Figures) {
    const { params } = f;
    const preset = PRESETS[this.model as PresetId];
    const held = f.config.family === 'gpt2';
    return html`
      <section part="panel" class="params">
        <h3>Parameters</h3>
        <p class="total">
          <strong data-figure="total">${integer(params.total)}</strong>
          <span class="short">(${formatCount(params.total)})</span>
          ${
            preset?.publishedTotal
              ? html`<span class="published"
                  >published: ${integer(preset.publishedTotal)}
                  ${preset.publishedTotal === params.total ? '— exact' : ''}</span
                >`
              : nothing
          }
        </p>
        <dl>
          <dt>Embedding (lookup tables)</dt>
          <dd data-figure="embedding">${integer(params.embedding)}</dd>
          <dt>Non-embedding (Kaplan's N)</dt>
          <dd data-figure="nonEmbedding">${integer(params.nonEmbedding)}</dd>
          ${
            params.active !== params.total
              ? html`<dt>Active per token</dt>
                  <dd data-figure="active">${integer(params.active)}</dd>`
              : nothing
          }
          <dt>One block</dt>
          <dd data-figure="perLayer">${integer(params.perLayer)}</dd>
        </dl>
        <details>
          <summary>By component</summary>
          <table>
            <tbody>
              ${Object.entries(params.byComponent)
                .filter(([, n]) => n > 0)
                .map(
                  ([name, n]) => html`<tr><th scope="row">${name}</th><td>${integer(n)}</td></tr>`,
                )}
            </tbody>
          </table>
        </details>
      </section>

      <section part="panel" class="weights">
        <h3>Weights in memory</h3>
        <table>
          <thead>
            <tr>
              <th scope="col">Precision</th>
              <th scope="col">Every weight</th>
              ${held ? HELD_COLUMNS.map((c) => html`<th scope="col">${c.label}</th>`) : nothing}
            </tr>
          </thead>
          <tbody>
            ${f.weightsByDtype.map(
              (row) =>
                html`<tr data-dtype=${row.dtype}>
                  <th scope="row">${PRECISION[row.dtype].label}</th>
                  <td>${bytes(row.bytes)}</td>
                  ${row.held.map(
                    (n, i) =>
                      html`<td data-held=${HELD_COLUMNS[i]?.id ?? ''}>${
                        n === null ? html`<span title="not held">—</span>` : bytes(n)
                      }</td>`,
                  )}
                </tr>`,
            )}
          </tbody>
        </table>
        <p class="note">
          Every weight: each parameter at the precision, int4 with one fp16 scale per 128 weights
          (GPTQ/AWQ's usual grouping) — the rule of thumb.
          ${
            held
              ? html`The engines' columns are the exact bytes they hold this GPT-2 in, as their
                  records say. ${HELD_COLUMNS.map((c) => html`${c.label}: ${c.holding.note} `)}`
              : nothing
          }
        </p>
      </section>

      ${this.renderInference(f)} ${this.renderTraining(f)}
    `;
  }

  private renderInference(f: Figures) {
    const { inference } = f;
    return html`<section part="panel" class="inference">
      <h3>Inference</h3>
      <div class="fields">
        <label
          >Weights
          <select @change=${(e: Event) => {
            this.dtype = (e.target as HTMLSelectElement).value as Precision;
          }}>
            ${PRECISIONS.map(
              (d) =>
                html`<option value=${d} ?selected=${d === this.dtype}>${PRECISION[d].label}</option>`,
            )}
          </select>
        </label>
        ${USAGE_FIELDS.map(([name, label]) =>
          this.numberField(
            name,
            label,
            this.drafts[name] ?? String(this[name] ?? f.config.contextLength),
            this.onUsageField,
          ),
        )}
      </div>
      <dl>
        <dt>Weights (${PRECISION[this.dtype]?.label ?? this.dtype})</dt>
        <dd data-figure="inferenceWeights">${bytes(inference.weightsBytes)}</dd>
        <dt>KV cache (f16)</dt>
        <dd data-figure="kvCache">${bytes(inference.kvCacheBytes)}</dd>
        <dt>Activations <em>(estimate)</em></dt>
        <dd data-figure="activations">${bytes(inference.activationBytes)}</dd>
        <dt>Total</dt>
        <dd data-figure="inferenceTotal"><strong>${bytes(inference.totalBytes)}</strong></dd>
      </dl>
      <p class="verdict ${f.inferenceFits ? 'fits' : 'no-fit'}" data-figure="inferenceFits">
        ${
          f.inferenceFits
            ? `Fits on one ${this.gpuMemory} GB GPU.`
            : `Needs at least ${plural(f.inferenceGpus, 'GPU')} of ${this.gpuMemory} GB, split evenly.`
        }
      </p>
    </section>`;
  }

  private renderTraining(f: Figures) {
    const { training, trainingGpus } = f;
    return html`<section part="panel" class="training">
      <h3>Training, per GPU</h3>
      <p class="note">
        Mixed-precision Adam: 16 bytes per parameter before sharding (Rajbhandari et al. 2020);
        activations per Korthikanti et al. 2022.
      </p>
      <div class="fields">
        <label
          >ZeRO stage
          <select @change=${(e: Event) => {
            this.zeroStage = Number((e.target as HTMLSelectElement).value) as ZeroStage;
          }}>
            ${ZERO_STAGES.map((z) => html`<option ?selected=${z === this.zeroStage}>${z}</option>`)}
          </select>
        </label>
        ${PLAN_FIELDS.map(([name, label]) =>
          this.numberField(name, label, this.drafts[name] ?? String(this[name]), this.onUsageField),
        )}
        <label
          >Recomputation
          <select @change=${(e: Event) => {
            this.recomputation = (e.target as HTMLSelectElement).value as Recomputation;
          }}>
            ${RECOMPUTATIONS.map((r) => html`<option ?selected=${r === this.recomputation}>${r}</option>`)}
          </select>
        </label>
      </div>
      <dl>
        <dt>Weights (fp16)</dt>
        <dd data-figure="trainWeights">${bytes(training.weightsBytes)}</dd>
        <dt>Gradients (fp16)</dt>
        <dd data-figure="trainGradients">${bytes(training.gradientsBytes)}</dd>
        <dt>Optimizer (fp32 master, Adam m and v)</dt>
        <dd data-figure="trainOptimizer">${bytes(training.optimizerBytes)}</dd>
        <dt>Activations</dt>
        <dd data-figure="trainActivations">${bytes(training.activationsBytes)}</dd>
        <dt>Total per GPU (${plural(training.gpus, 'GPU')} in the plan)</dt>
        <dd data-figure="trainTotal"><strong>${bytes(training.totalBytes)}</strong></dd>
      </dl>
      <p class="verdict ${f.trainingFits ? 'fits' : 'no-fit'}" data-figure="trainingFits">
        ${f.trainingFits ? `Fits on ${this.gpuMemory} GB GPUs.` : `Does not fit on ${this.gpuMemory} GB GPUs.`}
        ${
          trainingGpus
            ? `With this strategy it needs ${plural(trainingGpus.gpus, 'GPU')} of ${this.gpuMemory} GB
               (${trainingGpus.dataParallel} data × ${trainingGpus.tensorParallel} tensor × ${trainingGpus.pipelineParallel} pipeline).`
            : `No number of ${this.gpuMemory} GB GPUs fits it with this strategy: try a higher ZeRO stage, tensor parallelism or recomputation.`
        }
      </p>
    </section>`;
  }
}
