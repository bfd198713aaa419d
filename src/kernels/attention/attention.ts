import {
  bakeWgsl,
  defineUniforms,
  type GpuTensor,
  type KernelCall,
  type Program,
  STEP_UNIFORMS,
} from '../../gpu';
import decodeTemplate from './attention-decode.wgsl?raw';
import prefillTemplate from './attention-prefill.wgsl?raw';
import { attentionLayout, type HeadOptions, layoutUniforms, MAX_HEAD_DIM } from './layout';

// The engine encodes kvAppend right before attention: one import for the pair.
export { type KvAppendOptions, kvAppend, kvAppendProgram } from './kv-append';

// Both programs take one uniform layout: the prefill shader derives its query-tile count
// from `tokens`, the decode shader needs nothing more. The position offset, which changes
// every step, is in the step struct (src/gpu/step.ts).
const fields = {
  tokens: 'u32',
  heads: 'u32',
  headVectors: 'u32',
  maxPositions: 'u32',
  /** 1/√D · log2(e): softmax's temperature, and the base change that lets the shaders use exp2. */
  scale: 'f32',
} as const;
const uniforms = defineUniforms(fields);

/**
 * The workgroup memory every program here stays within: the WebGPU spec's guaranteed minimum
 * of maxComputeWorkgroupStorageSize, so the kernels run on any adapter without a limit check.
 * (SwiftShader offers 32 KiB, most desktop GPUs 32 KiB too.)
 */
export const WORKGROUP_STORAGE_BYTES = 16_384;
/** The spec's minimum maxComputeInvocationsPerWorkgroup. */
const MAX_INVOCATIONS = 256;

/** Compile-time shape of the prefill program; all of it goes in the cache key. */
export interface PrefillTiling {
  /** Queries per workgroup. */
  readonly queryTile: number;
  /** Invocations per query, each with its own share of the keys (merged at the end). */
  readonly keyLanes: number;
  /** K and V rows staged in workgroup memory at a time; a multiple of keyLanes. */
  readonly keyTile: number;
  /** D rounded up to a register capacity (32, 64 or 128): the unrolled length of q and acc. */
  readonly headDimCapacity: number;
}

/** Compile-time shape of the decode program; all of it goes in the cache key. */
export interface DecodeTiling {
  /** Invocations serving one query: a power of two, at least 32 (one per vec4 of D ≤ 128). */
  readonly workgroupSize: number;
  /** Scores held in workgroup memory at a time; longer caches run in several chunks. */
  readonly chunk: number;
}

export type AttentionVariant = 'prefill' | 'decode';

export interface AttentionOptions extends HeadOptions {
  /** Force a program (tests, benchmarks); by default prefill for T > 1, decode for T = 1. */
  readonly variant?: AttentionVariant;
  readonly prefill?: Partial<PrefillTiling>;
  readonly decode?: Partial<DecodeTiling>;
}

/** Smallest register capacity that holds D: 32 for the small ladder models, 64 for GPT-2. */
export function headDimCapacity(headDim: number): number {
  const capacity = [32, 64, MAX_HEAD_DIM].find((c) => headDim <= c);
  if (capacity === undefined) throw new Error(`head dim ${headDim} exceeds ${MAX_HEAD_DIM}`);
  return capacity;
}

/**
 * Defaults: 16 queries × 4 key lanes = 64 invocations (a multiple of every SIMD width), four
 * times the workgroups of one invocation per query, which matters for prompts of a few hundred
 * tokens that would otherwise fill few of a GPU's cores. The key tile fills the 16 KiB:
 * 2 · keyTile · capacity · 4 bytes, so 64, 32 or 16 rows for D ≤ 32, 64, 128.
 */
export function prefillTiling(
  headDim: number,
  overrides: Partial<PrefillTiling> = {},
): PrefillTiling {
  const capacity = overrides.headDimCapacity ?? headDimCapacity(headDim);
  const tiling = {
    queryTile: overrides.queryTile ?? 16,
    keyLanes: overrides.keyLanes ?? 4,
    keyTile: overrides.keyTile ?? WORKGROUP_STORAGE_BYTES / (2 * 4 * capacity),
    headDimCapacity: capacity,
  };
  checkPrefillTiling(tiling, headDim);
  return tiling;
}

function checkPrefillTiling(tiling: PrefillTiling, headDim: number): void {
  const { queryTile, keyLanes, keyTile, headDimCapacity: capacity } = tiling;
  const name = `prefill tiling ${JSON.stringify(tiling)}`;
  for (const [key, value] of Object.entries(tiling)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: bad ${key}`);
  }
  if (capacity % 4 !== 0 || capacity < headDim) {
    throw new Error(`${name}: capacity must be a multiple of 4 holding D = ${headDim}`);
  }
  if (keyTile % keyLanes !== 0) throw new Error(`${name}: keyTile is not a multiple of keyLanes`);
  if (queryTile * keyLanes > MAX_INVOCATIONS) {
    throw new Error(`${name}: more than ${MAX_INVOCATIONS} invocations per workgroup`);
  }
  const bytes = prefillStorageBytes(tiling);
  if (bytes > WORKGROUP_STORAGE_BYTES) {
    throw new Error(
      `${name}: ${bytes} bytes of workgroup memory exceed ${WORKGROUP_STORAGE_BYTES}`,
    );
  }
  // The lanes' merge puts (m, l) and a row of acc per query in the tile array.
  if (keyLanes > 1 && queryTile * (capacity / 4 + 1) > (2 * keyTile * capacity) / 4) {
    throw new Error(`${name}: the key tile is too small to merge ${queryTile} queries' lanes`);
  }
}

/** Workgroup memory of the prefill program: one tile of K and one of V. */
export const prefillStorageBytes = (tiling: PrefillTiling) =>
  2 * tiling.keyTile * tiling.headDimCapacity * 4;

/**
 * Defaults: 256 invocations per query — decode launches only H workgroups, so each needs many
 * loads in flight to stream a long cache — and one chunk for any cache of GPT-2's 1024 positions.
 */
export function decodeTiling(overrides: Partial<DecodeTiling> = {}): DecodeTiling {
  const tiling = {
    workgroupSize: overrides.workgroupSize ?? 256,
    chunk: overrides.chunk ?? 1024,
  };
  const { workgroupSize, chunk } = tiling;
  const name = `decode tiling ${JSON.stringify(tiling)}`;
  // Power of two for the tree reduction; ≥ 32 so D/4 ≤ 32 invocations can load q and write y.
  if (!Number.isInteger(Math.log2(workgroupSize)) || workgroupSize < 32) {
    throw new Error(`${name}: workgroupSize must be a power of two ≥ 32`);
  }
  if (workgroupSize > MAX_INVOCATIONS) {
    throw new Error(`${name}: more than ${MAX_INVOCATIONS} invocations per workgroup`);
  }
  if (!Number.isInteger(chunk) || chunk < 1) throw new Error(`${name}: bad chunk`);
  const bytes = decodeStorageBytes(tiling);
  if (bytes > WORKGROUP_STORAGE_BYTES) {
    throw new Error(
      `${name}: ${bytes} bytes of workgroup memory exceed ${WORKGROUP_STORAGE_BYTES}`,
    );
  }
  return tiling;
}

/** Workgroup memory of the decode program: q, the scores, and the two reduction arrays. */
export const decodeStorageBytes = (tiling: DecodeTiling) =>
  (MAX_HEAD_DIM / 4) * 16 + tiling.chunk * 4 + tiling.workgroupSize * (4 + 16);

export function attentionPrefillProgram(tiling: PrefillTiling): Program<typeof fields> {
  const { queryTile, keyLanes, keyTile, headDimCapacity: capacity } = tiling;
  return {
    name: 'attention.prefill',
    cacheKey: `attention.prefill/q${queryTile}/lanes${keyLanes}/k${keyTile}/d${capacity}`,
    wgsl: () =>
      bakeWgsl(prefillTemplate, uniforms, {
        queryTile,
        keyLanes,
        keyTile,
        headVectors: capacity / 4,
        step: STEP_UNIFORMS.wgsl,
      }),
    uniforms,
    inputs: 3,
    outputs: 1,
    readsStep: true,
  };
}

export function attentionDecodeProgram(tiling: DecodeTiling): Program<typeof fields> {
  const { workgroupSize, chunk } = tiling;
  return {
    name: 'attention.decode',
    cacheKey: `attention.decode/wg${workgroupSize}/chunk${chunk}`,
    wgsl: () =>
      bakeWgsl(decodeTemplate, uniforms, {
        workgroupSize,
        chunk,
        maxHeadVectors: MAX_HEAD_DIM / 4,
        step: STEP_UNIFORMS.wgsl,
      }),
    uniforms,
    inputs: 3,
    outputs: 1,
    readsStep: true,
  };
}

/**
 * Causal multi-head self-attention over the KV cache: y (T, C), where query t — at cache
 * position positionOffset + t — attends to positions 0 … positionOffset + t with
 * softmax(q·k / √D), and head h fills columns h·D … h·D + D − 1 (GPT-2's merge of heads).
 *
 * Inputs: qkv (T, 3C), c_attn's output (q is read from it), and the layer's caches
 * (H, maxPositions, D) holding positions 0 … positionOffset + T − 1 — encode `kvAppend` for
 * these tokens first, in the same encoder. Cache positions past positionOffset + T − 1 are
 * never read.
 */
export function attention(
  qkv: GpuTensor,
  keys: GpuTensor,
  values: GpuTensor,
  options: AttentionOptions,
): KernelCall<typeof fields> {
  const layout = attentionLayout('attention', qkv, keys, values, options);
  const { tokens, heads, headDim } = layout;
  const variant = options.variant ?? (tokens === 1 ? 'decode' : 'prefill');
  const common = {
    inputs: [qkv, keys, values],
    outputs: [{ label: `${qkv.label}/attention`, shape: [tokens, heads * headDim], dtype: 'f32' }],
    uniforms: { ...layoutUniforms(layout), scale: Math.LOG2E / Math.sqrt(headDim) },
    step: { positionOffset: layout.positionOffset },
  } as const;
  if (variant === 'decode') {
    return {
      ...common,
      program: attentionDecodeProgram(decodeTiling(options.decode)),
      workgroups: tokens * heads,
    };
  }
  const tiling = prefillTiling(headDim, options.prefill);
  return {
    ...common,
    program: attentionPrefillProgram(tiling),
    workgroups: Math.ceil(tokens / tiling.queryTile) * heads,
  };
}
