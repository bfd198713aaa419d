import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundToHalf } from '../../gpu/half';
import { nodeAdapterHas } from '../../gpu/testing/dawn';
import { firstMismatch, type GpuRig, gpuRig, seededFloats } from '../../gpu/testing/rig';
import { type EmbeddingOptions, embedding } from './embedding';
import { embeddingRef } from './embedding.ref';

// (V, C, Tmax, T, positionOffset): one of everything; odd C; a prompt at position 0; a decode
// step at the last position; GPT-2 XL's C; and GPT-2's vocabulary with ids at its end.
const CASES = [
  [1, 1, 1, 1, 0],
  [50, 7, 16, 5, 3],
  [50, 768, 32, 9, 0],
  [50, 768, 1024, 1, 1023],
  [17, 1600, 8, 8, 0],
  [50_257, 64, 1024, 7, 1000],
] as const;
const WORKGROUP_SIZES = [32, 64, 256] as const;

const hasShaderF16 = await nodeAdapterHas('shader-f16');

describe('embedding', () => {
  let rig: GpuRig;
  beforeAll(async () => {
    rig = await gpuRig();
  });
  afterAll(() => rig.dispose());

  async function embeddingOnGpu(
    idsHost: Uint32Array,
    wteHost: Float32Array,
    wpeHost: Float32Array,
    columns: number,
    options: EmbeddingOptions,
    dtype: 'f32' | 'f16' = 'f32',
  ): Promise<Float32Array> {
    const ids = await rig.runner.upload(
      { label: 'ids', shape: [idsHost.length], dtype: 'u32' },
      idsHost,
    );
    const wte = await rig.upload('wte', wteHost, [wteHost.length / columns, columns], dtype);
    const wpe = await rig.upload('wpe', wpeHost, [wpeHost.length / columns, columns], dtype);
    const [out] = await rig.runner.run(embedding(ids, wte, wpe, options));
    expect(out!.shape).toEqual([idsHost.length, columns]);
    const actual = await rig.runner.read(out!);
    for (const t of [ids, wte, wpe, out!]) rig.runner.release(t);
    if (!(actual instanceof Float32Array)) throw new Error('embedding must write f32');
    return actual;
  }

  for (const [vocab, columns, positions, tokens, positionOffset] of CASES) {
    for (const workgroupSize of WORKGROUP_SIZES) {
      for (const vectorWidth of columns % 4 === 0 ? ([1, 4] as const) : ([1] as const)) {
        it(`V ${vocab}, C ${columns}: ${tokens} tokens at ${positionOffset}, workgroup ${workgroupSize}, vec${vectorWidth}`, async () => {
          const wte = seededFloats(vocab * columns, vocab + columns, 100);
          const wpe = seededFloats(positions * columns, positions + columns, 1);
          // Ids spread over the table, its last row included.
          const ids = Uint32Array.from({ length: tokens }, (_, t) =>
            t === 0 ? vocab - 1 : (t * 7919) % vocab,
          );
          const options = { workgroupSize, vectorWidth, positionOffset };
          const actual = await embeddingOnGpu(ids, wte, wpe, columns, options);
          expect(
            firstMismatch(actual, embeddingRef(ids, wte, wpe, columns, positionOffset)),
          ).toBeNull();
        });
      }
    }
  }

  // f16 tables (the engine's f16 weights), checked against the reference on the rounded
  // values: packed words everywhere, f16 reads where the device has shader-f16.
  describe('f16 tables', () => {
    const F16_CASES = [CASES[0], CASES[1], CASES[3]] as const;
    for (const shaderF16 of [false, true]) {
      for (const [vocab, columns, positions, tokens, positionOffset] of F16_CASES) {
        for (const vectorWidth of columns % 4 === 0 ? ([1, 4] as const) : ([1] as const)) {
          it.skipIf(shaderF16 && !hasShaderF16)(
            `V ${vocab}, C ${columns}: ${tokens} tokens at ${positionOffset}, vec${vectorWidth}, ${shaderF16 ? 'f16 reads' : 'packed'}`,
            async () => {
              const wte = roundToHalf(seededFloats(vocab * columns, vocab + columns, 100));
              const wpe = roundToHalf(seededFloats(positions * columns, positions, 1));
              const ids = Uint32Array.from({ length: tokens }, (_, t) => (t * 7919) % vocab);
              const options = { vectorWidth, positionOffset, shaderF16 };
              const actual = await embeddingOnGpu(ids, wte, wpe, columns, options, 'f16');
              expect(
                firstMismatch(actual, embeddingRef(ids, wte, wpe, columns, positionOffset)),
              ).toBeNull();
            },
          );
        }
      }
    }

    it('refuses tables stored differently', () => {
      const fake = (dtype: 'f32' | 'f16') =>
        ({ label: dtype, shape: [4, 4], dtype, buffer: {} as GPUBuffer }) as const;
      const ids = { label: 'ids', shape: [1], dtype: 'u32', buffer: {} as GPUBuffer } as const;
      expect(() => embedding(ids, fake('f16'), fake('f32'))).toThrow(/store both alike/);
      expect(embedding(ids, fake('f16'), fake('f16')).program.cacheKey).toBe(
        'embedding/vec4<f32>/packed-f16/wg64',
      );
    });
  });

  it('adds nothing from wte for ids past the vocabulary, reading no row out of bounds', async () => {
    const [vocab, columns, positions] = [10, 8, 6];
    const wte = seededFloats(vocab * columns, 1, 10);
    const wpe = seededFloats(positions * columns, 2, 10);
    const ids = Uint32Array.from([0, vocab, vocab + 1, 0xffffffff, vocab - 1]);
    for (const vectorWidth of [1, 4] as const) {
      const actual = await embeddingOnGpu(ids, wte, wpe, columns, {
        vectorWidth,
        positionOffset: 1,
      });
      const expected = embeddingRef(ids, wte, wpe, columns, 1);
      expect(firstMismatch(actual, expected)).toBeNull();
      // Rows 1…3 are wpe's rows 2…4 alone.
      expect(
        firstMismatch(actual.slice(columns, 4 * columns), wpe.slice(2 * columns, 5 * columns)),
      ).toBeNull();
    }
  });

  it('embeds more tokens than one grid dimension of workgroups holds (folded)', async () => {
    const [vocab, columns, tokens] = [5, 1, 2_100_000]; // 65 625 workgroups of 32
    const wte = seededFloats(vocab * columns, 3, 10);
    const wpe = seededFloats(tokens * columns, 4, 10);
    const ids = Uint32Array.from({ length: tokens }, (_, t) => t % vocab);
    const actual = await embeddingOnGpu(ids, wte, wpe, columns, { workgroupSize: 32 });
    expect(firstMismatch(actual, embeddingRef(ids, wte, wpe, columns))).toBeNull();
  });

  it('refuses positions past wpe, f32 ids, and tables of different widths', async () => {
    const ids = await rig.runner.upload(
      { label: 'ids', shape: [3], dtype: 'u32' },
      new Uint32Array(3),
    );
    const floatIds = await rig.upload('float-ids', new Float32Array(3));
    const wte = await rig.upload('wte', new Float32Array(40), [10, 4]);
    const wpe = await rig.upload('wpe', new Float32Array(32), [8, 4]);
    const narrow = await rig.upload('narrow', new Float32Array(16), [8, 2]);
    expect(() => embedding(ids, wte, wpe, { positionOffset: 5 })).not.toThrow();
    expect(() => embedding(ids, wte, wpe, { positionOffset: 6 })).toThrow(
      /positions 6…8 exceed the 8/,
    );
    expect(() => embedding(floatIds, wte, wpe)).toThrow(/must be \(T\) u32/);
    expect(() => embedding(ids, wte, narrow)).toThrow(/wte is \[10,4\] but wpe is \[8,2\]/);
    for (const t of [ids, floatIds, wte, wpe, narrow]) rig.runner.release(t);
  });
});
