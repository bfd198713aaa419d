import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstMismatch, type GpuRig, gpuRig, seededFloats } from '../../gpu/testing/rig';
import {
  attention,
  kvAppend,
  type PrefillTiling,
  prefillStorageBytes,
  prefillTiling,
  WORKGROUP_STORAGE_BYTES,
} from './attention';
import { attentionRef, kvAppendRef } from './attention.ref';
import { appendAndAttend, hostCache, hostQkv, layoutOf, rows } from './testing';

// kvAppend and the prefill program (T > 1, and T = 1 forced onto it). The decode program has
// its own file, attention-decode.test.ts, to keep each under the time a CI core allows.

describe('kvAppend', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  const cases = [
    { heads: 3, headDim: 8, maxPositions: 10, positionOffset: 4, tokens: 5, workgroupSize: 64 },
    { heads: 1, headDim: 4, maxPositions: 1, positionOffset: 0, tokens: 1, workgroupSize: 32 },
    { heads: 12, headDim: 64, maxPositions: 40, positionOffset: 33, tokens: 7, workgroupSize: 256 },
    {
      heads: 25,
      headDim: 64,
      maxPositions: 1024,
      positionOffset: 1021,
      tokens: 3,
      workgroupSize: 64,
    },
  ];
  for (const { heads, headDim, maxPositions, positionOffset, tokens, workgroupSize } of cases) {
    it(`writes ${tokens} tokens of ${heads}×${headDim} at ${positionOffset} of ${maxPositions}, nothing else (workgroup ${workgroupSize})`, async () => {
      const layout = layoutOf(tokens, heads, headDim, maxPositions, positionOffset);
      const C = heads * headDim;
      const hostQ = hostQkv(tokens, C, 1 + tokens);
      // Old entries everywhere, so a write to a wrong position shows as a changed value.
      const hostK = seededFloats(heads * maxPositions * headDim, 2, 100);
      const hostV = seededFloats(heads * maxPositions * headDim, 3, 100);
      const qkv = await rig.upload('qkv', hostQ, [tokens, 3 * C]);
      const shape = [heads, maxPositions, headDim];
      const keys = await rig.upload('keys', hostK, shape);
      const values = await rig.upload('values', hostV, shape);
      const call = kvAppend(qkv, keys, values, { heads, positionOffset, workgroupSize });
      const written = await rig.runner.run(call, { outputs: [keys, values] });
      expect(written.map((t) => t.buffer)).toEqual([keys.buffer, values.buffer]);
      const expected = kvAppendRef(hostQ, hostK, hostV, layout);
      const exact = { abs: 0, rel: 0 };
      expect(firstMismatch(await rig.runner.read(keys), expected.keys, exact)).toBeNull();
      expect(firstMismatch(await rig.runner.read(values), expected.values, exact)).toBeNull();
      for (const t of [qkv, keys, values]) rig.runner.release(t);
    });
  }

  it('refuses positions past the cache, and shapes that disagree', async () => {
    const qkv = await rig.upload('qkv', new Float32Array(2 * 3 * 64), [2, 3 * 64]);
    const keys = await rig.upload('keys', new Float32Array(2 * 8 * 32), [2, 8, 32]);
    const values = await rig.upload('values', new Float32Array(2 * 8 * 32), [2, 8, 32]);
    expect(() => kvAppend(qkv, keys, values, { heads: 2, positionOffset: 6 })).not.toThrow();
    expect(() => kvAppend(qkv, keys, values, { heads: 2, positionOffset: 7 })).toThrow(
      /positions 7…8 exceed the cache of 8/,
    );
    expect(() => attention(qkv, keys, values, { heads: 2, positionOffset: 7 })).toThrow(
      /exceed the cache of 8/,
    );
    expect(() => kvAppend(qkv, keys, values, { heads: 4, positionOffset: 0 })).toThrow(
      /must be \(4, maxPositions, 16\)/,
    );
    expect(() => kvAppend(qkv, keys, values, { heads: 2, positionOffset: -1 })).toThrow(
      /bad position offset/,
    );
    const odd = await rig.upload('qkv-odd', new Float32Array(3 * 6), [1, 3 * 6]);
    expect(() => kvAppend(odd, keys, values, { heads: 1, positionOffset: 0 })).toThrow(
      /multiple of 4/,
    );
    for (const t of [qkv, keys, values, odd]) rig.runner.release(t);
  });
});

describe('attention, prefill', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  interface Case {
    readonly heads: number;
    readonly headDim: number;
    readonly tokens: number;
    readonly positionOffset?: number;
    readonly maxPositions?: number;
    readonly queryScale?: number;
    readonly tiling?: Partial<PrefillTiling>;
    readonly garbage?: number;
  }

  /**
   * A cache holding positionOffset old positions (and garbage past them), T new tokens
   * appended and attended on the GPU, compared with the CPU reference on the same data.
   */
  async function check(c: Case): Promise<void> {
    const { heads, headDim, tokens, positionOffset = 0, queryScale = 1 } = c;
    const maxPositions = c.maxPositions ?? positionOffset + tokens + 5;
    const C = heads * headDim;
    const layout = layoutOf(tokens, heads, headDim, maxPositions, positionOffset);
    const seed = 7 * tokens + headDim + positionOffset;
    const hostQ = hostQkv(tokens, C, seed, queryScale);
    const hostK = hostCache(heads, maxPositions, headDim, positionOffset, seed + 1, c.garbage);
    const hostV = hostCache(heads, maxPositions, headDim, positionOffset, seed + 2, c.garbage);
    const qkv = await rig.upload('qkv', hostQ, [tokens, 3 * C]);
    const shape = [heads, maxPositions, headDim];
    const keys = await rig.upload('keys', hostK, shape);
    const values = await rig.upload('values', hostV, shape);
    const options = { heads, positionOffset, variant: 'prefill', prefill: c.tiling } as const;
    const actual = await appendAndAttend(rig, qkv, keys, values, options);
    const cache = kvAppendRef(hostQ, hostK, hostV, layout);
    const expected = attentionRef(hostQ, cache.keys, cache.values, layout);
    expect(firstMismatch(actual, expected)).toBeNull();
    for (const t of [qkv, keys, values]) rig.runner.release(t);
  }

  const tilings: Partial<PrefillTiling>[] = [
    {},
    { queryTile: 32, keyLanes: 2 },
    { queryTile: 64, keyLanes: 1 },
    { queryTile: 8, keyLanes: 4, keyTile: 8 },
    { queryTile: 4, keyLanes: 8, keyTile: 24 },
  ];
  for (const tokens of [1, 7, 64, 100]) {
    for (const tiling of tilings) {
      it(`T = ${tokens} from an empty cache, 2×32 (tiling ${JSON.stringify(tiling)})`, async () => {
        await check({ heads: 2, headDim: 32, tokens, tiling });
      });
    }
  }

  for (const [heads, headDim] of [
    [12, 64],
    [25, 64],
    [3, 36],
    [1, 128],
    [2, 100],
    [4, 4],
  ] as const) {
    it(`T = 100 from an empty cache, ${heads}×${headDim}`, async () => {
      await check({ heads, headDim, tokens: 100 });
    });
  }

  it('runs D = 32 in the 64- and 128-wide registers (lanes past D stay zero)', async () => {
    await check({ heads: 2, headDim: 32, tokens: 33, tiling: { headDimCapacity: 64 } });
    await check({ heads: 2, headDim: 32, tokens: 33, tiling: { headDimCapacity: 128 } });
  });

  it('continues a cache: a second prompt chunk at positionOffset 37', async () => {
    await check({ heads: 12, headDim: 64, tokens: 29, positionOffset: 37 });
    await check({ heads: 2, headDim: 32, tokens: 100, positionOffset: 1, tiling: { keyLanes: 1 } });
  });

  it('keeps softmax stable for queries scaled to ±100', async () => {
    await check({ heads: 12, headDim: 64, tokens: 100, queryScale: 100 });
    await check({ heads: 2, headDim: 32, tokens: 64, positionOffset: 50, queryScale: 100 });
  });

  it('fills the cache to its 1024 positions', async () => {
    await check({ heads: 2, headDim: 32, tokens: 1024, maxPositions: 1024 });
    await check({ heads: 12, headDim: 64, tokens: 100, positionOffset: 924, maxPositions: 1024 });
  });

  it('never lets cache positions past positionOffset + T reach the output', async () => {
    // NaN is the default garbage; ±huge values and infinities must not leak either.
    for (const garbage of [1e30, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      await check({ heads: 2, headDim: 32, tokens: 7, positionOffset: 3, garbage });
    }
  });

  it('two chunks on the GPU match one prefill of both', async () => {
    const [heads, headDim, first, second] = [12, 64, 37, 29];
    const C = heads * headDim;
    const tokens = first + second;
    const maxPositions = 80;
    const hostQ = hostQkv(tokens, C, 99);
    const shape = [heads, maxPositions, headDim];
    const empty = hostCache(heads, maxPositions, headDim, 0, 0);
    const keys = await rig.upload('keys', empty, shape);
    const values = await rig.upload('values', empty, shape);
    const actual: Float32Array[] = [];
    for (const [start, count] of [
      [0, first],
      [first, second],
    ] as const) {
      const qkv = await rig.upload('qkv', rows(hostQ, 3 * C, start, count), [count, 3 * C]);
      actual.push(await appendAndAttend(rig, qkv, keys, values, { heads, positionOffset: start }));
      rig.runner.release(qkv);
    }
    const layout = layoutOf(tokens, heads, headDim, maxPositions, 0);
    const cache = kvAppendRef(hostQ, empty, empty, layout);
    const expected = attentionRef(hostQ, cache.keys, cache.values, layout);
    expect(firstMismatch([...actual[0]!, ...actual[1]!], expected)).toBeNull();
    for (const t of [keys, values]) rig.runner.release(t);
  });

  it('stays within the 16 KiB of workgroup memory every adapter has, and refuses more', () => {
    for (const headDim of [4, 32, 36, 64, 100, 128]) {
      expect(prefillStorageBytes(prefillTiling(headDim))).toBeLessThanOrEqual(
        WORKGROUP_STORAGE_BYTES,
      );
    }
    expect(() => prefillTiling(64, { keyTile: 64 })).toThrow(/exceed 16384/);
    expect(() => prefillTiling(64, { keyTile: 30, keyLanes: 4 })).toThrow(/multiple of keyLanes/);
    expect(() => prefillTiling(128, { queryTile: 32, keyLanes: 4 })).toThrow(/too small to merge/);
    expect(() => prefillTiling(64, { headDimCapacity: 32 })).toThrow(/holding D = 64/);
  });
});
