import type { GpuTensor } from '../../gpu';

/**
 * The shapes attention and the KV cache agree on, read off the tensors and checked once:
 * qkv (T, 3C) is c_attn's output, each row [q | k | v] with C = H·D; the cache tensors are
 * (H, maxPositions, D), one head's positions contiguous. Shared by kvAppend and attention so
 * both refuse the same mistakes with the same words.
 */
export interface AttentionLayout {
  /** T: new tokens, the rows of qkv. */
  readonly tokens: number;
  /** H */
  readonly heads: number;
  /** D = C / H */
  readonly headDim: number;
  /** Positions the cache tensors hold: their middle dimension. */
  readonly maxPositions: number;
  /** Cache position of the first new token: the cache already holds 0 … positionOffset − 1. */
  readonly positionOffset: number;
}

export interface HeadOptions {
  readonly heads: number;
  readonly positionOffset: number;
}

/**
 * The head dim's upper bound: vec4 lanes over D, and the decode kernel keeps one query row of
 * at most 32 vec4s in workgroup memory (the prefill kernel one row per invocation in registers).
 */
export const MAX_HEAD_DIM = 128;

export function attentionLayout(
  kernel: string,
  qkv: GpuTensor,
  keys: GpuTensor,
  values: GpuTensor,
  { heads, positionOffset }: HeadOptions,
): AttentionLayout {
  for (const t of [qkv, keys, values]) {
    if (t.dtype !== 'f32')
      throw new Error(`${kernel} takes f32 tensors, "${t.label}" is ${t.dtype}`);
  }
  if (qkv.shape.length !== 2) {
    throw new Error(`${kernel}: qkv "${qkv.label}" must be (T, 3C), got [${qkv.shape}]`);
  }
  const [tokens, qkvWidth] = qkv.shape as [number, number];
  if (!Number.isInteger(heads) || heads < 1) throw new Error(`${kernel}: bad head count ${heads}`);
  if (tokens < 1) throw new Error(`${kernel}: qkv "${qkv.label}" has no tokens`);
  if (qkvWidth % (3 * heads) !== 0) {
    throw new Error(
      `${kernel}: qkv width ${qkvWidth} is not 3·C with C a multiple of ${heads} heads`,
    );
  }
  const headDim = qkvWidth / (3 * heads);
  if (headDim % 4 !== 0 || headDim > MAX_HEAD_DIM) {
    throw new Error(`${kernel}: head dim ${headDim} must be a multiple of 4 up to ${MAX_HEAD_DIM}`);
  }
  for (const cache of [keys, values]) {
    const [h, , d] = cache.shape;
    if (cache.shape.length !== 3 || h !== heads || d !== headDim) {
      throw new Error(
        `${kernel}: cache "${cache.label}" must be (${heads}, maxPositions, ${headDim}), got [${cache.shape}]`,
      );
    }
  }
  if (keys.shape[1] !== values.shape[1]) {
    throw new Error(`${kernel}: key and value caches hold different lengths`);
  }
  const maxPositions = keys.shape[1]!;
  if (!Number.isInteger(positionOffset) || positionOffset < 0) {
    throw new Error(`${kernel}: bad position offset ${positionOffset}`);
  }
  // Writing or reading past the cache would land in the next head's rows: refuse it here,
  // since the shaders trust these bounds.
  if (positionOffset + tokens > maxPositions) {
    throw new RangeError(
      `${kernel}: positions ${positionOffset}…${positionOffset + tokens - 1} exceed the cache of ${maxPositions}`,
    );
  }
  return { tokens, heads, headDim, maxPositions, positionOffset };
}

/**
 * The uniforms both attention programs and kvAppend share, in vec4 units along D: the shape
 * only (the position offset travels in the step struct, src/gpu/step.ts).
 */
export function layoutUniforms(layout: AttentionLayout) {
  return {
    tokens: layout.tokens,
    heads: layout.heads,
    headVectors: layout.headDim / 4,
    maxPositions: layout.maxPositions,
  };
}
