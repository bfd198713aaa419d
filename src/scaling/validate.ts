/**
 * Field-level validation of an architecture config, for forms that show each error at its
 * field. Lives apart from config.ts because the magnitude check needs countParams, which
 * itself imports config.ts.
 */
import type { ArchitectureConfig } from './config';
import { countParams } from './params';

/** A config field, or 'config' for a problem with the whole (for example its total size). */
export type ConfigField =
  | 'family'
  | 'vocabSize'
  | 'contextLength'
  | 'layers'
  | 'dModel'
  | 'heads'
  | 'ffnDim'
  | 'kvHeads'
  | 'tokenTypes'
  | 'experts'
  | 'expertsPerToken'
  | 'config';

export interface ConfigError {
  field: ConfigField;
  message: string;
}

/**
 * Largest sizes accepted. They are far beyond any published model (the largest dense models
 * have d ≈ 2·10⁴ and ~10¹² parameters) and keep every count an exact integer: below 10¹⁵ the
 * products in params.ts stay under 2⁵³ ≈ 9.0·10¹⁵, where doubles stop being exact.
 */
export const CONFIG_LIMITS = Object.freeze({
  maxParams: 1e15,
  maxDModel: 1e6,
  maxFfnDim: 1e7,
  maxLayers: 1e5,
  maxVocabSize: 1e8,
  maxContextLength: 1e9,
  maxExperts: 1e5,
});

const FAMILIES: readonly string[] = ['gpt2', 'bert', 'llama', 'moe'];

function checkCount(
  errors: ConfigError[],
  field: ConfigField,
  value: number,
  { min, max }: { min: number; max: number },
): void {
  if (!Number.isFinite(value)) {
    errors.push({ field, message: 'must be a finite number' });
  } else if (!Number.isInteger(value)) {
    errors.push({ field, message: `must be a whole number (got ${value})` });
  } else if (value < min) {
    errors.push({ field, message: min === 0 ? 'must not be negative' : `must be at least ${min}` });
  } else if (value > max) {
    errors.push({ field, message: `must be at most ${max.toExponential(0)} (got ${value})` });
  }
}

/** Every problem with a config, each tied to its field; an empty list means it is valid. */
export function validateConfig(config: ArchitectureConfig): ConfigError[] {
  const errors: ConfigError[] = [];
  if (!FAMILIES.includes(config.family)) {
    return [{ field: 'family', message: `unknown family "${String(config.family)}"` }];
  }
  const L = CONFIG_LIMITS;
  checkCount(errors, 'vocabSize', config.vocabSize, { min: 1, max: L.maxVocabSize });
  checkCount(errors, 'contextLength', config.contextLength, { min: 1, max: L.maxContextLength });
  checkCount(errors, 'layers', config.layers, { min: 1, max: L.maxLayers });
  checkCount(errors, 'dModel', config.dModel, { min: 1, max: L.maxDModel });
  checkCount(errors, 'heads', config.heads, { min: 1, max: L.maxDModel });
  checkCount(errors, 'ffnDim', config.ffnDim, { min: 1, max: L.maxFfnDim });
  const sizesValid = errors.length === 0;

  if (sizesValid && config.dModel % config.heads !== 0) {
    errors.push({
      field: 'heads',
      message: `must divide d_model (${config.dModel} / ${config.heads} is not a whole head width)`,
    });
  }
  if (config.family === 'bert') {
    checkCount(errors, 'tokenTypes', config.tokenTypes, { min: 0, max: L.maxVocabSize });
  }
  if (config.family === 'llama' || config.family === 'moe') {
    const before = errors.length;
    checkCount(errors, 'kvHeads', config.kvHeads, { min: 1, max: L.maxDModel });
    if (errors.length === before && Number.isInteger(config.heads)) {
      if (config.kvHeads > config.heads) {
        errors.push({ field: 'kvHeads', message: 'must not exceed the number of heads' });
      } else if (config.heads % config.kvHeads !== 0) {
        errors.push({
          field: 'kvHeads',
          message: `must divide heads (${config.heads} query heads cannot share ${config.kvHeads} K/V heads evenly)`,
        });
      }
    }
  }
  if (config.family === 'moe') {
    const before = errors.length;
    checkCount(errors, 'experts', config.experts, { min: 1, max: L.maxExperts });
    checkCount(errors, 'expertsPerToken', config.expertsPerToken, { min: 1, max: L.maxExperts });
    if (errors.length === before && config.expertsPerToken > config.experts) {
      errors.push({
        field: 'expertsPerToken',
        message: `must not exceed the number of experts (${config.experts})`,
      });
    }
  }

  if (errors.length === 0) {
    const { total } = countParams(config);
    if (total > L.maxParams) {
      errors.push({
        field: 'config',
        message: `${total.toExponential(2)} parameters is beyond the ${L.maxParams.toExponential(0)} this tool accepts`,
      });
    }
  }
  return errors;
}
