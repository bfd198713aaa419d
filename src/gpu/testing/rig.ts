/**
 * The rig for GPU tests: a real device from Dawn, a runner with validation scopes on, and
 * helpers to compare with CPU references. Test-only.
 */
import type { GpuContext, GpuProvider } from '../device';
import { ProgramRunner } from '../runner';
import type { GpuTensor } from '../tensor';
import { nodeProvider } from './dawn';

export interface GpuRig {
  readonly provider: GpuProvider;
  readonly context: GpuContext;
  readonly device: GPUDevice;
  /** Validation on: `run` throws on any validation error, even when the numbers would match. */
  readonly runner: ProgramRunner;
  upload(label: string, data: Float32Array, shape?: readonly number[]): Promise<GpuTensor>;
  /** Destroys every buffer the test made, then the device. */
  dispose(): Promise<void>;
}

export async function gpuRig(): Promise<GpuRig> {
  const provider = nodeProvider();
  const context = await provider.acquire();
  const runner = new ProgramRunner(context, { validate: true });
  return {
    provider,
    context,
    device: context.device,
    runner,
    upload: (label, data, shape = [data.length]) =>
      runner.upload({ label, shape, dtype: 'f32' }, data),
    async dispose() {
      await runner.checked();
      context.buffers.destroy();
      await provider.destroyDevice();
    },
  };
}

/** Tolerance as onnxruntime-web states it for f32: close when within abs OR rel. */
export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

export const F32_TOLERANCE: Tolerance = { abs: 1e-3, rel: 1e-5 };

/**
 * The first index where `actual` and `expected` disagree beyond the tolerance, described;
 * null when they agree everywhere. Length mismatches and non-finite values count.
 */
export function firstMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance = F32_TOLERANCE,
): string | null {
  if (actual.length !== expected.length) {
    return `length ${actual.length}, expected ${expected.length}`;
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const diff = Math.abs(a - e);
    const ok =
      Object.is(a, e) ||
      (Number.isFinite(a) && (diff <= tolerance.abs || diff <= tolerance.rel * Math.abs(e)));
    if (!ok) return `at ${i}: got ${a}, expected ${e} (|diff| ${diff})`;
  }
  return null;
}

/** Deterministic floats in [−scale, scale) (mulberry32): tests reproduce exactly. */
export function seededFloats(n: number, seed: number, scale = 1): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

/**
 * Near the largest f32 tensor the device can bind: 256 bytes short of the limit, as a
 * multiple of 4 elements. Not the limit itself: on Vulkan, Dawn pads storage buffers, and a
 * buffer of exactly 1 GiB fails on SwiftShader with VK_ERROR_OUT_OF_DEVICE_MEMORY although
 * the limit says 1 GiB.
 */
export const largestBindableF32 = (device: GPUDevice) =>
  Math.floor((device.limits.maxStorageBufferBindingSize - 256) / 16) * 4;
