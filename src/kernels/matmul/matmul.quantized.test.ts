import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstMismatch, type GpuRig, gpuRig, seededFloats } from '../../gpu/testing/rig';
import { type QuantizedBits, quantizeMatrix } from '../../models/quantize';
import { MATMUL_VARIANTS, type MatmulTuning, type MatmulVariant, matmul } from './matmul';
import { matmulQuantizedRef } from './matmul.ref';
import { type QuantizedWeight, uploadQuantizedWeight } from './quantized';

interface Shape {
  readonly M: number;
  readonly N: number;
  readonly K: number;
}

interface Case extends MatmulTuning {
  readonly variant: MatmulVariant;
  readonly bits: QuantizedBits;
  readonly blockSize: number;
}

/**
 * Block-quantised B (q8, q4: MatMulNBits' layout, ./quantized.ts) on Dawn + SwiftShader,
 * checked against the CPU reference on the very weights the blocks stand for: the product of
 * exactly dequantised values, so the tolerance stays f32's.
 */
describe('matmul, q8 and q4 weights', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  /** Runs one product, bias + GELU + residual, and returns the first mismatch. */
  async function mismatch({ M, N, K }: Shape, c: Case): Promise<string | null> {
    const seed = M * 1_000_003 + N * 1009 + K + c.bits;
    const hostA = seededFloats(M * K, seed, 1);
    const matrix = quantizeMatrix(seededFloats(K * N, seed + 1, 1 / Math.sqrt(K)), K, N, {
      bits: c.bits,
      blockSize: c.blockSize,
      symmetric: true,
    });
    const hostBias = seededFloats(N, seed + 2, 1);
    const hostResidual = seededFloats(M * N, seed + 3, 100); // ±100: the residual stream's range

    const a = await rig.upload('a', hostA, [M, K]);
    const b = await uploadQuantizedWeight(rig.runner, 'w', matrix);
    const bias = await rig.upload('bias', hostBias, [N]);
    const residual = await rig.upload('residual', hostResidual, [M, N]);
    const [out] = await rig.runner.run(matmul(a, b, { ...c, bias, residual, activation: 'gelu' }));
    const actual = await rig.runner.read(out!);
    for (const t of [a, b.values, b.scales, bias, residual, out!]) rig.runner.release(t);

    const expected = matmulQuantizedRef(hostA, matrix, M, {
      bias: hostBias,
      residual: hostResidual,
      activation: 'gelu',
    });
    return firstMismatch(actual, expected);
  }

  // Awkward shapes: ones, odd sizes, K shorter than a block, K a block and one more, K no
  // block divides (the padded tail of each column must add nothing), N not a multiple of 4,
  // partial tiles; M = 1 is the decode matvec, M ≤ 8 the tiled variant's small-M tiling.
  const SHAPES: readonly Shape[] = [
    { M: 1, N: 1, K: 1 },
    { M: 1, N: 7, K: 5 },
    { M: 3, N: 13, K: 33 },
    { M: 7, N: 12, K: 20 },
    { M: 1, N: 36, K: 129 },
    { M: 33, N: 36, K: 68 },
    { M: 5, N: 257, K: 300 },
  ];
  // The engines' blocks (DECODER_QUANTIZATION: q8 in 32s, q4 in 128s) and the smallest.
  const BLOCKS: readonly [QuantizedBits, number][] = [
    [8, 32],
    [4, 128],
    [8, 16],
    [4, 16],
  ];
  for (const [bits, blockSize] of BLOCKS) {
    describe(`q${bits}, blocks of ${blockSize}`, () => {
      for (const variant of MATMUL_VARIANTS) {
        for (const shape of SHAPES) {
          // The tiled variant's default tiling compiles slowly on SwiftShader: a small one
          // for the smallest blocks, whose numerics are the same code.
          const tuning: MatmulTuning =
            variant === 'tiled' && blockSize === 16
              ? { workgroup: [4, 4], rowsPerThread: 1, tileK: 4 }
              : {};
          const c: Case = { variant, bits, blockSize, ...tuning };
          it(`${variant}: ${shape.M}×${shape.K} @ ${shape.K}×${shape.N}`, async () => {
            expect(await mismatch(shape, c)).toBeNull();
          });
        }
      }
    });
  }

  describe('tunings', () => {
    const TUNED: readonly [MatmulVariant, MatmulTuning][] = [
      ['matvec', { workgroupSize: 64, splitK: 1 }],
      ['matvec', { workgroupSize: 32, splitK: 32 }],
      ['matvec', { workgroupSize: 96, splitK: 3 }],
      ['matvec', { workgroupSize: 64, vectorWidth: 1 }],
      ['tiled', { workgroup: [16, 4], rowsPerThread: 2, tileK: 8 }],
      ['tiled', { workgroup: [32, 2], rowsPerThread: 3, tileK: 12 }],
      ['tiled', { vectorWidth: 1 }],
    ];
    for (const [variant, tuning] of TUNED) {
      for (const bits of [8, 4] as const) {
        it(`${variant} ${JSON.stringify(tuning)}, q${bits}: 3×300 @ 300×132`, async () => {
          const c: Case = { variant, bits, blockSize: 32, ...tuning };
          expect(await mismatch({ M: 3, N: 132, K: 300 }, c)).toBeNull();
        });
      }
    }
  });

  describe('bindings and checks', () => {
    const fake = (label: string, shape: number[], dtype: 'f32' | 'f16' | 'u8' | 'u4') =>
      ({ label, shape, dtype, buffer: {} as GPUBuffer }) as const;
    const q4 = (K: number, N: number, blockSize = 32): QuantizedWeight => ({
      K,
      N,
      bits: 4,
      blockSize,
      values: fake('w', [N, Math.ceil(K / blockSize) * blockSize], 'u4'),
      scales: fake('w.scales', [N, Math.ceil(K / blockSize)], 'f16'),
    });

    it('binds values then scales, keeps shapes out of the cache key', () => {
      const small = matmul(fake('x', [1, 20], 'f32'), q4(20, 12));
      const large = matmul(fake('x', [1, 768], 'f32'), q4(768, 2304));
      expect(small.inputs.map((t) => t.label)).toEqual(['x', 'w', 'w.scales']);
      expect(small.program.cacheKey).toBe(large.program.cacheKey);
      expect(small.program.cacheKey).toBe('matmul.matvec/nt/k4n4/nobias/none/b:q4x32/wg64');
      expect(small.outputs[0]!.shape).toEqual([1, 12]);
    });

    it('rejects a weight whose tensors do not match its (K, N) and blocks', () => {
      const x = fake('x', [2, 20], 'f32');
      expect(() => matmul(x, q4(21, 12))).toThrow(/disagree on K/);
      expect(() => matmul(x, { ...q4(20, 12), bits: 8 })).toThrow(/needs u8 \[12,32\]/);
      expect(() => matmul(x, { ...q4(20, 12), blockSize: 24 })).toThrow(/power of two/);
      expect(() => matmul(x, { ...q4(20, 12), scales: fake('s', [12, 1], 'f32') })).toThrow(
        /needs f16 \[12,1\]/,
      );
      expect(() => matmul(x, q4(20, 12), { transposeB: true })).toThrow(/never transposed/);
    });
  });
});
