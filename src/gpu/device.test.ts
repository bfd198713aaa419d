import { describe, expect, it } from 'vitest';
import { copy } from '../kernels/copy/copy';
import { type DeviceLoss, GpuProvider } from './device';
import { GpuUnavailableError } from './errors';
import { ProgramRunner } from './runner';
import { nodeGpu, nodeProvider } from './testing/dawn';

describe('GpuProvider', () => {
  it("requests the adapter's real limits and its optional features", async () => {
    const provider = nodeProvider();
    const { device, description } = await provider.acquire();
    const adapter = (await nodeGpu().requestAdapter({ powerPreference: 'high-performance' }))!;
    expect(device.limits.maxBufferSize).toBe(adapter.limits.maxBufferSize);
    expect(device.limits.maxStorageBufferBindingSize).toBe(
      adapter.limits.maxStorageBufferBindingSize,
    );
    expect(device.limits.maxStorageBufferBindingSize).toBeGreaterThan(256 * 2 ** 20); // > spec default
    expect(description.limits.maxComputeInvocationsPerWorkgroup).toBe(
      adapter.limits.maxComputeInvocationsPerWorkgroup,
    );
    for (const feature of ['timestamp-query', 'shader-f16', 'subgroups'] as const) {
      expect(device.features.has(feature)).toBe(adapter.features.has(feature));
    }
    expect(description.features).toEqual([...device.features].sort());
    await provider.destroyDevice();
  });

  it('shares one device until it is lost, tells listeners, then makes a fresh one', async () => {
    const provider = nodeProvider();
    const first = await provider.acquire();
    expect(await provider.acquire()).toBe(first);

    const losses: DeviceLoss[] = [];
    const told = new Promise<void>((resolve) =>
      provider.onLost((loss) => {
        losses.push(loss);
        resolve();
      }),
    );
    await provider.destroyDevice();
    await told;
    expect(losses).toHaveLength(1);
    expect(losses[0]!.reason).toBe('destroyed');
    expect(losses[0]!.description.vendor).toBe(first.description.vendor);

    const second = await provider.acquire();
    expect(second.device).not.toBe(first.device);
    const runner = new ProgramRunner(second, { validate: true });
    const src = await runner.upload(
      { label: 'x', shape: [4], dtype: 'f32' },
      Float32Array.of(1, 2, 3, 4),
    );
    const [out] = await runner.run(copy(src));
    expect([...(await runner.read(out!))]).toEqual([1, 2, 3, 4]);
    await provider.destroyDevice();
  });

  it('says why WebGPU is unavailable', async () => {
    const reasonOf = (options: ConstructorParameters<typeof GpuProvider>[0]) =>
      new GpuProvider(options).acquire().then(
        () => 'acquired',
        (e: GpuUnavailableError) => e.reason,
      );
    expect(await reasonOf({ gpu: () => undefined })).toBe('no-webgpu');
    expect(await reasonOf({ gpu: nodeGpu, isSecureContext: () => false })).toBe('insecure-context');
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    expect(await reasonOf({ gpu: () => noAdapter })).toBe('no-adapter');
    const error = await new GpuProvider({ gpu: () => undefined }).acquire().catch((e) => e);
    expect(error).toBeInstanceOf(GpuUnavailableError);
    expect(error.message).toMatch(/This browser has no WebGPU/);
  });

  it('retries after a failed attempt instead of remembering the failure', async () => {
    let available = false;
    const provider = new GpuProvider({ gpu: () => (available ? nodeGpu() : undefined) });
    await expect(provider.acquire()).rejects.toThrow(GpuUnavailableError);
    available = true;
    const context = await provider.acquire();
    expect(context.device).toBeDefined();
    await provider.destroyDevice();
  });
});
