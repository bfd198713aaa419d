/**
 * The CPU side of a step, for the Node bench: the JavaScript time from a `prefill()` or
 * `decode()` call to its `queue.submit` (WgslEngine.lastStepCpuMs) and the dispatches of that
 * step, collected from every step the protocol runs and summarised per model. On a GPU this
 * time is the floor of a decode step that no kernel can lower (issue 12).
 */
import { summarize } from '../../src/bench/statistics';
import type { StepOutput } from '../../src/engines/engine';
import { WgslEngine } from '../../src/engines/wgsl/wgsl-engine';
import type { ModelSource } from '../../src/models/source';

export interface StepCpuSamples {
  model: string;
  readonly decodeMs: number[];
  /** Of each decode step's time, the part inside queue.submit. */
  readonly decodeSubmitMs: number[];
  readonly prefillMs: number[];
  decodeDispatches: number;
  prefillDispatches: number;
}

/** Our engine, recording each step's CPU time into `sink` (one entry per prepared model). */
export class MeasuredWgslEngine extends WgslEngine {
  private samples: StepCpuSamples | null = null;
  /** Where each prepared model's samples go (the bench's list, shared by its engines). */
  sink: StepCpuSamples[] = [];

  override async prepare(source: ModelSource): Promise<void> {
    await super.prepare(source);
    this.samples = {
      model: source.id,
      decodeMs: [],
      decodeSubmitMs: [],
      prefillMs: [],
      decodeDispatches: 0,
      prefillDispatches: 0,
    };
    this.sink.push(this.samples);
  }

  override async prefill(...args: Parameters<WgslEngine['prefill']>): Promise<StepOutput> {
    const output = await super.prefill(...args);
    this.samples?.prefillMs.push(this.lastStepCpuMs);
    if (this.samples) this.samples.prefillDispatches = this.lastStepDispatches;
    return output;
  }

  override async decode(...args: Parameters<WgslEngine['decode']>): Promise<StepOutput> {
    const output = await super.decode(...args);
    this.samples?.decodeMs.push(this.lastStepCpuMs);
    this.samples?.decodeSubmitMs.push(this.lastStepSubmitMs);
    if (this.samples) this.samples.decodeDispatches = this.lastStepDispatches;
    return output;
  }
}

const spread = (ms: readonly number[]) => {
  const s = summarize(ms);
  return `${s.median.toFixed(3)} (${s.p10.toFixed(3)}–${s.p90.toFixed(3)}, n ${s.n})`;
};

/** A markdown table: ms per step (median, p10–p90) and µs per dispatch of the median step. */
export function stepCpuTable(dtype: string, all: readonly StepCpuSamples[]): string {
  const rows = all
    .filter((s) => s.decodeMs.length > 0 && s.prefillMs.length > 0)
    .map((s) => {
      const decodeMedian = summarize(s.decodeMs).median;
      const prefillMedian = summarize(s.prefillMs).median;
      return [
        s.model,
        dtype,
        s.decodeDispatches,
        spread(s.decodeMs),
        summarize(s.decodeSubmitMs).median.toFixed(3),
        ((decodeMedian * 1000) / s.decodeDispatches).toFixed(1),
        spread(s.prefillMs),
        ((prefillMedian * 1000) / s.prefillDispatches).toFixed(1),
      ].join(' | ');
    });
  return [
    'CPU time per step, from the call to queue.submit (every step the protocol ran):',
    '',
    '| model | dtype | dispatches/token | decode CPU ms/step | of which submit ms | µs/dispatch | prefill CPU ms/step | µs/dispatch |',
    '|---|---|---:|---|---:|---:|---|---:|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}
