/**
 * Real WebGPU in Node for tests: Dawn from the `webgpu` package, on whatever Vulkan driver
 * VK_ICD_FILENAMES names (vitest.config.ts points it at Debian Chromium's SwiftShader).
 * Test-only: nothing in the page imports this.
 */
import { create, globals } from 'webgpu';
import { GpuProvider } from '../device';

let dawn: GPU | undefined;

/** Dawn's GPU object, made once per test worker (it keeps the process alive; vitest ends it). */
export function nodeGpu(): GPU {
  if (!dawn) {
    Object.assign(globalThis, globals);
    dawn = create([]);
  }
  return dawn;
}

/** A provider over Dawn that fails the test on any error no scope caught. */
export function nodeProvider(): GpuProvider {
  return new GpuProvider({
    gpu: nodeGpu,
    onUncapturedError: (error) => {
      throw new Error(`uncaptured WebGPU error: ${error.message}`);
    },
  });
}

/**
 * Whether Dawn's adapter here offers `feature`, for tests that can only run where it does
 * (`shader-f16`: a real GPU, not SwiftShader). Known at collection time, for `it.skipIf`.
 */
export async function nodeAdapterHas(feature: GPUFeatureName): Promise<boolean> {
  const adapter = await nodeGpu().requestAdapter();
  return adapter?.features.has(feature) ?? false;
}
