import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  firstMismatch,
  type GpuRig,
  gpuRig,
  largestBindableF32,
  seededFloats,
} from '../../gpu/testing/rig';
import { type BinaryOp, binary, type UnaryOp, unary } from './elementwise';
import { binaryRef, geluRef, unaryRef } from './elementwise.ref';

const SIZES = [1, 3, 7, 64, 257, 1000, 65_537] as const;
const WORKGROUP_SIZES = [32, 64, 256] as const;

describe('elementwise', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  for (const op of ['gelu', 'relu'] satisfies UnaryOp[]) {
    for (const n of SIZES) {
      for (const workgroupSize of WORKGROUP_SIZES) {
        it(`${op} of ${n} floats in ±100 (workgroup ${workgroupSize})`, async () => {
          const input = seededFloats(n, 11 * n, 100);
          const x = await rig.upload('x', input);
          const [out] = await rig.runner.run(unary(op, x, { workgroupSize }));
          const actual = await rig.runner.read(out!);
          expect(firstMismatch(actual, unaryRef(op, input))).toBeNull();
          rig.runner.release(x);
          rig.runner.release(out!);
        });
      }
    }
  }

  for (const op of ['add', 'mul'] satisfies BinaryOp[]) {
    for (const n of SIZES) {
      for (const vectorWidth of n % 4 === 0 ? ([1, 4] as const) : ([1] as const)) {
        it(`${op} of ${n} floats (vec${vectorWidth})`, async () => {
          const [hostA, hostB] = [seededFloats(n, n, 10), seededFloats(n, n + 1, 10)];
          const [a, b] = [await rig.upload('a', hostA), await rig.upload('b', hostB)];
          const [out] = await rig.runner.run(binary(op, a, b, { vectorWidth }));
          const actual = await rig.runner.read(out!);
          expect(firstMismatch(actual, binaryRef(op, hostA, hostB))).toBeNull();
          for (const t of [a, b, out!]) rig.runner.release(t);
        });
      }
    }
  }

  it('gelu saturates without NaN at the extremes of f32', async () => {
    const input = new Float32Array([
      -3.4e38, -1e4, -100, -15, -1e-30, 0, 1e-30, 15, 100, 1e4, 3.4e38, -0,
    ]);
    const x = await rig.upload('extremes', input);
    const [out] = await rig.runner.run(unary('gelu', x));
    const actual = await rig.runner.read(out!);
    // x³ overflows f32 beyond ~7e12, so the GPU's inner term is ±inf where the double
    // reference is finite; the clamp makes both tanh(±inf) = ±1 and GELU(x) = x or 0.
    const expected = Array.from(input, (v) => (Math.abs(v) > 1e4 ? Math.max(v, 0) : geluRef(v)));
    expect(firstMismatch(actual, expected)).toBeNull();
    for (const t of [x, out!]) rig.runner.release(t);
  });

  it('rejects tensors of different shapes', async () => {
    const a = await rig.upload('a', new Float32Array(4), [2, 2]);
    const b = await rig.upload('b', new Float32Array(4), [4]);
    expect(() => binary('add', a, b)).toThrow(/shapes \[2,2\] and \[4\] differ/);
    for (const t of [a, b]) rig.runner.release(t);
  });

  it('runs gelu near the largest binding the device allows', async () => {
    const n = largestBindableF32(rig.device);
    const input = new Float32Array(n);
    for (let i = 0; i < n; i++) input[i] = ((i % 2001) - 1000) / 100; // −10…10
    const x = await rig.upload('x-max', input);
    const [out] = await rig.runner.run(unary('gelu', x));
    rig.runner.release(x);
    const actual = await rig.runner.read(out!);
    rig.runner.release(out!);
    // Every value of the cycle, and the whole tail past the last full workgroup.
    const sampled = [...Array(4002).keys(), ...Array.from({ length: 4096 }, (_, i) => n - 1 - i)];
    const actualAt = sampled.map((i) => actual[i]!);
    const expectedAt = sampled.map((i) => geluRef(input[i]!));
    expect(firstMismatch(actualAt, expectedAt)).toBeNull();
  }, 300_000);
});
