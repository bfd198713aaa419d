import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstMismatch, type GpuRig, gpuRig } from '../../gpu/testing/rig';
import {
  attention,
  type DecodeTiling,
  decodeStorageBytes,
  decodeTiling,
  WORKGROUP_STORAGE_BYTES,
} from './attention';
import { attentionRef, kvAppendRef } from './attention.ref';
import { appendAndAttend, hostCache, hostQkv, layoutOf, rows } from './testing';

// The decode program: T = 1 against the whole cache (and T > 1 forced onto it).

describe('attention, decode', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  interface Case {
    readonly heads: number;
    readonly headDim: number;
    /** Tokens already in the cache before the steps. */
    readonly prompt: number;
    /** Decode steps of one token each, after the prompt. */
    readonly steps: number;
    readonly maxPositions?: number;
    readonly queryScale?: number;
    readonly tiling?: Partial<DecodeTiling>;
    /**
     * Upload the prompt's keys and values instead of prefilling them on the GPU: for long
     * prompts, whose prefill SwiftShader takes tens of seconds over.
     */
    readonly promptFromHost?: boolean;
  }

  /**
   * The prompt is prefilled on the GPU, then each step appends one token and attends to the
   * cache; every step's y must equal the matching row of one CPU prefill of the whole sequence.
   */
  async function check(c: Case): Promise<void> {
    const { heads, headDim, prompt, steps, queryScale = 1 } = c;
    const tokens = prompt + steps;
    const maxPositions = c.maxPositions ?? tokens + 3;
    const C = heads * headDim;
    const hostQ = hostQkv(tokens, C, 5 * tokens + headDim, queryScale);
    const shape = [heads, maxPositions, headDim];
    const empty = hostCache(heads, maxPositions, headDim, 0, 0);
    // The whole sequence's cache, as one prefill of all the tokens leaves it.
    const full = kvAppendRef(
      hostQ,
      empty,
      empty,
      layoutOf(tokens, heads, headDim, maxPositions, 0),
    );
    const start = c.promptFromHost
      ? kvAppendRef(
          rows(hostQ, 3 * C, 0, prompt),
          empty,
          empty,
          layoutOf(prompt, heads, headDim, maxPositions, 0),
        )
      : { keys: empty, values: empty };
    const keys = await rig.upload('keys', start.keys, shape);
    const values = await rig.upload('values', start.values, shape);
    if (prompt > 0 && !c.promptFromHost) {
      const qkv = await rig.upload('prompt', rows(hostQ, 3 * C, 0, prompt), [prompt, 3 * C]);
      await appendAndAttend(rig, qkv, keys, values, { heads, positionOffset: 0 });
      rig.runner.release(qkv);
    }
    const actual = new Float32Array(steps * C);
    for (let s = 0; s < steps; s++) {
      const position = prompt + s;
      const qkv = await rig.upload('step', rows(hostQ, 3 * C, position, 1), [1, 3 * C]);
      const options = { heads, positionOffset: position, decode: c.tiling } as const;
      expect(attention(qkv, keys, values, options).program.name).toBe('attention.decode');
      actual.set(await appendAndAttend(rig, qkv, keys, values, options), s * C);
      rig.runner.release(qkv);
    }
    // The rows prompt … tokens − 1 of that prefill: causal, each sees the positions up to its own.
    const stepQkv = rows(hostQ, 3 * C, prompt, steps);
    const layout = layoutOf(steps, heads, headDim, maxPositions, prompt);
    const expected = attentionRef(stepQkv, full.keys, full.values, layout);
    expect(firstMismatch(actual, expected)).toBeNull();
    for (const t of [keys, values]) rig.runner.release(t);
  }

  for (const [heads, headDim] of [
    [2, 32],
    [12, 64],
    [25, 64],
  ] as const) {
    it(`steps after a prompt match one longer prefill, ${heads}×${headDim}`, async () => {
      await check({ heads, headDim, prompt: 9, steps: 6 });
    });
  }

  it('starts from an empty cache: the first token sees only itself', async () => {
    await check({ heads: 2, headDim: 32, prompt: 0, steps: 3 });
  });

  const tilings: Partial<DecodeTiling>[] = [
    { workgroupSize: 32 },
    { workgroupSize: 64, chunk: 7 },
    { workgroupSize: 128, chunk: 100 },
    { workgroupSize: 256, chunk: 256 },
  ];
  for (const tiling of tilings) {
    it(`runs a long cache in chunks (tiling ${JSON.stringify(tiling)})`, async () => {
      await check({ heads: 3, headDim: 64, prompt: 300, steps: 2, tiling });
    });
  }

  for (const headDim of [4, 36, 100, 128]) {
    it(`handles head dim ${headDim}`, async () => {
      await check({ heads: 2, headDim, prompt: 40, steps: 2 });
    });
  }

  it('keeps softmax stable for queries scaled to ±100', async () => {
    await check({ heads: 12, headDim: 64, prompt: 200, steps: 2, queryScale: 100 });
  });

  it('reads a full cache of 1024 positions, and refuses a 1025th', async () => {
    const full = { maxPositions: 1024, promptFromHost: true };
    await check({ heads: 12, headDim: 64, prompt: 1021, steps: 3, ...full });
    await check({ heads: 25, headDim: 64, prompt: 1023, steps: 1, queryScale: 100, ...full });
    await check({ heads: 2, headDim: 32, prompt: 1000, steps: 1, tiling: { chunk: 256 }, ...full });
    const qkv = await rig.upload('qkv', new Float32Array(3 * 64), [1, 3 * 64]);
    const cache = await rig.upload('cache', new Float32Array(1024 * 64), [1, 1024, 64]);
    expect(() => attention(qkv, cache, cache, { heads: 1, positionOffset: 1024 })).toThrow(
      /positions 1024…1024 exceed the cache of 1024/,
    );
    for (const t of [qkv, cache]) rig.runner.release(t);
  });

  it('never lets cache positions past the query reach the output', async () => {
    const [heads, headDim, maxPositions, positionOffset] = [4, 32, 64, 20];
    const C = heads * headDim;
    const layout = layoutOf(1, heads, headDim, maxPositions, positionOffset);
    const hostQ = hostQkv(1, C, 3);
    const hostV = hostCache(heads, maxPositions, headDim, positionOffset, 5);
    const expected = (() => {
      const hostK = hostCache(heads, maxPositions, headDim, positionOffset, 4);
      const cache = kvAppendRef(hostQ, hostK, hostV, layout);
      return attentionRef(hostQ, cache.keys, cache.values, layout);
    })();
    for (const garbage of [Number.NaN, Number.POSITIVE_INFINITY, -1e30]) {
      const shape = [heads, maxPositions, headDim];
      const keys = await rig.upload(
        'keys',
        hostCache(heads, maxPositions, headDim, positionOffset, 4, garbage),
        shape,
      );
      const values = await rig.upload(
        'values',
        hostCache(heads, maxPositions, headDim, positionOffset, 5, garbage),
        shape,
      );
      const qkv = await rig.upload('qkv', hostQ, [1, 3 * C]);
      const actual = await appendAndAttend(rig, qkv, keys, values, { heads, positionOffset });
      expect(firstMismatch(actual, expected)).toBeNull();
      for (const t of [qkv, keys, values]) rig.runner.release(t);
    }
  });

  it('agrees with the CPU for T > 1 forced onto the decode program', async () => {
    const [heads, headDim, tokens, positionOffset, maxPositions] = [5, 64, 7, 11, 20];
    const C = heads * headDim;
    const layout = layoutOf(tokens, heads, headDim, maxPositions, positionOffset);
    const hostQ = hostQkv(tokens, C, 8);
    const hostK = hostCache(heads, maxPositions, headDim, positionOffset, 9);
    const hostV = hostCache(heads, maxPositions, headDim, positionOffset, 10);
    const shape = [heads, maxPositions, headDim];
    const qkv = await rig.upload('qkv', hostQ, [tokens, 3 * C]);
    const keys = await rig.upload('keys', hostK, shape);
    const values = await rig.upload('values', hostV, shape);
    const options = { heads, positionOffset, variant: 'decode' } as const;
    const actual = await appendAndAttend(rig, qkv, keys, values, options);
    const cache = kvAppendRef(hostQ, hostK, hostV, layout);
    expect(firstMismatch(actual, attentionRef(hostQ, cache.keys, cache.values, layout))).toBeNull();
    for (const t of [qkv, keys, values]) rig.runner.release(t);
  });

  it('stays within the 16 KiB of workgroup memory every adapter has, and refuses more', () => {
    expect(decodeStorageBytes(decodeTiling())).toBeLessThanOrEqual(WORKGROUP_STORAGE_BYTES);
    expect(() => decodeTiling({ chunk: 4096 })).toThrow(/exceed 16384/);
    expect(() => decodeTiling({ workgroupSize: 96 })).toThrow(/power of two/);
    expect(() => decodeTiling({ workgroupSize: 16 })).toThrow(/power of two ≥ 32/);
  });
});
