import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBufferCensus } from './census';
import { type GpuRig, gpuRig } from './testing/rig';

describe('startBufferCensus', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  it('counts buffers made directly on the device, as onnxruntime-web makes them', () => {
    const census = startBufferCensus(rig.device);
    const usage = GPUBufferUsage.STORAGE;
    const a = rig.device.createBuffer({ size: 1024, usage });
    const b = rig.device.createBuffer({ size: 4096, usage });
    expect(census).toMatchObject({ liveBytes: 5120, peakBytes: 5120, liveBuffers: 2 });
    a.destroy();
    a.destroy(); // destroying twice is legal WebGPU and must not count twice
    expect(census).toMatchObject({ liveBytes: 4096, peakBytes: 5120, liveBuffers: 1 });
    census.resetPeak();
    expect(census.peakBytes).toBe(4096);
    census.stop();
    const c = rig.device.createBuffer({ size: 64, usage });
    expect(census.liveBytes).toBe(4096); // stopped: no longer counting
    for (const buffer of [b, c]) buffer.destroy();
  });

  it('allows one census per device at a time', () => {
    const census = startBufferCensus(rig.device);
    expect(() => startBufferCensus(rig.device)).toThrow(/already running/);
    census.stop();
    startBufferCensus(rig.device).stop();
  });
});
