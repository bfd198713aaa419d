/**
 * "Verify": run engines on the same weights and tokens as the CPU reference and compare the
 * logits of the prefill and of each greedy decode step. The reference chooses the tokens, so
 * every engine sees identical inputs even if one of them would choose differently.
 */
import type { Engine, EngineId } from '../engines/engine';
import { weightsAsHeld } from '../engines/wgsl/gpt2-weights';
import { gpt2Weights } from '../models/hub/checkpoint-source';
import { decodeStep, prefill } from '../models/reference';
import type { ModelSource, SyntheticModel } from '../models/source';
import { CHECKING_WEIGHT_INIT } from '../models/weights';
import type { Precision } from '../scaling';
import type { CrossCheckReport } from './cross-check';
import { benchPrompt } from './protocol';

/** f32 tolerance on logits, as the issue and onnxruntime-web's own tests state it. */
export const VERIFY_TOLERANCE = 1e-3;

export interface VerifyStep {
  /** 0 for the prefill, then 1 … for each decode step. */
  readonly step: number;
  readonly maxAbsDiff: number;
  /** The engine's own greedy choice equals the reference's. */
  readonly sameToken: boolean;
}

export interface VerifyReport {
  readonly model: string;
  readonly engine: EngineId;
  /** How the engine held the weights (the reference ran on the same rounding). */
  readonly dtype: Precision;
  readonly steps: readonly VerifyStep[];
  readonly maxAbsDiff: number;
  /** The largest |Δ logit| this engine at this dtype is held to (Engine.reference). */
  readonly tolerance: number;
  readonly pass: boolean;
}

/** An engine the check did not run on a model, and why (f16 weights on ORT). */
export interface VerifySkip {
  readonly model: string;
  readonly engine: EngineId;
  readonly skipped: string;
}

/**
 * A checkpoint held against another implementation of the same weights (./cross-check.ts):
 * a row of Verify beside the checks against the CPU reference.
 */
export interface VerifyCrossCheck {
  readonly model: string;
  readonly crossCheck: CrossCheckReport;
}

/** One row of Verify's table. */
export type VerifyRow = VerifyReport | VerifySkip | VerifyCrossCheck;

/** The model with weights whose biases and norms are all nonzero: a dropped bias shows. */
export const checkingModel = (model: SyntheticModel): SyntheticModel => ({
  ...model,
  id: `${model.id} (checking weights)`,
  init: CHECKING_WEIGHT_INIT,
});

/** The largest |actual − expected|; infinite for a length mismatch or a NaN. */
export function maxAbsDiff(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i]! - expected[i]!);
    if (!(diff <= worst)) worst = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff;
  }
  return worst;
}

/** The first index of the largest value: greedy's choice, as every engine breaks ties. */
export const argmaxOf = (values: Float32Array) => {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
};

export interface VerifyOptions {
  readonly promptTokens?: number;
  readonly decodeSteps?: number;
  /**
   * The weights the engine holds. The reference runs on the same rounding (the engine's
   * `reference`, else weightsAsHeld: our engine's f16-rounded matrices), so the check tests
   * the kernels, not the rounding (whose effect on the logits the engine's tests measure), at
   * f32's tolerance unless the engine computes in a narrower type (ORT's f16 graph).
   */
  readonly dtype?: Precision;
}

/**
 * Compares `engine` with the CPU reference on `model` for a prompt and `decodeSteps` steps:
 * a generated model, or a real GPT-2 checkpoint (the reference then runs the checkpoint's
 * own weights).
 */
export async function verifyEngine(
  model: ModelSource,
  engine: Engine,
  { promptTokens = 8, decodeSteps = 8, dtype = 'f32' }: VerifyOptions = {},
): Promise<VerifyReport> {
  const checkpoint = await gpt2Weights(model);
  const { weights, tolerance } = engine.reference?.(checkpoint) ?? {
    weights: weightsAsHeld(checkpoint, dtype),
    tolerance: VERIFY_TOLERANCE,
  };
  const vocab = weights.config.vocabSize;
  const prompt = benchPrompt(promptTokens, vocab);
  try {
    await engine.prepare(model);
    await engine.load();
    let reference = prefill(weights, prompt);
    let expected: Float32Array = reference.logits.slice((promptTokens - 1) * vocab);
    let output = await engine.prefill(prompt, { logits: true });
    const steps: VerifyStep[] = [];
    for (let step = 0; ; step++) {
      const token = argmaxOf(expected);
      steps.push({
        step,
        maxAbsDiff: output.logits ? maxAbsDiff(output.logits, expected) : Number.POSITIVE_INFINITY,
        sameToken: output.token === token,
      });
      if (step === decodeSteps) break;
      reference = decodeStep(weights, reference.kvCache, token, promptTokens + step);
      expected = reference.logits;
      output = await engine.decode(token, { logits: true });
    }
    const worst = Math.max(...steps.map((s) => s.maxAbsDiff));
    return {
      model: model.id,
      engine: engine.id,
      dtype,
      steps,
      maxAbsDiff: worst,
      tolerance,
      pass: worst <= tolerance,
    };
  } finally {
    await engine.dispose();
  }
}
