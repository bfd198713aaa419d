import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copy } from '../kernels/copy/copy';
import { matmul } from '../kernels/matmul/matmul';
import { GpuValidationError } from './errors';
import type { Program } from './program';
import { type GpuRig, gpuRig } from './testing/rig';
import { GpuTimer, timeSubmission } from './timer';
import { defineUniforms } from './uniforms';

describe('ProgramRunner', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  it('serves every size from one cached pipeline (shapes live in uniforms)', async () => {
    const small = await rig.upload('small', new Float32Array(8));
    const large = await rig.upload('large', new Float32Array(4096));
    const [a, b] = [copy(small), copy(large)];
    expect(a.program.cacheKey).toBe(b.program.cacheKey);
    expect(rig.runner.pipeline(a.program)).toBe(rig.runner.pipeline(b.program));
    for (const t of [small, large]) rig.runner.release(t);
  });

  it('writes into given outputs instead of allocating', async () => {
    const src = await rig.upload('src', Float32Array.of(5, 6, 7, 8));
    const dst = await rig.upload('dst', new Float32Array(4));
    const [out] = await rig.runner.run(copy(src), { outputs: [dst] });
    expect(out).toBe(dst);
    expect(rig.context.buffers.stats().byLabel.has('src/copy')).toBe(false);
    expect([...(await rig.runner.read(dst))]).toEqual([5, 6, 7, 8]);
    for (const t of [src, dst]) rig.runner.release(t);
  });

  it('with the validate flag, reports a shader that does not compile', async () => {
    const uniforms = defineUniforms({});
    const broken: Program = {
      name: 'broken',
      cacheKey: 'broken/test',
      wgsl: () => '@compute @workgroup_size(1) fn main() { let x: u32 = 1.5; }',
      uniforms,
      inputs: 0,
      outputs: 0,
    };
    const run = rig.runner.run({
      program: broken,
      inputs: [],
      outputs: [],
      uniforms: {},
      workgroups: 1,
    });
    await expect(run).rejects.toThrow(GpuValidationError);
  });

  it('refuses a program that needs a feature the device lacks, before compiling it', async () => {
    // `enable f16;` on a device without shader-f16 (SwiftShader has none; on a GPU with it the
    // program compiles).
    const f16 = matmul(
      await rig.upload('x', new Float32Array(4), [1, 4]),
      await rig.upload('w', new Float32Array(16), [4, 4], 'f16'),
      { shaderF16: true },
    );
    expect(f16.program.features).toEqual(['shader-f16']);
    if (rig.device.features.has('shader-f16')) {
      expect(rig.runner.pipeline(f16.program)).toBeDefined();
    } else {
      expect(() => rig.runner.pipeline(f16.program)).toThrow(
        'matmul.matvec needs "shader-f16", which this device lacks',
      );
    }
    for (const t of f16.inputs) rig.runner.release(t);
  });
});

describe('GpuTimer', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  it('times each pass with timestamp queries where the device has them', async () => {
    const timer = GpuTimer.create(rig.device);
    if (!rig.device.features.has('timestamp-query')) {
      expect(timer).toBeNull();
      return;
    }
    const src = await rig.upload('src', new Float32Array(1 << 20));
    const encoder = rig.device.createCommandEncoder();
    const [first] = rig.runner.encode(encoder, copy(src), { timer: timer! });
    const [second] = rig.runner.encode(encoder, copy(first!), { timer: timer! });
    timer!.resolve(encoder);
    rig.runner.submit(encoder);
    const timings = await timer!.read();
    expect(timings.method).toBe('timestamp-query');
    expect(timings.passes.map((p) => p.label)).toEqual(['copy', 'copy']);
    for (const pass of timings.passes) {
      expect(Number.isFinite(pass.ms)).toBe(true);
      expect(pass.ms).toBeGreaterThanOrEqual(0);
    }
    for (const t of [src, first!, second!]) rig.runner.release(t);
    timer!.destroy();
  });

  it('falls back to wall clock until the work is done', async () => {
    const src = await rig.upload('src', new Float32Array(1 << 20));
    let out: ReturnType<typeof rig.runner.encode> = [];
    const ms = await timeSubmission(rig.device, () => {
      const encoder = rig.device.createCommandEncoder();
      out = rig.runner.encode(encoder, copy(src));
      rig.runner.submit(encoder);
    });
    expect(ms).toBeGreaterThan(0);
    for (const t of [src, ...out]) rig.runner.release(t);
  });
});
