import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  firstMismatch,
  type GpuRig,
  gpuRig,
  largestBindableF32,
  seededFloats,
} from '../../gpu/testing/rig';
import { type MatmulOptions, type MatmulVariant, matmul } from './matmul';
import { matmulRef } from './matmul.ref';

/**
 * GPT-2's own shapes (C = 768, 4C = 3072, V = 50257; a 32-token prompt and one decode step),
 * the LM head of gpt2-1.5b (C = 1600), and a transposed B near the largest binding. A file of
 * its own: these take seconds each on SwiftShader.
 */
describe('matmul at GPT-2 sizes', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  interface Big {
    readonly variant: MatmulVariant;
    readonly M: number;
    readonly K: number;
    readonly N: number;
    readonly transposeB?: boolean;
    readonly bias?: boolean;
    readonly residual?: boolean;
    readonly gelu?: boolean;
  }

  async function mismatch(c: Big): Promise<string | null> {
    const { M, K, N, transposeB = false } = c;
    const hostA = seededFloats(M * K, M + K, 1);
    const hostB = seededFloats(K * N, N, 1 / Math.sqrt(K));
    const hostBias = c.bias ? seededFloats(N, 3, 1) : undefined;
    const hostResidual = c.residual ? seededFloats(M * N, 4, 100) : undefined;
    const a = await rig.upload('x', hostA, [M, K]);
    const b = await rig.upload('w', hostB, transposeB ? [N, K] : [K, N]);
    const bias = hostBias && (await rig.upload('bias', hostBias, [N]));
    const residual = hostResidual && (await rig.upload('residual', hostResidual, [M, N]));
    const options: MatmulOptions = {
      variant: c.variant,
      transposeB,
      bias,
      residual,
      activation: c.gelu ? 'gelu' : 'none',
    };
    const [out] = await rig.runner.run(matmul(a, b, options));
    const actual = await rig.runner.read(out!);
    for (const t of [a, b, bias, residual, out]) if (t) rig.runner.release(t);
    const expected = matmulRef(hostA, hostB, M, N, K, {
      transposeB,
      bias: hostBias,
      residual: hostResidual,
      activation: options.activation,
    });
    return firstMismatch(actual, expected);
  }

  const name = (c: Big) =>
    `${c.variant} ${c.M}×${c.K} @ ${c.transposeB ? `(${c.N}×${c.K})ᵀ` : `${c.K}×${c.N}`}` +
    `${c.bias ? ' + bias' : ''}${c.gelu ? ', gelu' : ''}${c.residual ? ', + residual' : ''}`;

  const CASES: readonly Big[] = [
    // Prefill of 32 tokens: c_attn, c_fc with GELU, c_proj with the residual.
    { variant: 'tiled', M: 32, K: 768, N: 2304, bias: true },
    { variant: 'tiled', M: 32, K: 768, N: 3072, bias: true, gelu: true },
    { variant: 'tiled', M: 32, K: 3072, N: 768, bias: true, residual: true },
    { variant: 'naive', M: 32, K: 768, N: 2304, bias: true },
    // One decode step.
    { variant: 'matvec', M: 1, K: 768, N: 2304, bias: true },
    { variant: 'matvec', M: 1, K: 768, N: 3072, bias: true, gelu: true },
    { variant: 'matvec', M: 1, K: 3072, N: 768, bias: true, residual: true },
    // The tied LM head, logits = x @ wteᵀ: decode, and the last rows of a short prompt.
    { variant: 'matvec', M: 1, K: 768, N: 50_257, transposeB: true },
    { variant: 'naive', M: 1, K: 768, N: 50_257, transposeB: true },
    { variant: 'tiled', M: 1, K: 768, N: 50_257, transposeB: true },
    { variant: 'tiled', M: 7, K: 768, N: 50_257, transposeB: true },
    // gpt2-1.5b's LM head: 1600 × 50257, 321 MB of weights.
    { variant: 'matvec', M: 1, K: 1600, N: 50_257, transposeB: true },
  ];
  for (const c of CASES) {
    it(name(c), async () => {
      expect(await mismatch(c)).toBeNull();
    }, 120_000);
  }

  it('matvec over a transposed B near the largest binding the device allows', async () => {
    const K = 1600;
    const N = Math.floor(largestBindableF32(rig.device) / K);
    expect(N * K * 4).toBeGreaterThan(0.99 * rig.device.limits.maxStorageBufferBindingSize);
    expect(
      await mismatch({ variant: 'matvec', M: 1, K, N, transposeB: true, bias: true }),
    ).toBeNull();
  }, 300_000);
});
