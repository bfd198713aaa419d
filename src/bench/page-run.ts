/**
 * The bench as the page runs it: real engines, the page's WebGPU limits, the browser's clock.
 * Loaded on demand by <ps-bench> (it brings onnxruntime-web and the ONNX writer with it).
 */

import type { Engine, EngineId } from '../engines/engine';
import { OrtEngine } from '../engines/ort/ort-engine';
import { type GpuProvider, GpuUnavailableError } from '../gpu';
import { ladderModel } from '../models/ladder';
import { type BenchEnvironment, type BenchHooks, type BenchOptions, runSweep } from './protocol';
import type { ResultRecord } from './result';

function createEngine(id: EngineId): Engine {
  switch (id) {
    case 'ort-webgpu':
    case 'ort-wasm':
      return new OrtEngine(id);
    case 'wgsl':
      throw new Error('the wgsl engine is not built yet');
  }
}

/** "Chromium 156", from the brands the browser states; the user agent string otherwise. */
export function browserName(): string {
  const data = (navigator as { userAgentData?: { brands: { brand: string; version: string }[] } })
    .userAgentData;
  const brand = data?.brands.find((b) => !/not.?a.?brand/i.test(b.brand));
  return brand ? `${brand.brand} ${brand.version}` : navigator.userAgent;
}

/** Runs a sweep of ladder models in this page. */
export async function runPageSweep(
  modelIds: readonly string[],
  options: BenchOptions,
  gpu: GpuProvider,
  hooks: BenchHooks,
): Promise<ResultRecord[]> {
  const models = modelIds.map(ladderModel);
  const limits = await gpu.acquire().then(
    (context) => context.description.limits,
    (error: unknown) => {
      if (error instanceof GpuUnavailableError) return null;
      throw error;
    },
  );
  const env: BenchEnvironment = {
    createEngine,
    limits,
    browser: browserName(),
    now: () => performance.now(),
    isHidden: () => document.visibilityState === 'hidden',
  };
  return runSweep(models, options, env, hooks);
}
