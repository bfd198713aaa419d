import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuAllocationError, GpuLimitError } from './errors';
import { type GpuRig, gpuRig } from './testing/rig';

describe('BufferPool', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  const storage = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
  const submitNothing = async () => {
    rig.runner.submit(rig.device.createCommandEncoder());
    await rig.device.queue.onSubmittedWorkDone();
  };

  it('counts live, peak, in-use and per-label bytes exactly, and reuses only after a submit', async () => {
    const { buffers } = rig.context;
    buffers.destroy();
    buffers.resetPeak();
    // Sizes round up to 16 bytes: 100 → 112, 1000 → 1008, 16 → 16.
    const a = await buffers.allocate({ label: 'm/a', size: 100, usage: storage() });
    const b = await buffers.allocate({ label: 'm/b', size: 1000, usage: storage() });
    await buffers.allocate({ label: 'm/a', size: 16, usage: storage() });
    expect(buffers.stats()).toMatchObject({ liveBytes: 1136, peakBytes: 1136, inUseBytes: 1136 });
    expect(buffers.stats().byLabel).toEqual(
      new Map([
        ['m/a', 128],
        ['m/b', 1008],
      ]),
    );

    buffers.release(b);
    expect(buffers.stats()).toMatchObject({ liveBytes: 1136, inUseBytes: 128, bufferCount: 3 });
    expect(buffers.stats().byLabel.has('m/b')).toBe(false);

    // No submit since the release: the pool must not hand `b` out again yet.
    const early = await buffers.allocate({ label: 'm/c', size: 1000, usage: storage() });
    expect(early).not.toBe(b);
    expect(buffers.stats()).toMatchObject({ liveBytes: 2144, peakBytes: 2144, inUseBytes: 1136 });

    await submitNothing();
    const reused = await buffers.allocate({ label: 'm/d', size: 1000, usage: storage() });
    expect(reused).toBe(b);
    expect(reused.label).toBe('m/d');
    expect(buffers.stats()).toMatchObject({ liveBytes: 2144, peakBytes: 2144, inUseBytes: 2144 });

    buffers.release(a);
    await submitNothing();
    buffers.trim();
    expect(buffers.stats()).toMatchObject({ liveBytes: 2032, peakBytes: 2144, inUseBytes: 2032 });

    // Released with no submit after (an engine disposed): trim keeps them, trimWhenIdle not.
    buffers.release(reused);
    buffers.trim();
    expect(buffers.stats()).toMatchObject({ liveBytes: 2032, inUseBytes: 1024 });
    await buffers.trimWhenIdle();
    expect(buffers.stats()).toMatchObject({ liveBytes: 1024, inUseBytes: 1024 });
    buffers.destroy();
    expect(buffers.stats()).toMatchObject({
      liveBytes: 0,
      peakBytes: 2144,
      inUseBytes: 0,
      bufferCount: 0,
    });
  });

  it('rejects an over-limit tensor before allocating, naming it, its size and the limit', () => {
    const { buffers } = rig.context;
    const { maxBufferSize, maxStorageBufferBindingSize } = rig.device.limits;
    const before = buffers.stats();
    const request = { label: 'gpt2-1.5b/wte', size: maxBufferSize + 1, usage: storage() };
    expect(() => buffers.acquire(request)).toThrow(GpuLimitError);
    expect(() => buffers.acquire(request)).toThrow(
      `tensor "gpt2-1.5b/wte" needs 1.00 GiB (${maxBufferSize + 16} bytes) but this device's maxBufferSize is 1.00 GiB (${maxBufferSize} bytes)`,
    );
    if (maxStorageBufferBindingSize < maxBufferSize) {
      const binding = { ...request, size: maxStorageBufferBindingSize + 16 };
      expect(() => buffers.acquire(binding)).toThrow(/maxStorageBufferBindingSize/);
    }
    expect(buffers.stats()).toEqual(before);
  });

  it('reports an allocation the device refuses, and does not count it', async () => {
    const { buffers } = rig.context;
    const before = buffers.stats();
    // MAP_READ may only be combined with COPY_DST: the device refuses this buffer.
    const invalid = {
      label: 'bad',
      size: 64,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE,
    };
    const failure = await buffers.allocate(invalid).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GpuAllocationError);
    expect((failure as GpuAllocationError).kind).toBe('validation');
    expect((failure as Error).message).toMatch(/^could not allocate "bad" \(64 bytes\)/);
    expect(buffers.stats()).toEqual(before);
  });

  it('refuses to release a buffer twice', async () => {
    const { buffers } = rig.context;
    const buffer = await buffers.allocate({ label: 'twice', size: 16, usage: storage() });
    buffers.release(buffer);
    expect(() => buffers.release(buffer)).toThrow(/does not hold: "twice"/);
  });
});
