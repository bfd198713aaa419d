import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstMismatch, type GpuRig, gpuRig, seededFloats } from '../../gpu/testing/rig';
import { softmax } from './softmax';
import { softmaxRef } from './softmax.ref';

// (rows, N): rows of one element, odd and prime lengths, lengths below and above every
// workgroup size, an attention row of 1024 keys, and GPT-2's vocabulary.
const SHAPES = [
  [1, 1],
  [3, 1],
  [2, 4],
  [5, 7],
  [3, 257],
  [4, 1000],
  [2, 1024],
  [1, 50_257],
] as const;
const WORKGROUP_SIZES = [32, 64, 128, 256] as const;

describe('softmax', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  async function softmaxOnGpu(
    input: Float32Array,
    columns: number,
    options: Parameters<typeof softmax>[1] = {},
  ): Promise<ArrayLike<number>> {
    const x = await rig.upload('x', input, [input.length / columns, columns]);
    const [out] = await rig.runner.run(softmax(x, options));
    const actual = await rig.runner.read(out!);
    for (const t of [x, out!]) rig.runner.release(t);
    return actual;
  }

  for (const [rows, columns] of SHAPES) {
    for (const workgroupSize of WORKGROUP_SIZES) {
      for (const vectorWidth of columns % 4 === 0 ? ([1, 4] as const) : ([1] as const)) {
        it(`(${rows}, ${columns}) of ±100 logits, workgroup ${workgroupSize}, vec${vectorWidth}`, async () => {
          const input = seededFloats(rows * columns, rows * 31 + columns, 100);
          const actual = await softmaxOnGpu(input, columns, { workgroupSize, vectorWidth });
          expect(firstMismatch(actual, softmaxRef(input, columns))).toBeNull();
        });
      }
    }
  }

  it('writes 1 for rows of one element, whatever their value', async () => {
    const input = new Float32Array([-100, 0, 100, 1e30, -1e30]);
    expect(firstMismatch(await softmaxOnGpu(input, 1), [1, 1, 1, 1, 1])).toBeNull();
  });

  it('neither overflows nor loses a row to underflow: ±1e30, a lone winner, masked keys', async () => {
    const columns = 8;
    const input = new Float32Array([
      ...[1e30, 1e30, 0, 0, 0, 0, 0, 0], // two equal winners: ½ each
      ...[100, -100, -100, -100, -100, -100, -100, -100], // everything else underflows to 0
      ...[-1e30, -1e30, -1e30, 3, 2, 1, -1e30, -1e30], // causal-style mask with −1e30
      ...[-1e30, -1e30, -1e30, -1e30, -1e30, -1e30, -1e30, -1e30], // all masked: uniform
    ]);
    for (const vectorWidth of [1, 4] as const) {
      const actual = await softmaxOnGpu(input, columns, { vectorWidth, workgroupSize: 32 });
      expect(firstMismatch(actual, softmaxRef(input, columns))).toBeNull();
    }
  });

  it('sums every row to 1 within f32 rounding', async () => {
    const [rows, columns] = [4, 50_257];
    const input = seededFloats(rows * columns, 99, 30);
    const actual = await softmaxOnGpu(input, columns);
    const sums = Array.from({ length: rows }, (_, r) => {
      let sum = 0;
      for (let j = 0; j < columns; j++) sum += actual[r * columns + j]!;
      return sum;
    });
    expect(firstMismatch(sums, [1, 1, 1, 1], { abs: 1e-5, rel: 0 })).toBeNull();
  });

  it('handles more rows than one grid dimension holds (70 000 workgroups, folded)', async () => {
    const [rows, columns] = [70_000, 3];
    const input = seededFloats(rows * columns, 23, 100);
    const actual = await softmaxOnGpu(input, columns, { workgroupSize: 32 });
    expect(firstMismatch(actual, softmaxRef(input, columns))).toBeNull();
  });

  it('rejects a workgroup that is not a power of two', async () => {
    const x = await rig.upload('x', new Float32Array(4), [1, 4]);
    expect(() => softmax(x, { workgroupSize: 48 })).toThrow(/power of two/);
    rig.runner.release(x);
  });
});
