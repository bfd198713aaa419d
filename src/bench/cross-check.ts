/**
 * The cross-check: one checkpoint on two independent implementations — our engine, and
 * transformers.js (or the CPU reference) on the same weights — must choose the same greedy
 * tokens for N steps, with logits within f32 tolerance at every step.
 *
 * Unlike Verify (./verify.ts), where the reference chooses the tokens and both sides are fed
 * them, here each side runs free: a greedy run is its own choices from the prompt on, so one
 * diverging token shows as a different sequence, not just as a logit difference.
 */
import type { Engine } from '../engines/engine';
import { decodeStep, prefill } from '../models/reference';
import type { Gpt2Weights } from '../models/weights';
import type { ResultRecord } from './result';
import { argmaxOf, maxAbsDiff, VERIFY_TOLERANCE } from './verify';

/** What a free-running greedy run saw: the token chosen at each step, and its logits. */
export interface GreedyRun {
  /** The prompt, then each chosen token: `prompt.length + steps` ids. */
  readonly sequence: readonly number[];
  /** The last position's logits at the prefill and after each decode step: steps rows of V. */
  readonly logits: readonly Float32Array[];
}

/** One step's agreement between two runs. */
export interface CrossCheckStep {
  readonly step: number;
  readonly tokens: readonly [number, number];
  readonly maxAbsDiff: number;
}

export interface CrossCheckReport {
  /** The two sides, as the report names them (`wgsl`, `transformers.js wasm`, `reference`). */
  readonly sides: readonly [string, string];
  readonly steps: readonly CrossCheckStep[];
  /** Every greedy token agreed. */
  readonly sameTokens: boolean;
  readonly maxAbsDiff: number;
  readonly tolerance: number;
  readonly pass: boolean;
}

/** Our engine (any Engine, loaded) running greedy for `steps` tokens from `prompt`. */
export async function engineGreedyRun(
  engine: Engine,
  prompt: readonly number[],
  steps: number,
): Promise<GreedyRun> {
  const sequence = [...prompt];
  const logits: Float32Array[] = [];
  let output = await engine.prefill(prompt, { logits: true });
  for (let step = 0; step < steps; step++) {
    if (!output.logits) throw new Error(`${engine.id}: no logits came back at step ${step}`);
    logits.push(output.logits);
    sequence.push(output.token);
    if (step + 1 < steps) output = await engine.decode(output.token, { logits: true });
  }
  return { sequence, logits };
}

/** Compares two greedy runs from the same prompt, step by step. */
export function crossCheck(
  sides: readonly [string, string],
  a: GreedyRun,
  b: GreedyRun,
  promptLength: number,
  tolerance = VERIFY_TOLERANCE,
): CrossCheckReport {
  const count = Math.min(a.logits.length, b.logits.length);
  if (count === 0) throw new Error('cross-check: a run has no steps');
  const steps: CrossCheckStep[] = [];
  for (let step = 0; step < count; step++) {
    steps.push({
      step,
      tokens: [a.sequence[promptLength + step]!, b.sequence[promptLength + step]!],
      maxAbsDiff: maxAbsDiff(a.logits[step]!, b.logits[step]!),
    });
  }
  const sameTokens =
    a.logits.length === b.logits.length && steps.every((s) => s.tokens[0] === s.tokens[1]);
  const worst = Math.max(...steps.map((s) => s.maxAbsDiff));
  return {
    sides,
    steps,
    sameTokens,
    maxAbsDiff: worst,
    tolerance,
    pass: sameTokens && worst <= tolerance,
  };
}

/** The CPU reference (src/models/reference.ts) running greedy on `weights`: the oracle side. */
export function referenceGreedyRun(
  weights: Gpt2Weights,
  prompt: readonly number[],
  steps: number,
): GreedyRun {
  const vocab = weights.config.vocabSize;
  const sequence = [...prompt];
  const logits: Float32Array[] = [];
  let result = prefill(weights, prompt);
  let row: Float32Array = result.logits.slice((prompt.length - 1) * vocab);
  for (let step = 0; step < steps; step++) {
    logits.push(row);
    const token = argmaxOf(row);
    sequence.push(token);
    if (step + 1 === steps) break;
    result = decodeStep(weights, result.kvCache, token, prompt.length + step);
    row = result.logits;
  }
  return { sequence, logits };
}

/** The report as a record carries it (ResultRecord.crossCheck), against the other side. */
export function crossCheckSummary(
  report: CrossCheckReport,
): NonNullable<ResultRecord['crossCheck']> {
  return {
    against: report.sides[1],
    steps: report.steps.length,
    sameTokens: report.sameTokens,
    maxAbsDiff: Number.isFinite(report.maxAbsDiff) ? report.maxAbsDiff : null,
    tolerance: report.tolerance,
    pass: report.pass,
  };
}
