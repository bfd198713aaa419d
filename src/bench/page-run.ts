/**
 * The bench as the page runs it: real engines, the page's WebGPU limits, the browser's clock.
 * Loaded on demand by <ps-bench> (it brings onnxruntime-web and the ONNX writer with it).
 */

import type { EngineId } from '../engines/engine';
import type { DownloadProgress } from '../engines/hub/hub-download';
import { createEngine, unsupportedPrecision } from '../engines/registry';
import { type GpuProvider, GpuUnavailableError, ProgramRunner } from '../gpu';
import { isSoftwareAdapter } from '../gpu/describe';
import { DEFAULT_HUB_URL, isHubId, parseHubId } from '../models/hub/hub-id';
import { ladderModel } from '../models/ladder';
import type { HubModel, ModelSource } from '../models/source';
import { formatBytes, type Precision } from '../scaling';
import { type CrossCheckReport, crossCheck, engineGreedyRun, type GreedyRun } from './cross-check';
import {
  type BenchEnvironment,
  type BenchHooks,
  type BenchOptions,
  benchPrompt,
  runSweep,
} from './protocol';
import type { ResultRecord } from './result';
import { measureBandwidth, measureMatmul, type RooflineFigure, rooflineSizes } from './roofline';
import {
  checkingModel,
  type VerifyReport,
  type VerifyRow,
  type VerifySkip,
  verifyEngine,
} from './verify';

/** "Chromium 156", from the brands the browser states; the user agent string otherwise. */
export function browserName(): string {
  const data = (navigator as { userAgentData?: { brands: { brand: string; version: string }[] } })
    .userAgentData;
  const brand = data?.brands.find((b) => !/not.?a.?brand/i.test(b.brand));
  return brand ? `${brand.brand} ${brand.version}` : navigator.userAgent;
}

/**
 * Runs a sweep of ladder and hub models in this page. A hub model is read from its headers
 * first (exact size, before any download); one that cannot be read fails on every engine with
 * the reason, and the others still run.
 */
export async function runPageSweep(
  modelIds: readonly string[],
  options: BenchOptions,
  gpu: GpuProvider,
  hooks: BenchHooks,
  hubUrl: string = DEFAULT_HUB_URL,
): Promise<ResultRecord[]> {
  const models: ModelSource[] = [];
  for (const id of modelIds) {
    try {
      models.push(await pageModel(id, hubUrl));
    } catch (error) {
      for (const engine of options.engines) {
        hooks.onFailure?.(id, engine, error);
        hooks.onProgress?.({
          model: id,
          engine,
          step: 'failed',
          done: 1,
          total: 1,
          message: String(error),
        });
      }
    }
  }
  if (models.length === 0) return [];
  const limits = await gpu.acquire().then(
    (context) => context.description.limits,
    (error: unknown) => {
      if (error instanceof GpuUnavailableError) return null;
      throw error;
    },
  );
  const env: BenchEnvironment = {
    createEngine: (id, dtype) =>
      createEngine(
        id,
        {
          gpu,
          onDownload: (progress) =>
            hooks.onProgress?.({
              model: downloading.get(id) ?? null,
              engine: id,
              step: 'download',
              done: progress.loaded,
              total: progress.total,
              message: downloadText(progress),
            }),
        },
        dtype,
      ),
    limits,
    browser: browserName(),
    now: () => performance.now(),
    isHidden: () => document.visibilityState === 'hidden',
  };
  // Which model each engine is downloading: the sweep's own progress says it first.
  const downloading = new Map<EngineId, string>();
  return runSweep(models, options, env, {
    ...hooks,
    onProgress: (progress) => {
      if (progress.engine && progress.model) downloading.set(progress.engine, progress.model);
      hooks.onProgress?.(progress);
    },
  });
}

/** A ladder model, or a hub model read from its headers (`hub:owner/name[@revision]`). */
async function pageModel(id: string, hubUrl: string): Promise<ModelSource> {
  if (!isHubId(id)) return ladderModel(id);
  const where = parseHubId(id);
  if (!where) throw new Error(`${id}: not a hub model id (hub:owner/name[@revision])`);
  const { readHubModel } = await import('../models/hub/hub-model');
  try {
    return (await readHubModel({ ...where, hubUrl })).model;
  } catch (error) {
    throw new Error(
      `${where.repo} on ${hubUrl}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** `onnx/model.onnx 120 KiB of 517 KiB (from cache: config.json)`: each file, bytes of bytes. */
export function downloadText(progress: DownloadProgress): string {
  return progress.files
    .map(
      (f) =>
        `${f.path} ${formatBytes(f.loaded)} of ${formatBytes(f.total)}${f.fromCache ? ' (from cache)' : ''}`,
    )
    .join('; ');
}

/**
 * Verifies each engine against the CPU reference on each model (checking weights), holding
 * the weights as `dtype`; an engine that cannot hold them is reported as skipped, as the
 * bench skips it.
 */
export async function verifyPage(
  modelIds: readonly string[],
  engines: readonly EngineId[],
  dtype: Precision,
  gpu: GpuProvider,
  onReport: (report: VerifyReport | VerifySkip) => void,
): Promise<void> {
  for (const id of modelIds) {
    const model = checkingModel(ladderModel(id));
    for (const engine of engines) {
      const skipped = unsupportedPrecision(engine, dtype);
      onReport(
        skipped
          ? { model: model.id, engine, skipped }
          : await verifyEngine(model, await createEngine(engine, { gpu }, dtype), { dtype }).catch(
              // A pair the device cannot run is refused with its reason (ORT's f16 without
              // shader-f16, a MatMulNBits that fails its check): said in its row, as the bench says it.
              (error: unknown) => ({
                model: model.id,
                engine,
                skipped: error instanceof Error ? error.message : String(error),
              }),
            ),
      );
    }
  }
}

/**
 * Verify for a hub GPT-2: our engine on its checkpoint against the CPU reference, then the
 * cross-check against transformers.js on each of `devices`, one row each.
 */
export async function verifyHubModel(
  model: HubModel,
  gpu: GpuProvider,
  onReport: (report: VerifyRow) => void,
  devices: readonly ('wasm' | 'webgpu')[] = ['wasm', 'webgpu'],
): Promise<void> {
  onReport(await verifyEngine(model, await createEngine('wgsl', { gpu }, 'f32')));
  for (const device of devices) {
    onReport({ model: model.id, crossCheck: await crossCheckHub(model, gpu, { device }) });
  }
}

export interface PageRoofline {
  readonly bandwidth: RooflineFigure;
  readonly matmul: RooflineFigure;
}

/** The page device's copy bandwidth and matmul rate. */
export async function measurePageRoofline(gpu: GpuProvider): Promise<PageRoofline> {
  const context = await gpu.acquire();
  const runner = new ProgramRunner(context);
  const sizes = rooflineSizes(isSoftwareAdapter(context.description));
  const figures = {
    bandwidth: await measureBandwidth(runner, sizes),
    matmul: await measureMatmul(runner, sizes),
  };
  await context.buffers.trimWhenIdle(); // the benchmarks' buffers are not a model's memory
  return figures;
}

/**
 * The checkpoint cross-check of a hub GPT-2 in this page: our engine on its model.safetensors
 * against transformers.js (`device`) on its ONNX export, greedy for `steps` tokens from the
 * bench's prompt.
 */
export async function crossCheckHub(
  model: HubModel,
  gpu: GpuProvider,
  { device = 'wasm', promptTokens = 8, steps = 8 }: CrossCheckOptions = {},
): Promise<CrossCheckReport> {
  const prompt = benchPrompt(promptTokens, model.facts.vocabSize);
  const engine = await createEngine('wgsl', { gpu }, 'f32');
  await engine.prepare(model);
  await engine.load();
  let ours: GreedyRun;
  try {
    ours = await engineGreedyRun(engine, prompt, steps);
  } finally {
    await engine.dispose();
  }
  const { transformersGreedyRun } = await import('./transformers-run');
  const theirs = await transformersGreedyRun(model, prompt, steps, device);
  return crossCheck(['wgsl', `transformers.js ${device}`], ours, theirs, prompt.length);
}

export interface CrossCheckOptions {
  /** Where transformers.js runs its side. */
  readonly device?: 'wasm' | 'webgpu';
  readonly promptTokens?: number;
  readonly steps?: number;
}
