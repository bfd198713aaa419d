import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstMismatch, type GpuRig, gpuRig, seededFloats } from '../../gpu/testing/rig';
import { type LayerNormOptions, layerNorm } from './layernorm';
import { layerNormRef } from './layernorm.ref';

// (rows, C): one element, odd and prime widths, widths below and above every workgroup size,
// GPT-2 small's and XL's C, and a lone row (decode).
const SHAPES = [
  [1, 1],
  [1, 7],
  [2, 4],
  [7, 13],
  [4, 1001],
  [3, 768],
  [5, 1600],
  [1, 4096],
] as const;
const WORKGROUP_SIZES = [32, 64, 128, 256] as const;

describe('layerNorm', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  /** Runs the kernel on host data and returns what it wrote. */
  async function layerNormOnGpu(
    input: Float32Array,
    columns: number,
    gammaHost: Float32Array,
    betaHost: Float32Array,
    options: LayerNormOptions = {},
  ): Promise<ArrayLike<number>> {
    const x = await rig.upload('x', input, [input.length / columns, columns]);
    const gamma = await rig.upload('gamma', gammaHost);
    const beta = await rig.upload('beta', betaHost);
    const [out] = await rig.runner.run(layerNorm(x, gamma, beta, options));
    const actual = await rig.runner.read(out!);
    for (const t of [x, gamma, beta, out!]) rig.runner.release(t);
    return actual;
  }

  for (const [rows, columns] of SHAPES) {
    for (const workgroupSize of WORKGROUP_SIZES) {
      for (const vectorWidth of columns % 4 === 0 ? ([1, 4] as const) : ([1] as const)) {
        it(`(${rows}, ${columns}) in ±100, workgroup ${workgroupSize}, vec${vectorWidth}`, async () => {
          const input = seededFloats(rows * columns, rows * 7919 + columns, 100);
          const gamma = seededFloats(columns, columns + 1, 2);
          const beta = seededFloats(columns, columns + 2, 1);
          const actual = await layerNormOnGpu(input, columns, gamma, beta, {
            workgroupSize,
            vectorWidth,
          });
          expect(firstMismatch(actual, layerNormRef(input, columns, gamma, beta))).toBeNull();
        });
      }
    }
  }

  // E[x²] − E[x]² in f32 would lose the variance of these rows entirely (1e6 − 1e6).
  for (const [columns, vectorWidth] of [
    [768, 4],
    [768, 1],
    [1001, 1],
  ] as const) {
    it(`keeps its precision on rows of 1000 ± 1 (C = ${columns}, vec${vectorWidth})`, async () => {
      const rows = 3;
      const noise = seededFloats(rows * columns, 5, 1);
      const input = Float32Array.from(noise, (v, i) => v + 1000 * (1 + Math.floor(i / columns)));
      const gamma = new Float32Array(columns).fill(1);
      const beta = new Float32Array(columns);
      const actual = await layerNormOnGpu(input, columns, gamma, beta, { vectorWidth });
      expect(firstMismatch(actual, layerNormRef(input, columns, gamma, beta))).toBeNull();
    });
  }

  it('writes β on constant rows, where the variance is 0 and only ε keeps it finite', async () => {
    const columns = 8;
    const input = new Float32Array(2 * columns).fill(3.25);
    const gamma = seededFloats(columns, 1, 1);
    const beta = seededFloats(columns, 2, 1);
    const actual = await layerNormOnGpu(input, columns, gamma, beta);
    expect(firstMismatch(actual, [...beta, ...beta])).toBeNull();
  });

  it('uses the ε it is given', async () => {
    const columns = 16;
    const input = seededFloats(2 * columns, 3, 0.01); // variance ~3e-5: ε = 1e-3 dominates
    const gamma = new Float32Array(columns).fill(1);
    const beta = new Float32Array(columns);
    const actual = await layerNormOnGpu(input, columns, gamma, beta, { eps: 1e-3 });
    expect(firstMismatch(actual, layerNormRef(input, columns, gamma, beta, 1e-3))).toBeNull();
  });

  it('normalises more rows than one grid dimension holds (70 000 workgroups, folded)', async () => {
    const [rows, columns] = [70_000, 4];
    const input = seededFloats(rows * columns, 17, 100);
    const gamma = seededFloats(columns, 18, 1);
    const beta = seededFloats(columns, 19, 1);
    const actual = await layerNormOnGpu(input, columns, gamma, beta, { workgroupSize: 32 });
    expect(firstMismatch(actual, layerNormRef(input, columns, gamma, beta))).toBeNull();
  });

  it('rejects γ of the wrong width and a workgroup that is not a power of two', async () => {
    const x = await rig.upload('x', new Float32Array(12), [3, 4]);
    const gamma = await rig.upload('gamma', new Float32Array(4));
    const wrong = await rig.upload('beta', new Float32Array(3));
    expect(() => layerNorm(x, gamma, wrong)).toThrow(/"beta" is \[3\], expected \[4\]/);
    expect(() => layerNorm(x, gamma, gamma, { workgroupSize: 96 })).toThrow(/power of two/);
    for (const t of [x, gamma, wrong]) rig.runner.release(t);
  });
});
