import { describe, expect, it } from 'vitest';
import { CHECKING_WEIGHT_INIT, materializeWeights } from '../models/weights';
import { gpt2Config } from '../scaling';
import { crossCheck, type GreedyRun, referenceGreedyRun } from './cross-check';

const config = gpt2Config({ layers: 1, dModel: 16, heads: 2, vocabSize: 40, contextLength: 16 });
const prompt = [3, 17, 29];
const run = referenceGreedyRun(materializeWeights(config, CHECKING_WEIGHT_INIT), prompt, 4);

describe('crossCheck', () => {
  it('passes two identical greedy runs, and each step names both tokens', () => {
    expect(run.sequence).toHaveLength(prompt.length + 4);
    expect(run.logits).toHaveLength(4);
    const report = crossCheck(['a', 'b'], run, run, prompt.length);
    expect(report.pass).toBe(true);
    expect(report.maxAbsDiff).toBe(0);
    expect(report.steps.map((s) => s.tokens)).toEqual(
      run.sequence.slice(prompt.length).map((t) => [t, t]),
    );
  });

  it('fails on one different token, or on logits past the tolerance', () => {
    const sequence = [...run.sequence];
    sequence[prompt.length + 2] = (sequence[prompt.length + 2]! + 1) % 40;
    const other: GreedyRun = { sequence, logits: run.logits };
    const report = crossCheck(['a', 'b'], run, other, prompt.length);
    expect(report.sameTokens).toBe(false);
    expect(report.pass).toBe(false);

    const shifted = run.logits.map((row) => row.map((v) => v + 2e-3));
    const far = crossCheck(['a', 'b'], run, { sequence: run.sequence, logits: shifted }, 3);
    expect(far.sameTokens).toBe(true);
    expect(far.maxAbsDiff).toBeCloseTo(2e-3, 6);
    expect(far.pass).toBe(false);
  });

  it('fails a shorter run rather than comparing only its steps', () => {
    const short: GreedyRun = {
      sequence: run.sequence.slice(0, -1),
      logits: run.logits.slice(0, -1),
    };
    expect(crossCheck(['a', 'b'], run, short, prompt.length).pass).toBe(false);
  });
});
