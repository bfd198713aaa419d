/**
 * What <ps-calculator> computes, apart from how it draws it: from the form's raw strings to a
 * config with field errors, and from a valid config to every figure shown. Pure: no DOM.
 */
import { isPresetId, PRESETS } from '../../models/presets';
import {
  type ArchitectureConfig,
  type ArchitectureFamily,
  BYTES_PER_GB,
  bertConfig,
  type ConfigField,
  countParams,
  type GpuCount,
  gpt2Config,
  gpt2HeldBytes,
  gpusNeeded,
  gpusToHold,
  type HoldingConvention,
  type InferenceMemory,
  inferenceMemory,
  llamaConfig,
  llamaFfnDim,
  moeConfig,
  ONNX_DECODER_HOLDING,
  type ParamCount,
  PRECISIONS,
  type Precision,
  type Recomputation,
  type TrainingMemory,
  type TrainingPlan,
  trainingMemory,
  validateConfig,
  WGSL_HOLDING,
  weightBytes,
  type ZeroStage,
} from '../../scaling';
import { checkNumber, type FieldMessages, type NumberBounds } from '../shared/number-field';

/** The numeric config fields a user can edit, with their labels. */
export const CONFIG_FIELDS = [
  ['layers', 'Layers'],
  ['dModel', 'd_model'],
  ['heads', 'Heads'],
  ['kvHeads', 'K/V heads'],
  ['ffnDim', 'FFN width'],
  ['vocabSize', 'Vocabulary'],
  ['contextLength', 'Context length'],
  ['tokenTypes', 'Token types'],
  ['experts', 'Experts'],
  ['expertsPerToken', 'Experts per token'],
] as const satisfies readonly (readonly [ConfigField, string])[];

export type NumericConfigField = (typeof CONFIG_FIELDS)[number][0];

/** Which fields a family has. */
export function fieldsOf(family: ArchitectureFamily): NumericConfigField[] {
  const shared: NumericConfigField[] = [
    'layers',
    'dModel',
    'heads',
    'ffnDim',
    'vocabSize',
    'contextLength',
  ];
  switch (family) {
    case 'gpt2':
      return shared;
    case 'bert':
      return [...shared, 'tokenTypes'];
    case 'llama':
      return [...shared, 'kvHeads'];
    case 'moe':
      return [...shared, 'kvHeads', 'experts', 'expertsPerToken'];
  }
}

/** A family's default config at the width and depth of `from`: what switching family does. */
export function reshape(from: ArchitectureConfig, family: ArchitectureFamily): ArchitectureConfig {
  const shape = { layers: from.layers, dModel: from.dModel, heads: from.heads };
  switch (family) {
    case 'gpt2':
      return gpt2Config(shape);
    case 'bert':
      return bertConfig(shape);
    case 'llama':
      return llamaConfig(shape);
    case 'moe':
      return moeConfig(shape);
  }
}

/** GPT-2 and BERT: 4·d (Vaswani et al. 2017); LLaMA-style SwiGLU: ⅔·4·d rounded up to 256. */
export function defaultFfnDim(family: ArchitectureFamily, dModel: number): number {
  return family === 'gpt2' || family === 'bert' ? 4 * dModel : llamaFfnDim(dModel);
}

export function presetConfig(model: string): ArchitectureConfig | undefined {
  return isPresetId(model) ? PRESETS[model].config : undefined;
}

/** What the calculator says beside a field whose text is not a number it accepts. */
const MESSAGES: FieldMessages<NumberBounds> = {
  empty: () => 'required',
  'not-a-number': () => 'must be a number',
  infinite: () => 'must be a number',
  fraction: (_, text) => `must be a whole number (got ${text})`,
  below: (_, __, { min }) => (min === 0 ? 'must not be negative' : `must be at least ${min}`),
  above: (_, __, { max }) => `must be at most ${max.toLocaleString('en-US')}`,
};

/** A number typed into a field, or the message to show beside it. */
export function parseNumber(raw: string, bounds: NumberBounds): number | string {
  return checkNumber(raw, bounds, MESSAGES);
}

export type FieldErrors = Partial<Record<string, string>>;

/** Applies the edited fields to a base config, collecting parse and validation errors. */
export function editConfig(
  base: ArchitectureConfig,
  drafts: Readonly<Partial<Record<NumericConfigField, string>>>,
): { config: ArchitectureConfig; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const edited: Record<string, unknown> = { ...base };
  for (const field of fieldsOf(base.family)) {
    const raw = drafts[field];
    if (raw === undefined) continue;
    const parsed = parseNumber(raw, { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER });
    if (typeof parsed === 'string') errors[field] = parsed;
    else edited[field] = parsed;
  }
  // The FFN width follows d_model while it is the family's default and nobody typed it:
  // widening a GPT-2 from 768 to 1024 should give 4096, as the real GPT-2 medium has.
  const followsWidth = base.ffnDim === defaultFfnDim(base.family, base.dModel);
  if (drafts.ffnDim === undefined && followsWidth && typeof edited.dModel === 'number') {
    edited.ffnDim = defaultFfnDim(base.family, edited.dModel);
  }
  const config = edited as unknown as ArchitectureConfig;
  if (Object.keys(errors).length === 0) {
    for (const { field, message } of validateConfig(config)) errors[field] ??= message;
  }
  return { config, errors };
}

/** How the model is used: the inference and training inputs. */
export interface Usage {
  dtype: Precision;
  context: number;
  batch: number;
  gpuMemoryGB: number;
  plan: TrainingPlan;
}

export const USAGE_LIMITS = {
  context: { integer: true, min: 1, max: 1e9 },
  batch: { integer: true, min: 1, max: 1e6 },
  gpuMemoryGB: { integer: false, min: 0.001, max: 1e6 },
  parallel: { integer: true, min: 1, max: 1e6 },
  microBatch: { integer: true, min: 1, max: 1e6 },
} as const;

export const ZERO_STAGES: readonly ZeroStage[] = [0, 1, 2, 3];
export const RECOMPUTATIONS: readonly Recomputation[] = ['none', 'selective', 'full'];

/**
 * The weights table's columns beside the rule of thumb, for a GPT-2: the bytes each of
 * paramscope's engines holds it in (src/scaling/held.ts), what their records' weightBytes say.
 */
export const HELD_COLUMNS: readonly { id: string; label: string; holding: HoldingConvention }[] = [
  { id: 'wgsl', label: 'Our engine', holding: WGSL_HOLDING },
  { id: 'onnx', label: 'ORT (our ONNX)', holding: ONNX_DECODER_HOLDING },
];

export interface WeightsRow {
  dtype: Precision;
  /** Every parameter at the precision (q4 with an f16 scale per 128 weights). */
  bytes: number;
  /** HELD_COLUMNS' figures for a GPT-2, null where that engine does not hold it; else empty. */
  held: readonly (number | null)[];
}

export interface Figures {
  config: ArchitectureConfig;
  params: ParamCount;
  weightsByDtype: readonly WeightsRow[];
  inference: InferenceMemory;
  /** Does the inference memory fit one GPU of the chosen size? */
  inferenceFits: boolean;
  /** GPUs of the chosen size needed just to hold the inference memory. */
  inferenceGpus: number;
  training: TrainingMemory;
  /** Does one GPU's share of training fit the chosen GPU? */
  trainingFits: boolean;
  /** GPUs needed with the plan's strategy, growing its free degree; null: never fits. */
  trainingGpus: GpuCount | null;
}

export function computeFigures(config: ArchitectureConfig, usage: Usage): Figures {
  const params = countParams(config);
  const inference = inferenceMemory(config, {
    dtype: usage.dtype,
    context: usage.context,
    batch: usage.batch,
  });
  const training = trainingMemory(config, usage.plan);
  return {
    config,
    params,
    weightsByDtype: PRECISIONS.map((dtype) => ({
      dtype,
      bytes: weightBytes(params.total, dtype),
      held:
        config.family === 'gpt2'
          ? HELD_COLUMNS.map(({ holding }) => gpt2HeldBytes(config, dtype, holding))
          : [],
    })),
    inference,
    inferenceFits: inference.totalBytes <= usage.gpuMemoryGB * BYTES_PER_GB,
    inferenceGpus: gpusToHold(inference.totalBytes, usage.gpuMemoryGB),
    training,
    trainingFits: training.totalBytes <= usage.gpuMemoryGB * BYTES_PER_GB,
    trainingGpus: gpusNeeded(config, usage.plan, usage.gpuMemoryGB),
  };
}
