/**
 * The rig for GPU tests: a real device from Dawn, a runner with validation scopes on, and
 * helpers to compare with CPU references. Test-only.
 */
import type { GpuContext, GpuProvider } from '../device';
import { toHalfBits } from '../half';
import { ProgramRunner } from '../runner';
import type { GpuTensor } from '../tensor';
import { nodeProvider } from './dawn';

export { F32_TOLERANCE, firstMismatch, seededFloats, type Tolerance } from './compare';

export interface GpuRig {
  readonly provider: GpuProvider;
  readonly context: GpuContext;
  readonly device: GPUDevice;
  /** Validation on: `run` throws on any validation error, even when the numbers would match. */
  readonly runner: ProgramRunner;
  /** Uploads f32 data, or with `dtype` f16 the data rounded to f16 (see roundToHalf). */
  upload(
    label: string,
    data: Float32Array,
    shape?: readonly number[],
    dtype?: 'f32' | 'f16',
  ): Promise<GpuTensor>;
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
    upload: (label, data, shape = [data.length], dtype = 'f32') =>
      runner.upload({ label, shape, dtype }, dtype === 'f16' ? toHalfBits(data) : data),
    async dispose() {
      await runner.checked();
      context.buffers.destroy();
      await provider.destroyDevice();
    },
  };
}

/**
 * Near the largest f32 tensor the device can bind: 256 bytes short of the limit, as a
 * multiple of 4 elements. Not the limit itself: on Vulkan, Dawn pads storage buffers, and a
 * buffer of exactly 1 GiB fails on SwiftShader with VK_ERROR_OUT_OF_DEVICE_MEMORY although
 * the limit says 1 GiB.
 */
export const largestBindableF32 = (device: GPUDevice) =>
  Math.floor((device.limits.maxStorageBufferBindingSize - 256) / 16) * 4;
