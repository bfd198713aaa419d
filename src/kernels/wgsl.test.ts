/**
 * A second compiler over the WGSL that Dawn here cannot compile: the f16 reads need
 * `shader-f16`, which SwiftShader lacks, so on this machine only naga (wgpu's shader
 * translator, as WebAssembly) parses and validates them — types, the `enable f16;` directive,
 * uniformity. The f32 and packed-f16 programs are validated too: Dawn runs those, so they
 * show that naga and Dawn agree on our code. A real GPU with shader-f16 runs the f16 reads
 * in the kernel tests (matmul.test.ts, embedding.test.ts), which skip them here.
 */
import { NagaError, parseWgsl, validate } from 'naga-wasm';
import { describe, expect, it } from 'vitest';
import type { Program } from '../gpu';
import { embeddingProgram } from './embedding/embedding';
import type { MatmulLayout } from './matmul/bindings';
import { matmulMatvecProgram, matmulNaiveProgram, matmulTiledProgram } from './matmul/matmul';
import type { StorageEncoding } from './storage';

/** naga's report on a program's WGSL, or null when it is valid. */
function nagaErrors(program: Program): string | null {
  try {
    using module = parseWgsl(program.wgsl());
    using _info = validate(module);
    return null;
  } catch (error) {
    if (error instanceof NagaError) return `${program.cacheKey}\n${error.formatted}`;
    throw error;
  }
}

const ENCODINGS: readonly StorageEncoding[] = ['f32', 'packed-f16', 'f16'];
const WIDTHS = [1, 4] as const;

/**
 * Every matmul variant over every vector width and epilogue (none, or bias + GELU + residual)
 * for the B layouts given: the programs a B encoding can compile to.
 */
function matmulPrograms(
  bEncoding: MatmulLayout['bEncoding'],
  transposes: readonly boolean[],
): Program[] {
  const programs: Program[] = [];
  for (const transposeB of transposes) {
    for (const kVector of WIDTHS) {
      for (const nVector of WIDTHS) {
        for (const epilogue of [false, true]) {
          const layout: MatmulLayout = {
            transposeB,
            kVector,
            nVector,
            hasBias: epilogue,
            hasResidual: epilogue,
            activation: epilogue ? 'gelu' : 'none',
            bEncoding,
          };
          programs.push(
            matmulNaiveProgram(layout),
            matmulTiledProgram(layout, {
              workgroupX: 8,
              workgroupY: 8,
              rowsPerThread: 4,
              tileK: 32,
            }),
            matmulMatvecProgram(layout),
          );
        }
      }
    }
  }
  return programs;
}

describe('WGSL under naga', () => {
  for (const bEncoding of ENCODINGS) {
    it(`matmul, B ${bEncoding}: every variant, layout, vector width and epilogue`, () => {
      const programs = matmulPrograms(bEncoding, [false, true]);
      expect(programs.map(nagaErrors).filter(Boolean)).toEqual([]);
      const f16 = bEncoding === 'f16';
      for (const program of programs) {
        expect(program.wgsl().startsWith('enable f16;\n')).toBe(f16);
        expect(program.features ?? []).toEqual(f16 ? ['shader-f16'] : []);
      }
    });

    it(`embedding, tables ${bEncoding}`, () => {
      const programs = WIDTHS.map((vectorWidth) =>
        embeddingProgram({ workgroupSize: 64, vectorWidth, tables: bEncoding }),
      );
      expect(programs.map(nagaErrors).filter(Boolean)).toEqual([]);
    });
  }

  // A quantised B is stored column by column (matmul/quantized.ts): always transposed.
  for (const bEncoding of [
    { bits: 8, blockSize: 32 },
    { bits: 4, blockSize: 128 },
  ] as const) {
    it(`matmul, B q${bEncoding.bits} in blocks of ${bEncoding.blockSize}: every variant, width and epilogue`, () => {
      const programs = matmulPrograms(bEncoding, [true]);
      expect(programs.map(nagaErrors).filter(Boolean)).toEqual([]);
      for (const program of programs) expect(program.features ?? []).toEqual([]);
    });
  }

  it('catches what Dawn would: an f16 read returned without conversion to f32', () => {
    const program = matmulMatvecProgram({
      transposeB: false,
      kVector: 4,
      nVector: 4,
      hasBias: false,
      hasResidual: false,
      activation: 'none',
      bEncoding: 'f16',
    });
    const source = program.wgsl().replace('vec4f(b[i / 4u])', 'b[i / 4u]');
    const broken = { ...program, wgsl: () => source };
    expect(source).not.toBe(program.wgsl());
    expect(nagaErrors(broken)).toMatch(/'b_4' is invalid/);
  });
});
