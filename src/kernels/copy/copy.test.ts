import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  firstMismatch,
  type GpuRig,
  gpuRig,
  largestBindableF32,
  seededFloats,
} from '../../gpu/testing/rig';
import { copy } from './copy';
import { copyRef } from './copy.ref';

describe('copy', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  const cases = [
    { n: 1, workgroupSize: 64 },
    { n: 7, workgroupSize: 64 },
    { n: 257, workgroupSize: 32 },
    { n: 4096, workgroupSize: 256 },
    { n: 100_003, workgroupSize: 128 },
    { n: 1 << 20, workgroupSize: 64 },
  ];
  for (const { n, workgroupSize } of cases) {
    for (const vectorWidth of n % 4 === 0 ? ([1, 4] as const) : ([1] as const)) {
      it(`copies ${n} floats exactly (workgroup ${workgroupSize}, vec${vectorWidth})`, async () => {
        const input = seededFloats(n, n, 100);
        const src = await rig.upload('src', input);
        const [dst] = await rig.runner.run(copy(src, { workgroupSize, vectorWidth }));
        expect(
          firstMismatch(await rig.runner.read(dst!), copyRef(input), { abs: 0, rel: 0 }),
        ).toBeNull();
        rig.runner.release(src);
        rig.runner.release(dst!);
      });
    }
  }

  it('copies the largest buffer the device can bind, folding the grid past 65535 workgroups', async () => {
    const n = largestBindableF32(rig.device);
    const input = new Float32Array(n);
    for (let i = 0; i < n; i += 1) input[i] = i;
    const src = await rig.upload('src-max', input);
    const call = copy(src, { workgroupSize: 64 });
    expect(call.workgroups).toBeGreaterThan(rig.device.limits.maxComputeWorkgroupsPerDimension);
    const [dst] = await rig.runner.run(call);
    rig.runner.release(src);
    const output = await rig.runner.read(dst!);
    rig.runner.release(dst!);
    expect(firstMismatch(output, input, { abs: 0, rel: 0 })).toBeNull();
  }, 300_000);
});
