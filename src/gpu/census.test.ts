import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBufferCensus } from './census';
import { nodeGpu } from './testing/dawn';
import { type GpuRig, gpuRig } from './testing/rig';

describe('startBufferCensus', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  it('counts buffers made directly on a device, per device, as onnxruntime-web makes them', async () => {
    const census = startBufferCensus();
    const other = await (await nodeGpu().requestAdapter())!.requestDevice();
    const usage = GPUBufferUsage.STORAGE;
    const a = rig.device.createBuffer({ size: 1024, usage });
    const b = rig.device.createBuffer({ size: 4096, usage });
    const c = other.createBuffer({ size: 256, usage });
    expect(census.of(rig.device)).toEqual({ liveBytes: 5120, peakBytes: 5120, liveBuffers: 2 });
    expect(census.of(other)).toEqual({ liveBytes: 256, peakBytes: 256, liveBuffers: 1 });
    a.destroy();
    a.destroy(); // destroying twice is legal WebGPU and must not count twice
    expect(census.of(rig.device)).toEqual({ liveBytes: 4096, peakBytes: 5120, liveBuffers: 1 });
    census.resetPeak(rig.device);
    expect(census.of(rig.device).peakBytes).toBe(4096);
    census.stop();
    const d = rig.device.createBuffer({ size: 64, usage });
    expect(census.of(rig.device).liveBytes).toBe(4096); // stopped: no longer counting
    for (const buffer of [b, c, d]) buffer.destroy();
    other.destroy();
  });

  it('allows one census at a time', () => {
    const census = startBufferCensus();
    expect(() => startBufferCensus()).toThrow(/already running/);
    census.stop();
    startBufferCensus().stop();
  });
});
