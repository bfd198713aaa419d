import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GpuRig, gpuRig, seededFloats } from '../../gpu/testing/rig';
import { argmax } from './argmax';
import { argmaxRef } from './argmax.ref';

// Lengths: one element, odd, around and past every workgroup size, GPT-2's vocabulary, and a
// million-and-three (≈ 4 000 loads per invocation at W = 256).
const LENGTHS = [1, 2, 7, 255, 257, 1024, 50_257, (1 << 20) + 3] as const;
const WORKGROUP_SIZES = [32, 64, 128, 256] as const;

describe('argmax', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  /** Runs the kernel on host data of shape (rows, columns) and returns its indices. */
  async function argmaxOnGpu(
    input: Float32Array,
    columns: number,
    options: Parameters<typeof argmax>[1] = {},
  ): Promise<number[]> {
    const rows = input.length / columns;
    const x = await rig.upload('x', input, rows === 1 ? [columns] : [rows, columns]);
    const [out] = await rig.runner.run(argmax(x, options));
    expect(out!.dtype).toBe('u32');
    const actual = await rig.runner.read(out!);
    for (const t of [x, out!]) rig.runner.release(t);
    return Array.from(actual);
  }

  for (const n of LENGTHS) {
    for (const workgroupSize of WORKGROUP_SIZES) {
      for (const vectorWidth of n % 4 === 0 ? ([1, 4] as const) : ([1] as const)) {
        it(`finds the largest of ${n} logits in ±100, workgroup ${workgroupSize}, vec${vectorWidth}`, async () => {
          const input = seededFloats(n, n * 3 + workgroupSize, 100);
          const options = { workgroupSize, vectorWidth };
          expect(await argmaxOnGpu(input, n, options)).toEqual(Array.from(argmaxRef(input, n)));
          // The same values with the winner moved to each end: index 0 and index n − 1.
          for (const at of [0, n - 1]) {
            const moved = Float32Array.from(input);
            moved[at] = 101;
            expect(await argmaxOnGpu(moved, n, options)).toEqual([at]);
          }
        });
      }
    }
  }

  it('keeps the first index on ties, across invocations and vector lanes', async () => {
    const n = 4096;
    for (const workgroupSize of [32, 64, 256]) {
      for (const vectorWidth of [1, 4] as const) {
        const options = { workgroupSize, vectorWidth };
        expect(await argmaxOnGpu(new Float32Array(n).fill(-3), n, options)).toEqual([0]);
        // Equal maxima at the last index of one invocation's first trip and the first index
        // of its neighbour's or its own next trip: the tree must pick by index, not by lid.
        const input = seededFloats(n, 7, 1);
        for (const at of [3000, workgroupSize * vectorWidth, workgroupSize * vectorWidth - 1]) {
          input[at] = 5;
        }
        expect(await argmaxOnGpu(input, n, options)).toEqual([workgroupSize * vectorWidth - 1]);
        // Within one vec4: lanes 2 and 1 of vector 10.
        input.fill(0);
        input[42] = 9;
        input[41] = 9;
        expect(await argmaxOnGpu(input, n, options)).toEqual([41]);
      }
    }
  });

  it('follows torch on NaN, ±∞ and signed zero', async () => {
    const { NaN: nan, POSITIVE_INFINITY: inf } = Number;
    const rows: number[][] = [
      [1, nan, 5, nan, 7, inf], // NaN wins, the first one: 1
      [-1, 3, inf, 2, inf, 0], // the first +∞: 2
      [-inf, -inf, -inf, -inf, -inf, -inf], // all −∞: 0
      [-inf, -1e30, -inf, -3, -inf, -7], // −3 is largest: 3
      [-1, -0, 0, -2, -0, -5], // −0 and +0 tie: the first, 1
      [-1, 0, -0, -2, 0, -5], // 1
      [-nan, 1, 2, 3, 4, inf], // a NaN with its sign bit set is NaN too: 0
      [-1e-45, -0, 1e-45, 0, -1e-45, 1e-45], // the smallest subnormal, 1e-45 > 0: 2
    ];
    const columns = 6;
    const input = Float32Array.from(rows.flat());
    // Float32Array.from canonicalises −NaN; write its bits by hand.
    new Uint32Array(input.buffer)[6 * columns] = 0xffc00000;
    const expected = [1, 2, 0, 3, 1, 1, 0, 2];
    expect(Array.from(argmaxRef(input, columns))).toEqual(expected);
    for (const workgroupSize of [32, 256]) {
      expect(await argmaxOnGpu(input, columns, { workgroupSize })).toEqual(expected);
    }
  });

  it('takes one index per row of (R, N), including more rows than one grid dimension holds', async () => {
    for (const [rows, columns] of [
      [5, 1001],
      [3, 50_257],
      [70_000, 3],
    ] as const) {
      const input = seededFloats(rows * columns, rows + columns, 100);
      const x = await rig.upload('x', input, [rows, columns]);
      const [out] = await rig.runner.run(argmax(x, { workgroupSize: 32 }));
      expect(out!.shape).toEqual([rows]);
      expect(Array.from(await rig.runner.read(out!))).toEqual(
        Array.from(argmaxRef(input, columns)),
      );
      for (const t of [x, out!]) rig.runner.release(t);
    }
  });

  it('rejects a workgroup that is not a power of two', async () => {
    const x = await rig.upload('x', new Float32Array(4));
    expect(() => argmax(x, { workgroupSize: 100 })).toThrow(/power of two/);
    rig.runner.release(x);
  });
});
