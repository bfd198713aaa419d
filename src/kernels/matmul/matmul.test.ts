import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundToHalf } from '../../gpu/half';
import { nodeAdapterHas } from '../../gpu/testing/dawn';
import { firstMismatch, type GpuRig, gpuRig, seededFloats } from '../../gpu/testing/rig';
import {
  MATMUL_VARIANTS,
  type MatmulActivation,
  type MatmulOptions,
  type MatmulTuning,
  type MatmulVariant,
  matmul,
  matmulFlops,
  matvecSplit,
} from './matmul';
import { matmulRef } from './matmul.ref';

interface Shape {
  readonly M: number;
  readonly N: number;
  readonly K: number;
}

interface Case extends MatmulTuning, Pick<MatmulOptions, 'shaderF16'> {
  readonly variant?: MatmulVariant;
  readonly transposeB?: boolean;
  readonly bias?: boolean;
  readonly residual?: boolean;
  readonly activation?: MatmulActivation;
  /** Scale of A's entries (B's are ±1/√K, so a dot product stays within a few times this). */
  readonly aScale?: number;
  /** B uploaded as f16 (weights), checked against the reference on the f16-rounded values. */
  readonly bDtype?: 'f16';
}

/** Every combination of bias, GELU and residual; the whole epilogue last. */
const EPILOGUES: readonly Pick<Case, 'bias' | 'residual' | 'activation'>[] = [
  {},
  { bias: true },
  { activation: 'gelu' },
  { residual: true },
  { bias: true, activation: 'gelu' },
  { bias: true, residual: true },
  { activation: 'gelu', residual: true },
  { bias: true, activation: 'gelu', residual: true },
];

const describeCase = (c: Case) =>
  [
    c.variant ?? 'default',
    c.transposeB ? 'Bᵀ' : 'B',
    c.bias && 'bias',
    c.activation === 'gelu' && 'gelu',
    c.residual && 'residual',
    c.bDtype && `B ${c.bDtype}${c.shaderF16 ? '' : ' packed'}`,
  ]
    .filter(Boolean)
    .join(' ');

const hasShaderF16 = await nodeAdapterHas('shader-f16');

describe('matmul', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  /** Runs one product on the GPU and returns the first mismatch with the CPU reference. */
  async function mismatch({ M, N, K }: Shape, c: Case): Promise<string | null> {
    const seed = M * 1_000_003 + N * 1009 + K;
    const hostA = seededFloats(M * K, seed, c.aScale ?? 1);
    // An f16 B holds the rounded values: the reference gets the same, so the tolerance stays
    // f32's (the kernel converts f16 to f32 exactly and sums in f32).
    const drawnB = seededFloats(K * N, seed + 1, 1 / Math.sqrt(K));
    const hostB = c.bDtype === 'f16' ? roundToHalf(drawnB) : drawnB;
    const hostBias = c.bias ? seededFloats(N, seed + 2, 1) : undefined;
    // ±100: the residual stream's range, and the size of logits.
    const hostResidual = c.residual ? seededFloats(M * N, seed + 3, 100) : undefined;

    const a = await rig.upload('a', hostA, [M, K]);
    const b = await rig.upload('b', hostB, c.transposeB ? [N, K] : [K, N], c.bDtype);
    const bias = hostBias && (await rig.upload('bias', hostBias, [N]));
    const residual = hostResidual && (await rig.upload('residual', hostResidual, [M, N]));
    const [out] = await rig.runner.run(matmul(a, b, { ...c, bias, residual }));
    const actual = await rig.runner.read(out!);
    for (const t of [a, b, bias, residual, out]) if (t) rig.runner.release(t);

    const expected = matmulRef(hostA, hostB, M, N, K, {
      transposeB: c.transposeB,
      bias: hostBias,
      residual: hostResidual,
      activation: c.activation,
    });
    return firstMismatch(actual, expected);
  }

  // Every variant and both layouts of B, with the whole epilogue, on awkward shapes: ones,
  // odd sizes, sizes no tile or vector divides, multiples of 4 that still leave partial
  // tiles, and every combination of vec4 and scalar rows along K and N. M ≤ 8 takes the
  // tiled variant's small-M tiling, larger M its default.
  const SHAPES: readonly Shape[] = [
    { M: 1, N: 1, K: 1 },
    { M: 1, N: 7, K: 1 },
    { M: 3, N: 1, K: 9 },
    { M: 7, N: 13, K: 5 },
    { M: 1, N: 12, K: 8 },
    { M: 5, N: 20, K: 7 },
    { M: 6, N: 9, K: 12 },
    { M: 4, N: 16, K: 20 },
    { M: 33, N: 36, K: 68 },
    { M: 65, N: 257, K: 129 },
  ];
  const FULL_EPILOGUE = EPILOGUES.at(-1)!;
  for (const variant of MATMUL_VARIANTS) {
    for (const transposeB of [false, true]) {
      for (const shape of SHAPES) {
        const c: Case = { variant, transposeB, ...FULL_EPILOGUE };
        it(`${shape.M}×${shape.K} @ ${shape.K}×${shape.N}: ${describeCase(c)}`, async () => {
          expect(await mismatch(shape, c)).toBeNull();
        });
      }
    }
  }

  // Every epilogue on every variant, with scalar and with vec4 rows. The epilogue is shared
  // code (access.wgsl) whatever the tiling, so the tiled variant runs a small tiling here,
  // which compiles in a tenth of the time of the default on SwiftShader.
  const EPILOGUE_SHAPES: readonly Shape[] = [
    { M: 7, N: 13, K: 5 },
    { M: 10, N: 36, K: 20 },
  ];
  for (const variant of MATMUL_VARIANTS) {
    for (const transposeB of [false, true]) {
      for (const shape of EPILOGUE_SHAPES) {
        for (const epilogue of EPILOGUES) {
          const tuning: MatmulTuning =
            variant === 'tiled' ? { workgroup: [4, 4], rowsPerThread: 1, tileK: 4 } : {};
          const c: Case = { variant, transposeB, ...epilogue, ...tuning };
          it(`epilogue on ${shape.M}×${shape.K} @ ${shape.K}×${shape.N}: ${describeCase(c)}`, async () => {
            expect(await mismatch(shape, c)).toBeNull();
          });
        }
      }
    }
  }

  // f16 weights: B stored as f16 and read through the encoding's X_1 / X_4 (../storage.ts),
  // on every variant, both layouts, scalar and vec4 rows, partial tiles. Packed words run on
  // every device, SwiftShader included. The native f16 reads need `shader-f16`, which
  // SwiftShader lacks: those cases run only on a device that has it (a real GPU), and the
  // WGSL they compile is checked everywhere by naga (../wgsl.test.ts).
  describe('f16 weights', () => {
    const F16_SHAPES: readonly Shape[] = [
      { M: 1, N: 7, K: 1 },
      { M: 7, N: 13, K: 5 },
      { M: 1, N: 12, K: 8 },
      { M: 6, N: 9, K: 12 },
      { M: 33, N: 36, K: 68 },
      { M: 1, N: 257, K: 132 },
    ];
    for (const shaderF16 of [false, true]) {
      describe(shaderF16 ? 'read as f16 (shader-f16)' : 'read as packed words', () => {
        for (const variant of MATMUL_VARIANTS) {
          for (const transposeB of [false, true]) {
            for (const shape of F16_SHAPES) {
              const c: Case = { variant, transposeB, bDtype: 'f16', shaderF16, ...FULL_EPILOGUE };
              it.skipIf(shaderF16 && !hasShaderF16)(
                `${shape.M}×${shape.K} @ ${shape.K}×${shape.N}: ${describeCase(c)}`,
                async () => {
                  expect(await mismatch(shape, c)).toBeNull();
                },
              );
            }
          }
        }
      });
    }
  });

  describe('tunings', () => {
    const TUNED: readonly [MatmulVariant, readonly MatmulTuning[], readonly Shape[]][] = [
      [
        'tiled',
        [
          { workgroup: [4, 4], rowsPerThread: 1, tileK: 4 },
          { workgroup: [16, 4], rowsPerThread: 2, tileK: 8 },
          { workgroup: [8, 8], rowsPerThread: 8, tileK: 16 },
          { workgroup: [16, 16], rowsPerThread: 4, tileK: 16 },
          { workgroup: [32, 2], rowsPerThread: 3, tileK: 12 },
        ],
        [
          { M: 65, N: 257, K: 129 },
          { M: 5, N: 132, K: 300 },
        ],
      ],
      [
        'matvec',
        [
          { workgroupSize: 64, splitK: 1 },
          { workgroupSize: 32, splitK: 32 },
          { workgroupSize: 96, splitK: 3 },
          { workgroupSize: 256, splitK: 64 },
          { workgroupSize: 256, splitK: 256 },
          { workgroupSize: 64, matvecInvocations: 1 },
        ],
        [
          { M: 3, N: 257, K: 129 },
          { M: 1, N: 132, K: 300 },
        ],
      ],
      [
        'naive',
        [{ workgroupSize: 1 }, { workgroupSize: 256 }],
        [
          { M: 65, N: 257, K: 129 },
          { M: 5, N: 132, K: 300 },
        ],
      ],
    ];
    for (const [variant, tunings, shapes] of TUNED) {
      for (const tuning of tunings) {
        for (const shape of shapes) {
          for (const transposeB of [false, true]) {
            const c: Case = { variant, transposeB, bias: true, activation: 'gelu', ...tuning };
            it(`${variant} ${JSON.stringify(tuning)} on ${shape.M}×${shape.K} @ ${shape.K}×${shape.N}, ${transposeB ? 'Bᵀ' : 'B'}`, async () => {
              expect(await mismatch(shape, c)).toBeNull();
            });
          }
        }
      }
    }

    for (const variant of ['tiled', 'matvec'] as const) {
      for (const transposeB of [false, true]) {
        it(`${variant} with scalar loads forced where vec4 would do (${transposeB ? 'Bᵀ' : 'B'})`, async () => {
          const c: Case = { variant, transposeB, vectorWidth: 1, bias: true, residual: true };
          expect(await mismatch({ M: 9, N: 36, K: 44 }, c)).toBeNull();
        });
      }
    }

    it('splits K by the shape, one pipeline for every split', () => {
      const fake = (shape: number[]) =>
        ({ label: 't', shape, dtype: 'f32', buffer: {} as GPUBuffer }) as const;
      const lmHead = matmul(fake([1, 768]), fake([50_257, 768]), { transposeB: true });
      const cProj = matmul(fake([1, 3072]), fake([3072, 768]));
      const tiny = matmul(fake([1, 8]), fake([8, 4]));
      expect([lmHead, cProj, tiny].map((c) => c.uniforms.split)).toEqual([2, 64, 1]);
      expect(matvecSplit(1, 768, 3072, 64, 1)).toBe(1);
      expect(cProj.program.cacheKey).toBe(
        matmul(fake([1, 3072]), fake([3072, 768]), { splitK: 1 }).program.cacheKey,
      );
    });

    it('rejects tilings that do not fit', () => {
      const a = { label: 'a', shape: [2, 8], dtype: 'f32', buffer: {} as GPUBuffer } as const;
      const b = { label: 'b', shape: [8, 4], dtype: 'f32', buffer: {} as GPUBuffer } as const;
      expect(() => matmul(a, b, { variant: 'tiled', workgroup: [32, 16] })).toThrow(/1…256/);
      expect(() => matmul(a, b, { variant: 'tiled', tileK: 6 })).toThrow(/multiple of 4/);
      expect(() => matmul(a, b, { variant: 'tiled', workgroup: [16, 16], tileK: 64 })).toThrow(
        /workgroup memory/,
      );
      expect(() => matmul(a, b, { variant: 'matvec', splitK: 24 })).toThrow(/does not divide/);
      expect(() => matmul(a, b, { variant: 'matvec', workgroupSize: 16, splitK: 32 })).toThrow(
        /does not divide/,
      );
    });
  });

  describe('values', () => {
    for (const variant of MATMUL_VARIANTS) {
      it(`${variant}: ±100 pre-activations through gelu saturate without NaN`, async () => {
        const c: Case = { variant, transposeB: false, bias: true, activation: 'gelu', aScale: 100 };
        expect(await mismatch({ M: 3, N: 40, K: 64 }, c)).toBeNull();
      });
    }
  });

  describe('shapes and bindings', () => {
    it('flattens leading axes of a and keeps them in the output', async () => {
      const [B, T, C, N] = [2, 3, 8, 12];
      const hostA = seededFloats(B * T * C, 1, 1);
      const hostB = seededFloats(C * N, 2, 0.3);
      const hostResidual = seededFloats(B * T * N, 3, 1);
      const a = await rig.upload('x', hostA, [B, T, C]);
      const b = await rig.upload('w', hostB, [C, N]);
      const residual = await rig.upload('r', hostResidual, [B, T, N]);
      const call = matmul(a, b, { residual, label: 'h' });
      expect(call.outputs[0]).toEqual({ label: 'h', shape: [B, T, N], dtype: 'f32' });
      expect(call.program.name).toBe('matmul.tiled');
      const [out] = await rig.runner.run(call);
      const actual = await rig.runner.read(out!);
      for (const t of [a, b, residual, out!]) rig.runner.release(t);
      const expected = matmulRef(hostA, hostB, B * T, N, C, { residual: hostResidual });
      expect(firstMismatch(actual, expected)).toBeNull();
    });

    it('picks matvec for one row, given as a vector or a 1-row matrix', () => {
      const fake = (label: string, shape: number[]) =>
        ({ label, shape, dtype: 'f32', buffer: {} as GPUBuffer }) as const;
      const w = fake('w', [8, 12]);
      expect(matmul(fake('x', [8]), w).program.name).toBe('matmul.matvec');
      expect(matmul(fake('x', [1, 8]), w).outputs[0]!.shape).toEqual([1, 12]);
      expect(matmul(fake('x', [1, 8]), w).program.name).toBe('matmul.matvec');
      expect(matmul(fake('x', [2, 8]), w).program.name).toBe('matmul.tiled');
    });

    it('keeps shapes out of the cache key: one pipeline for every model size', () => {
      const fake = (shape: number[]) =>
        ({ label: 't', shape, dtype: 'f32', buffer: {} as GPUBuffer }) as const;
      const small = matmul(fake([9, 8]), fake([8, 12]));
      const large = matmul(fake([64, 768]), fake([768, 3072]));
      expect(small.program.cacheKey).toBe(large.program.cacheKey);
      expect(small.program.cacheKey).toBe('matmul.tiled/nn/k4n4/nobias/none/b:f32/wg8x8/r4/k32');
      expect(small.uniforms).toEqual({ M: 9, N: 12, K: 8, split: 1 });
      // A short prompt takes the small-M tiling, whatever the model.
      const short = matmul(fake([8, 768]), fake([768, 3072]));
      expect(short.program.cacheKey).toBe('matmul.tiled/nn/k4n4/nobias/none/b:f32/wg16x4/r2/k32');
      expect(short.program.cacheKey).toBe(matmul(fake([2, 8]), fake([8, 12])).program.cacheKey);
    });

    it('rejects mismatched operands', () => {
      const fake = (label: string, shape: number[], dtype: 'f32' | 'u32' = 'f32') =>
        ({ label, shape, dtype, buffer: {} as GPUBuffer }) as const;
      const x = fake('x', [4, 8]);
      expect(() => matmul(x, fake('w', [7, 12]))).toThrow(/disagree on K/);
      expect(() => matmul(x, fake('w', [12, 7]), { transposeB: true })).toThrow(/disagree on K/);
      expect(() => matmul(x, fake('w', [8, 12]), { bias: fake('b', [11]) })).toThrow(/12 elements/);
      expect(() => matmul(x, fake('w', [8, 12]), { residual: fake('r', [12, 4]) })).toThrow(
        /not the output's \[4,12\]/,
      );
      expect(() => matmul(fake('ids', [4, 8], 'u32'), fake('w', [8, 12]))).toThrow(/f32/);
    });

    it('counts 2·M·N·K flops', () => {
      expect(matmulFlops(1, 50_257, 768)).toBe(2 * 50_257 * 768);
    });
  });
});
