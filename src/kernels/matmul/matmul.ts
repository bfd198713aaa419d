import {
  bakeWgsl,
  defineUniforms,
  elementCount,
  type GpuTensor,
  type KernelCall,
  type Program,
} from '../../gpu';
import { encodingNeeds, storageEncoding } from '../storage';
import accessTemplate from './access.wgsl?raw';
import {
  bindingsWgsl,
  inputCount,
  layoutKey,
  type MatmulActivation,
  type MatmulLayout,
} from './bindings';
import matvecTemplate from './matvec.wgsl?raw';
import naiveTemplate from './naive.wgsl?raw';
import { checkQuantizedWeight, isQuantizedWeight, type QuantizedWeight } from './quantized';
import tiledTemplate from './tiled.wgsl?raw';

export type { MatmulActivation, MatmulLayout } from './bindings';
export type { QuantizedWeight } from './quantized';

/**
 * The matmul kernels, side by side as llm.c keeps kernel1..N; `variant` forces one (tests,
 * benchmarks), otherwise `matvec` serves M = 1 and `tiled` everything else.
 * - naive: one invocation per output, the readable baseline.
 * - tiled: shared-memory tiles, a 4-column register block per invocation, vec4 loads.
 * - matvec: one row of A at a time, K split across the workgroup (decode, the LM head).
 */
export type MatmulVariant = 'naive' | 'tiled' | 'matvec';
export const MATMUL_VARIANTS: readonly MatmulVariant[] = ['naive', 'tiled', 'matvec'];

/** Tiling knobs, for tests and benchmarks; each has a default that suits GPT-2's shapes. */
export interface MatmulTuning {
  /** naive and matvec: invocations per workgroup (default 64). */
  readonly workgroupSize?: number;
  /**
   * tiled: invocations along N and along M. Default [8, 8] with 4 rows each (32×32 tiles);
   * for M ≤ 8, [16, 4] with 2 rows (8×64 tiles), so a short prompt does not waste most of a
   * tile (on SwiftShader it halved a 7-token LM head).
   */
  readonly workgroup?: readonly [x: number, y: number];
  /** tiled: rows of each invocation's register block, whose columns are one vec4. */
  readonly rowsPerThread?: number;
  /** tiled: K per shared tile, a multiple of 4 (default 32). */
  readonly tileK?: number;
  /**
   * matvec: invocations splitting K per group of 4 outputs, a divisor of the workgroup size.
   * A uniform, not a compile-time constant; by default chosen from the shape (matvecSplit).
   */
  readonly splitK?: number;
  /**
   * matvec: invocations the default splitK aims for (default 16384, sized for a discrete
   * GPU). A software adapter prefers few: on SwiftShader, 1 (no split) ran GPT-2's decode
   * matvecs (c_attn, c_proj) up to 3× faster than the default.
   */
  readonly matvecInvocations?: number;
  /**
   * 1 forces scalar loads and stores; 4 (default) uses vec4 rows along K where K % 4 == 0 and
   * along N where N % 4 == 0, scalars otherwise.
   */
  readonly vectorWidth?: 1 | 4;
}

export interface MatmulOptions extends MatmulTuning {
  /** (N): added before the activation. */
  readonly bias?: GpuTensor;
  /** Output-shaped: added after the activation — the transformer's residual connection. */
  readonly residual?: GpuTensor;
  readonly activation?: MatmulActivation;
  /** `b` is (N, K) row-major — x @ wteᵀ for the tied LM head — instead of (K, N). */
  readonly transposeB?: boolean;
  readonly variant?: MatmulVariant;
  /** The output's label (default `"<a>@<b>"`). */
  readonly label?: string;
  /**
   * The device has `shader-f16`: an f16 `b` is read as f16, not as packed words (the same
   * bytes and values either way; see ../storage.ts).
   */
  readonly shaderF16?: boolean;
}

/** Floating-point operations of an (M, K) @ (K, N) product, a multiply and an add per term. */
export const matmulFlops = (M: number, N: number, K: number) => 2 * M * N * K;

// `split` is matvec's K split (matvec.wgsl); the other variants ignore it and get 1.
const fields = { M: 'u32', N: 'u32', K: 'u32', split: 'u32' } as const;
const uniforms = defineUniforms(fields);
type Fields = typeof fields;

/**
 * Shared memory every device offers (WebGPU's default maxComputeWorkgroupStorageSize), and
 * invocations (maxComputeInvocationsPerWorkgroup): tunings stay within both, so a pipeline
 * that compiles here compiles everywhere.
 */
const WORKGROUP_STORAGE_BYTES = 16_384;
const WORKGROUP_INVOCATIONS = 256;

// Cache keys below hold the layout (layoutKey) and the tiling: both fixed at compile time.
// M, N and K are uniforms, so one pipeline serves every model size. (The tiled default picks
// one of two tilings by M ≤ 8: a class of prompt length, and still no shape in the key.)

/**
 * The WGSL of a variant for a layout, built when called (a pipeline-cache miss), and the
 * device features that WGSL needs.
 */
function bake(template: string, layout: MatmulLayout, constants: Record<string, number>) {
  const { bEncoding } = layout;
  const { enables, features } = encodingNeeds(typeof bEncoding === 'string' ? [bEncoding] : []);
  const wgsl = () =>
    bakeWgsl(
      `${template}\n${accessTemplate}`,
      uniforms,
      { ...constants, bindings: bindingsWgsl(layout) },
      enables,
    );
  return { wgsl, features };
}

/** naive: scalar bindings whatever the shape — it is the baseline, not a fast path. */
export function matmulNaiveProgram(layout: MatmulLayout, workgroupSize = 64): Program<Fields> {
  const scalar: MatmulLayout = { ...layout, kVector: 1, nVector: 1 };
  checkInvocations(workgroupSize);
  return {
    name: 'matmul.naive',
    cacheKey: `matmul.naive/${layoutKey(scalar)}/wg${workgroupSize}`,
    ...bake(naiveTemplate, scalar, { workgroupSize }),
    uniforms,
    inputs: inputCount(layout),
    outputs: 1,
  };
}

export interface TiledShape {
  readonly workgroupX: number;
  readonly workgroupY: number;
  readonly rowsPerThread: number;
  readonly tileK: number;
}

/** The output block one workgroup of the tiled variant computes. */
export const tiledTile = (t: TiledShape) => ({
  rows: t.workgroupY * t.rowsPerThread,
  cols: t.workgroupX * 4,
});

export function matmulTiledProgram(layout: MatmulLayout, shape: TiledShape): Program<Fields> {
  const { workgroupX, workgroupY, rowsPerThread, tileK } = shape;
  checkInvocations(workgroupX * workgroupY);
  if (!Number.isInteger(rowsPerThread) || rowsPerThread < 1) {
    throw new RangeError(`matmul.tiled: rowsPerThread ${rowsPerThread} must be a positive integer`);
  }
  if (!Number.isInteger(tileK) || tileK < 4 || tileK % 4 !== 0) {
    throw new RangeError(`matmul.tiled: tileK ${tileK} must be a positive multiple of 4`);
  }
  const tile = tiledTile(shape);
  // tiled.wgsl's two arrays, in vec4: A tile rows padded by one vector, B tile as is.
  const sharedBytes = 16 * (tile.rows * (tileK / 4 + 1) + tileK * workgroupX);
  if (sharedBytes > WORKGROUP_STORAGE_BYTES) {
    throw new RangeError(
      `matmul.tiled: a ${tile.rows}×${tile.cols}×${tileK} tile needs ${sharedBytes} bytes of ` +
        `workgroup memory, more than the ${WORKGROUP_STORAGE_BYTES} every device has`,
    );
  }
  return {
    name: 'matmul.tiled',
    cacheKey: `matmul.tiled/${layoutKey(layout)}/wg${workgroupX}x${workgroupY}/r${rowsPerThread}/k${tileK}`,
    ...bake(tiledTemplate, layout, { workgroupX, workgroupY, rowsPerThread, tileK }),
    uniforms,
    inputs: inputCount(layout),
    outputs: 1,
  };
}

export function matmulMatvecProgram(layout: MatmulLayout, workgroupSize = 64): Program<Fields> {
  checkInvocations(workgroupSize);
  return {
    name: 'matmul.matvec',
    cacheKey: `matmul.matvec/${layoutKey(layout)}/wg${workgroupSize}`,
    ...bake(matvecTemplate, layout, { workgroupSize }),
    uniforms,
    inputs: inputCount(layout),
    outputs: 1,
  };
}

function checkInvocations(count: number) {
  if (!Number.isInteger(count) || count < 1 || count > WORKGROUP_INVOCATIONS) {
    throw new RangeError(`matmul: ${count} invocations per workgroup, not in 1…256`);
  }
}

/**
 * Invocations a matvec launch aims for by default: enough loads in flight to keep a GPU's
 * memory busy (bandwidth × latency is a few MB on a large one; an invocation has 64 bytes of
 * B in flight per step), so that narrow outputs split K wider.
 */
const MATVEC_INVOCATIONS = 16_384;

/**
 * The K split of a matvec: the smallest power of two whose `rows · ⌈N/4⌉ · split`
 * invocations reach `target`, but at most the workgroup (whole groups per workgroup), and
 * small enough that each invocation still takes two steps of four k.
 */
export function matvecSplit(
  rows: number,
  N: number,
  K: number,
  workgroupSize: number,
  target = MATVEC_INVOCATIONS,
): number {
  const groups = rows * Math.ceil(N / 4);
  let split = 1;
  while (workgroupSize % (split * 2) === 0 && groups * split < target && split * 2 * 8 <= K) {
    split *= 2;
  }
  return split;
}

/**
 * out = residual + act(a @ B + bias), f32 arithmetic.
 *
 *   a (…, K) — leading axes flattened into M rows; (K) is one row
 *   b (K, N), or (N, K) with `transposeB` — B is b or bᵀ; f32, or f16 weights; or a
 *     QuantizedWeight (K, N) in q8/q4 blocks (./quantized.ts), dequantised as it is read
 *   bias (N), residual (…, N) of the output's shape
 *   -> out (…, N)
 *
 * Inputs bind in the order a, b, [b's scales], [bias], [residual].
 */
export function matmul(
  a: GpuTensor,
  b: GpuTensor | QuantizedWeight,
  options: MatmulOptions = {},
): KernelCall<Fields> {
  const { bias, residual, vectorWidth } = options;
  for (const t of [a, bias, residual]) {
    if (t && t.dtype !== 'f32')
      throw new Error(`matmul takes f32 tensors, "${t.label}" is ${t.dtype}`);
  }
  const B = operandB(b, options);
  if (a.shape.length < 1) throw new Error(`matmul: a [${a.shape}] needs a last axis`);
  const K = a.shape.at(-1)!;
  const M = elementCount(a.shape.slice(0, -1));
  if (B.K !== K) {
    throw new Error(`matmul: a [${a.shape}] and b ${B.describe} disagree on K`);
  }
  const { N } = B;
  const outShape = [...a.shape.slice(0, -1), N];
  if (bias && elementCount(bias.shape) !== N) {
    throw new Error(`matmul: bias "${bias.label}" [${bias.shape}] does not have ${N} elements`);
  }
  if (residual && residual.shape.join() !== outShape.join()) {
    throw new Error(`matmul: residual [${residual.shape}] is not the output's [${outShape}]`);
  }
  if (M === 0 || N === 0 || K === 0) throw new Error('matmul: empty operand');

  const vectorAllowed = vectorWidth !== 1;
  const layout: MatmulLayout = {
    transposeB: B.transposed,
    kVector: vectorAllowed && K % 4 === 0 ? 4 : 1,
    nVector: vectorAllowed && N % 4 === 0 ? 4 : 1,
    hasBias: bias !== undefined,
    hasResidual: residual !== undefined,
    activation: options.activation ?? 'none',
    bEncoding: B.encoding,
  };
  const variant = options.variant ?? (M === 1 ? 'matvec' : 'tiled');
  const { program, workgroups, split } = plan(variant, layout, { M, N, K }, options);
  return {
    program,
    inputs: [a, ...B.tensors, ...(bias ? [bias] : []), ...(residual ? [residual] : [])],
    outputs: [{ label: options.label ?? `${a.label}@${B.label}`, shape: outShape, dtype: 'f32' }],
    uniforms: { M, N, K, split },
    workgroups,
  };
}

/** What matmul needs to know of B, whichever way it is stored. */
function operandB(b: GpuTensor | QuantizedWeight, options: MatmulOptions) {
  if (isQuantizedWeight(b)) {
    checkQuantizedWeight(b);
    if (options.transposeB) {
      throw new Error(`matmul: a quantised b "${b.values.label}" is (K, N), never transposed`);
    }
    const { bits, blockSize, K, N } = b;
    return {
      K,
      N,
      // Stored column by column: a transposed B whose rows are whole blocks.
      transposed: true,
      encoding: { bits, blockSize },
      tensors: [b.values, b.scales],
      label: b.values.label,
      describe: `"${b.values.label}" (K, N) = (${K}, ${N}) q${bits}`,
    };
  }
  const transposed = options.transposeB ?? false;
  if (b.dtype !== 'f32' && b.dtype !== 'f16') {
    throw new Error(`matmul: b "${b.label}" must be f32 or f16, is ${b.dtype}`);
  }
  if (b.shape.length !== 2) throw new Error(`matmul: b [${b.shape}] must be a matrix`);
  const [rows, cols] = b.shape as [number, number];
  return {
    K: transposed ? cols : rows,
    N: transposed ? rows : cols,
    transposed,
    encoding: storageEncoding(b.dtype, options.shaderF16 ?? false),
    tensors: [b],
    label: b.label,
    describe: `[${b.shape}] ${transposed ? '(N, K)' : '(K, N)'}`,
  };
}

function plan(
  variant: MatmulVariant,
  layout: MatmulLayout,
  { M, N, K }: { M: number; N: number; K: number },
  tuning: MatmulTuning,
): { program: Program<Fields>; workgroups: number; split: number } {
  switch (variant) {
    case 'naive': {
      const workgroupSize = tuning.workgroupSize ?? 64;
      return {
        program: matmulNaiveProgram(layout, workgroupSize),
        workgroups: Math.ceil((M * N) / workgroupSize),
        split: 1,
      };
    }
    case 'tiled': {
      const few = M <= 8;
      const [workgroupX, workgroupY] = tuning.workgroup ?? (few ? [16, 4] : [8, 8]);
      const shape = {
        workgroupX,
        workgroupY,
        rowsPerThread: tuning.rowsPerThread ?? (few ? 2 : 4),
        tileK: tuning.tileK ?? 32,
      };
      const tile = tiledTile(shape);
      return {
        program: matmulTiledProgram(layout, shape),
        workgroups: Math.ceil(M / tile.rows) * Math.ceil(N / tile.cols),
        split: 1,
      };
    }
    case 'matvec': {
      const workgroupSize = tuning.workgroupSize ?? 64;
      const split = tuning.splitK ?? matvecSplit(M, N, K, workgroupSize, tuning.matvecInvocations);
      // Whole groups per workgroup.
      if (!Number.isInteger(split) || split < 1 || workgroupSize % split !== 0) {
        throw new RangeError(
          `matmul.matvec: splitK ${split} does not divide workgroupSize ${workgroupSize}`,
        );
      }
      const outputsPerWorkgroup = (workgroupSize / split) * 4;
      return {
        program: matmulMatvecProgram(layout, workgroupSize),
        workgroups: M * Math.ceil(N / outputsPerWorkgroup),
        split,
      };
    }
  }
}
