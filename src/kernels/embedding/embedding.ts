import {
  bakeWgsl,
  defineUniforms,
  type GpuTensor,
  type KernelCall,
  type Program,
  STEP_UNIFORMS,
} from '../../gpu';
import { DEFAULT_WORKGROUP_SIZE, f32Vector, type GridOptions } from '../shape';
import {
  encodingNeeds,
  type StorageEncoding,
  storageDeclaration,
  storageEncoding,
  storageReaders,
} from '../storage';
import template from './embedding.wgsl?raw';

/**
 * Shapes are uniforms, and the position offset is in the step struct (src/gpu/step.ts): one
 * pipeline per (vector width, workgroup size) serves every model and every decode step.
 */
const fields = {
  /** Output vectors: T · C / lanes. */
  count: 'u32',
  /** Vectors per row: C / lanes. */
  width: 'u32',
  /** Rows of wte (V). */
  vocab: 'u32',
  /** Rows of wpe (the context length). */
  positions: 'u32',
} as const;
const uniforms = defineUniforms(fields);

export interface EmbeddingOptions extends GridOptions {
  /** The position of ids[0] (default 0): the number of tokens already in the KV cache. */
  readonly positionOffset?: number;
  /** The device has `shader-f16`: f16 tables are read as f16, not as packed words. */
  readonly shaderF16?: boolean;
}

export interface EmbeddingShape {
  readonly workgroupSize: number;
  readonly vectorWidth: 1 | 4;
  /** How both tables are stored (default f32). */
  readonly tables?: StorageEncoding;
}

export function embeddingProgram({
  workgroupSize,
  vectorWidth,
  tables = 'f32',
}: EmbeddingShape): Program<typeof fields> {
  const vector = f32Vector(vectorWidth);
  const { enables, features } = encodingNeeds([tables]);
  const table = (name: string, binding: number) =>
    [
      storageDeclaration(name, binding, tables, vectorWidth),
      storageReaders(name, tables, vectorWidth),
      `fn ${name}_v(j: u32) -> V { return ${vectorWidth === 4 ? `${name}_4(4u * j, 4u)` : `${name}_1(j)`}; }`,
    ].join('\n');
  return {
    name: 'embedding',
    cacheKey: `embedding/${vector}/${tables}/wg${workgroupSize}`,
    wgsl: () =>
      bakeWgsl(
        template,
        uniforms,
        {
          workgroupSize,
          vector,
          step: STEP_UNIFORMS.wgsl,
          tables: `${table('wte', 1)}\n${table('wpe', 2)}`,
        },
        enables,
      ),
    uniforms,
    inputs: 3,
    outputs: 1,
    features,
    readsStep: true,
  };
}

/**
 * Token plus position embedding: ids (T) u32, wte (V, C), wpe (Tmax, C) — both f32 or both
 * f16 — → (T, C) f32 with out[t] = wte[ids[t]] + wpe[positionOffset + t]. An id ≥ V
 * contributes zeros (the ids live on the GPU, so only the shader can check them); positions
 * past Tmax are refused here.
 */
export function embedding(
  ids: GpuTensor,
  wte: GpuTensor,
  wpe: GpuTensor,
  options: EmbeddingOptions = {},
): KernelCall<typeof fields> {
  if (ids.dtype !== 'u32' || ids.shape.length !== 1) {
    throw new Error(
      `embedding: ids "${ids.label}" must be (T) u32, is [${ids.shape}] ${ids.dtype}`,
    );
  }
  for (const t of [wte, wpe]) {
    if ((t.dtype !== 'f32' && t.dtype !== 'f16') || t.shape.length !== 2) {
      throw new Error(
        `embedding: "${t.label}" must be a 2-D f32 or f16 table, is [${t.shape}] ${t.dtype}`,
      );
    }
  }
  if (wte.dtype !== wpe.dtype) {
    throw new Error(`embedding: wte is ${wte.dtype} but wpe is ${wpe.dtype}; store both alike`);
  }
  const [vocab, columns] = [wte.shape[0]!, wte.shape[1]!];
  const positions = wpe.shape[0]!;
  if (wpe.shape[1] !== columns) {
    throw new Error(`embedding: wte is [${wte.shape}] but wpe is [${wpe.shape}]`);
  }
  const tokens = ids.shape[0]!;
  const positionOffset = options.positionOffset ?? 0;
  if (!Number.isInteger(positionOffset) || positionOffset < 0) {
    throw new RangeError(`embedding: position offset ${positionOffset}`);
  }
  if (positionOffset + tokens > positions) {
    throw new RangeError(
      `embedding: positions ${positionOffset}…${positionOffset + tokens - 1} exceed the ${positions} of "${wpe.label}"`,
    );
  }
  const workgroupSize = options.workgroupSize ?? DEFAULT_WORKGROUP_SIZE;
  // vec4 when rows allow it: 16-byte gathers from both tables.
  const vectorWidth = options.vectorWidth ?? (columns % 4 === 0 ? 4 : 1);
  if (columns % vectorWidth !== 0) {
    throw new Error(`embedding: ${columns} columns are not a multiple of ${vectorWidth}`);
  }
  const width = columns / vectorWidth;
  const count = tokens * width;
  return {
    program: embeddingProgram({
      workgroupSize,
      vectorWidth,
      tables: storageEncoding(wte.dtype, options.shaderF16 ?? false),
    }),
    inputs: [ids, wte, wpe],
    outputs: [{ label: `${ids.label}/embedding`, shape: [tokens, columns], dtype: 'f32' }],
    uniforms: { count, width, vocab, positions },
    step: { positionOffset },
    workgroups: Math.ceil(count / workgroupSize),
  };
}
