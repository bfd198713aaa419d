/**
 * The measuring protocol of docs/methodology.md, one model on one engine:
 *
 *   preflight → prepare (generation; the counterpart of a download, not timed as load)
 *   → load (timed) → first run on its own (it includes shader compilation)
 *   → warm-up of every timed shape (ORT compiles per shape: the prompt, and each decode
 *     step's growing cache) → N timed prefills → N timed decode loops → memory → record.
 *
 * A run counts until its result is on the CPU: every engine returns the logits there.
 * Sizes go in ascending order; a size the preflight rejects is skipped with its reason, and
 * a failure is reported and the sweep goes on, so earlier results are never lost.
 */

import type { Engine, EngineId } from '../engines/engine';
import { ENGINES, unsupportedPrecision } from '../engines/registry';
import type { DeviceDescription } from '../gpu';
import { isSoftwareAdapter } from '../gpu/describe';
import { type ModelSource, SOURCE_KINDS, sourceFacts } from '../models/source';
import {
  type ArchitectureConfig,
  formatBytesApart,
  gpt2HeldBytes,
  inferenceMemory,
  PRECISION,
  type Precision,
} from '../scaling';
import { DEFAULT_STEP_BOUNDS, PairBound, type StepBounds } from './bound';
import type { ResultRecord } from './result';
import { isUnstable, type Spread, summarize } from './statistics';

export type BenchStep =
  | 'preflight'
  | 'prepare'
  | 'download'
  | 'load'
  | 'first-run'
  | 'warm-up'
  | 'prefill'
  | 'decode'
  | 'done'
  | 'skipped'
  | 'failed'
  | 'sweep-done'
  | 'cancelled';

export interface BenchOptions {
  readonly engines: readonly EngineId[];
  /** How the engine holds the weights: one of its entry's `precisions` (src/engines/registry.ts). */
  readonly dtype: Precision;
  readonly promptTokens: number;
  readonly decodeTokens: number;
  /** Timed runs of each kind (default 10). */
  readonly repeats: number;
  /** Untimed runs of every shape before timing (at least 1). */
  readonly warmups: number;
}

export const DEFAULT_BENCH_OPTIONS: Readonly<Omit<BenchOptions, 'engines'>> = Object.freeze({
  dtype: 'f32',
  promptTokens: 128,
  decodeTokens: 32,
  repeats: 10,
  warmups: 1,
});

/** Where a sweep is; dispatched as `ps-progress` (src/components/events.ts). */
export interface Progress {
  /** Null for the sweep as a whole (`sweep-done`, `cancelled`). */
  readonly model: string | null;
  readonly engine: EngineId | null;
  readonly step: BenchStep;
  /** Units of this step done, of `total` (timed runs; 1 for single steps). */
  readonly done: number;
  readonly total: number;
  /** Why a size was skipped or a step failed. */
  readonly message?: string;
}

/** What the protocol needs from the page: engines, the clock, and what to record. */
export interface BenchEnvironment {
  createEngine(id: EngineId, dtype: Precision): Engine | Promise<Engine>;
  /** The limits of the adapter the GPU engines run on; null without WebGPU. */
  readonly limits: DeviceDescription['limits'] | null;
  readonly browser: string;
  now(): number;
  isHidden(): boolean;
  /** How long an engine step may take before its pair fails (./bound.ts); defaults apply. */
  readonly stepBounds?: StepBounds;
}

export interface BenchHooks {
  onProgress?(progress: Progress): void;
  onResult?(record: ResultRecord): void;
  onFailure?(model: string, engine: EngineId, error: unknown): void;
  readonly signal?: AbortSignal;
}

/**
 * Why `model` cannot run on `engine` with `dtype` weights here, or null when it may: the
 * engine's entry says what it holds and takes, the source says what the model needs.
 */
/**
 * The record's memory estimate: the weights as the engine holds them where it has a
 * convention for the architecture (src/scaling/held.ts), else every parameter at the
 * precision; the KV cache (f32 in every engine, f16 weights too) and activations estimated.
 */
function estimatedBytes(
  config: ArchitectureConfig,
  engine: EngineId,
  options: Pick<BenchOptions, 'dtype' | 'promptTokens' | 'decodeTokens'>,
): number {
  const { holding } = ENGINES[engine];
  const held =
    holding && config.family === 'gpt2' ? gpt2HeldBytes(config, options.dtype, holding) : null;
  return inferenceMemory(config, {
    dtype: options.dtype,
    kvDtype: 'f32',
    context: options.promptTokens + options.decodeTokens,
    batch: 1,
    ...(held === null ? {} : { heldWeightBytes: held }),
  }).totalBytes;
}

export function preflight(
  model: ModelSource,
  engine: EngineId,
  limits: BenchEnvironment['limits'],
  dtype: Precision,
): string | null {
  const entry = ENGINES[engine];
  const unsupported = unsupportedPrecision(engine, dtype);
  if (unsupported) return unsupported;
  if (!entry.sources.includes(model.kind)) {
    return `${entry.label} does not run ${SOURCE_KINDS[model.kind].label} models`;
  }
  const facts = sourceFacts(model);
  if (!facts.config) return 'no architecture config to estimate its memory from';
  const { family } = facts.config;
  if (entry.families && !entry.families.includes(family)) {
    return `${entry.shortLabel} runs ${entry.families.join(', ')} models, not ${family}`;
  }
  const bytes = facts.weightBytes(dtype);
  const limit = entry.modelBytesLimit;
  if (limit && bytes !== null && bytes > limit.bytes) {
    const [weights, most] = formatBytesApart(bytes, limit.bytes);
    return `${weights} of ${PRECISION[dtype].label} weights: ${limit.reason(most)} (estimate)`;
  }
  if (entry.usesGpu) {
    if (!limits) return 'no WebGPU device';
    // The largest tensor (GPT-2's token embedding, V × C) is bound whole.
    const largest = facts.largestTensor(dtype);
    if (largest && largest.bytes > limits.maxStorageBufferBindingSize) {
      const [needs, most] = formatBytesApart(largest.bytes, limits.maxStorageBufferBindingSize);
      return `${largest.name} needs ${needs} but this device binds at most ${most} (maxStorageBufferBindingSize)`;
    }
  }
  return null;
}

export function checkOptions(options: BenchOptions, models: readonly ModelSource[]): void {
  const positive = (name: string, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min) {
      throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${value}`);
    }
  };
  positive('prompt length', options.promptTokens, 1);
  positive('decode length', options.decodeTokens, 0);
  positive('repeats', options.repeats, 1);
  positive('warm-up runs', options.warmups, 1);
  if (options.engines.length === 0) throw new RangeError('choose at least one engine');
  if (models.length === 0) throw new RangeError('choose at least one model');
  for (const model of models) {
    const needed = options.promptTokens + options.decodeTokens;
    const { contextLength } = sourceFacts(model);
    if (needed > contextLength) {
      throw new RangeError(
        `${model.id}: prompt + decode = ${needed} tokens exceeds its context of ${contextLength}`,
      );
    }
  }
}

/** A deterministic prompt: the same tokens on every engine and every run. */
export function benchPrompt(length: number, vocabSize: number): number[] {
  return Array.from({ length }, (_, i) => (i * 7919 + 13) % vocabSize);
}

/** Every model on every engine, smallest model first. Returns the records it made. */
export async function runSweep(
  models: readonly ModelSource[],
  options: BenchOptions,
  env: BenchEnvironment,
  hooks: BenchHooks = {},
): Promise<ResultRecord[]> {
  checkOptions(options, models);
  const ascending = [...models].sort((a, b) => sourceFacts(a).params - sourceFacts(b).params);
  const records: ResultRecord[] = [];
  try {
    for (const model of ascending) {
      for (const engineId of options.engines) {
        const reason = preflight(model, engineId, env.limits, options.dtype);
        if (reason) {
          hooks.onProgress?.(step(model.id, engineId, 'skipped', 1, 1, reason));
          continue;
        }
        try {
          const record = await measure(model, engineId, options, env, hooks);
          records.push(record);
          hooks.onResult?.(record);
        } catch (error) {
          if (hooks.signal?.aborted) throw error;
          hooks.onFailure?.(model.id, engineId, error);
          hooks.onProgress?.(step(model.id, engineId, 'failed', 1, 1, String(error)));
        }
      }
    }
  } catch (error) {
    // Whatever the signal's reason is (a string, a DOMException), an aborted sweep ends here.
    if (!hooks.signal?.aborted) throw error;
    hooks.onProgress?.(step(null, null, 'cancelled', records.length, records.length));
    return records;
  }
  hooks.onProgress?.(step(null, null, 'sweep-done', records.length, records.length));
  return records;
}

/** One model on one engine, following the protocol. */
export async function measure(
  model: ModelSource,
  engineId: EngineId,
  options: BenchOptions,
  env: BenchEnvironment,
  hooks: BenchHooks = {},
): Promise<ResultRecord> {
  const report = (s: BenchStep, done = 0, total = 1) =>
    hooks.onProgress?.(step(model.id, engineId, s, done, total));
  const checkpoint = () => hooks.signal?.throwIfAborted();
  const { now } = env;
  let hidden = env.isHidden();
  const facts = sourceFacts(model);
  // Before anything runs: a model the estimate cannot describe is refused, not measured first.
  if (!facts.config) throw new Error(`${model.id}: no architecture to estimate its memory from`);
  const estimate = estimatedBytes(facts.config, engineId, options);
  const engine = await env.createEngine(engineId, options.dtype);
  const bound = new PairBound(
    engine,
    facts.weightBytes(options.dtype) ?? 0,
    env.stepBounds ?? DEFAULT_STEP_BOUNDS,
    now,
  );
  let failed = true;
  try {
    report('prepare');
    await bound.step('prepare', () => engine.prepare(model), { setup: true });
    checkpoint();

    report('load');
    const loadStart = now();
    await bound.step('load', () => engine.load(), { setup: true });
    const loadMs = now() - loadStart;
    checkpoint();

    const prompt = benchPrompt(options.promptTokens, facts.vocabSize);
    const timing: TimingRun = { engine, bound, prompt, options, now, report, checkpoint };
    const { firstRunMs, prefillSamples, decodeSamples, hiddenDuring } = engine.generate
      ? await timeGenerations(timing, engine.generate.bind(engine), env)
      : await timeSteps(timing, env);
    hidden ||= hiddenDuring;

    const prefillMs = summarize(prefillSamples);
    const decodeMs = decodeSamples.length > 0 ? summarize(decodeSamples) : null;
    const memory = engine.memory();
    const device = engine.device();
    const provider = engine.provider();
    const flags: string[] = [];
    if (isUnstable(prefillMs)) flags.push('unstable-prefill');
    if (decodeMs && isUnstable(decodeMs)) flags.push('unstable-decode');
    if (hidden) flags.push('tab-hidden');
    if (globalThis.crossOriginIsolated) flags.push('cross-origin-isolated');
    if (device && isSoftwareAdapter(device)) flags.push('software-adapter');
    if (ENGINES[engineId].usesGpu && provider.includes('wasm')) flags.push('cpu-fallback');
    flags.push(...(engine.recordFlags?.() ?? []));
    report('done', 1, 1);
    failed = false;
    return {
      schema: 1,
      model: model.id,
      params: facts.params,
      engine: engineId,
      provider,
      dtype: options.dtype,
      promptTokens: options.promptTokens,
      decodeTokens: options.decodeTokens,
      loadMs,
      firstRunMs,
      prefillMs: spread(prefillMs),
      decodeMsPerToken: decodeMs ? spread(decodeMs) : null,
      tokensPerSecond: decodeMs && decodeMs.median > 0 ? 1000 / decodeMs.median : null,
      peakGpuBytes: memory.peakGpuBytes,
      weightBytes: memory.weightBytes,
      estimatedBytes: estimate,
      device: device && { ...device, features: [...device.features], limits: { ...device.limits } },
      browser: env.browser,
      time: new Date().toISOString(),
      flags,
      ...recordDetails(engine),
    };
  } finally {
    const dispose = bound.step('dispose', () => engine.dispose(), { evenIfLost: true });
    // After a failure, the failure is the reason to report, not a dispose that failed too.
    await (failed ? dispose.catch(() => {}) : dispose);
  }
}

const spread = ({ n, median, p10, p90, cv }: Spread) => ({ n, median, p10, p90, cv });

/** The record's `source` and `runtime`, where the engine has them to say. */
function recordDetails(engine: Engine): Pick<ResultRecord, 'source' | 'runtime'> {
  const details = engine.recordDetails?.();
  return {
    ...(details?.source ? { source: details.source } : {}),
    ...(details?.runtime ? { runtime: details.runtime } : {}),
  };
}

/** What the timing loops need from measure(). */
interface TimingRun {
  readonly engine: Engine;
  readonly bound: PairBound;
  readonly prompt: readonly number[];
  readonly options: BenchOptions;
  readonly now: () => number;
  report(step: BenchStep, done?: number, total?: number): void;
  checkpoint(): void;
}

interface Timings {
  readonly firstRunMs: number;
  readonly prefillSamples: number[];
  /** Per decoded token, one sample per timed run. */
  readonly decodeSamples: number[];
  readonly hiddenDuring: boolean;
}

/** Prefill and decode as steps the protocol drives: our engine and ORT's. */
async function timeSteps(run: TimingRun, env: BenchEnvironment): Promise<Timings> {
  const { engine, bound, prompt, options, now, report, checkpoint } = run;
  let hiddenDuring = false;
  const prefill = () => bound.step('prefill', () => engine.prefill(prompt));
  const decodeLoop = async () => {
    let output = await prefill();
    const start = now();
    for (let i = 0; i < options.decodeTokens; i++) {
      const token = output.token;
      output = await bound.step(`decode step ${i + 1}`, () => engine.decode(token));
    }
    return now() - start;
  };

  report('first-run');
  const firstStart = now();
  await bound.step('first run', () => engine.prefill(prompt), { setup: true });
  const firstRunMs = now() - firstStart;

  for (let i = 0; i < options.warmups; i++) {
    report('warm-up', i, options.warmups);
    await decodeLoop(); // the prompt's shape, then every decode step's
    checkpoint();
  }

  const prefillSamples: number[] = [];
  for (let i = 0; i < options.repeats; i++) {
    report('prefill', i, options.repeats);
    const start = now();
    await prefill();
    prefillSamples.push(now() - start);
    hiddenDuring ||= env.isHidden();
    checkpoint();
  }

  const decodeSamples: number[] = [];
  if (options.decodeTokens > 0) {
    for (let i = 0; i < options.repeats; i++) {
      report('decode', i, options.repeats);
      decodeSamples.push((await decodeLoop()) / options.decodeTokens);
      hiddenDuring ||= env.isHidden();
      checkpoint();
    }
  }
  return { firstRunMs, prefillSamples, decodeSamples, hiddenDuring };
}

/**
 * Prefill and decode inside one generate call (Engine.generate): each timed run generates
 * 1 + decodeTokens tokens, stamped as they arrive. The prefill is the time to the first new
 * token; a decode sample is the mean gap after it. The first run (one token) stands alone.
 */
async function timeGenerations(
  run: TimingRun,
  generate: NonNullable<Engine['generate']>,
  env: BenchEnvironment,
): Promise<Timings> {
  const { bound, prompt, options, now, report, checkpoint } = run;
  let hiddenDuring = false;
  const newTokens = options.decodeTokens + 1;
  const stamped = async (count: number, setup: boolean) => {
    const stamps: number[] = [];
    const start = now();
    await bound.step(
      setup ? 'first run' : 'generate',
      () => generate(prompt, count, () => stamps.push(now())),
      { setup },
    );
    if (stamps.length !== count) {
      throw new Error(`generate gave ${stamps.length} tokens, not the ${count} asked for`);
    }
    return { start, stamps };
  };

  report('first-run');
  const first = await stamped(1, true);
  const firstRunMs = first.stamps[0]! - first.start;

  for (let i = 0; i < options.warmups; i++) {
    report('warm-up', i, options.warmups);
    await stamped(newTokens, false);
    checkpoint();
  }

  const prefillSamples: number[] = [];
  const decodeSamples: number[] = [];
  for (let i = 0; i < options.repeats; i++) {
    report(options.decodeTokens > 0 ? 'decode' : 'prefill', i, options.repeats);
    const { start, stamps } = await stamped(newTokens, false);
    prefillSamples.push(stamps[0]! - start);
    if (options.decodeTokens > 0) {
      decodeSamples.push((stamps.at(-1)! - stamps[0]!) / options.decodeTokens);
    }
    hiddenDuring ||= env.isHidden();
    checkpoint();
  }
  return { firstRunMs, prefillSamples, decodeSamples, hiddenDuring };
}

const step = (
  model: string | null,
  engine: EngineId | null,
  s: BenchStep,
  done: number,
  total: number,
  message?: string,
): Progress =>
  message === undefined
    ? { model, engine, step: s, done, total }
    : { model, engine, step: s, done, total, message };
