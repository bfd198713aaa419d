/** Shared set-up of the attention tests: host data in the engine's layouts, one step on the GPU. */
import type { GpuTensor } from '../../gpu';
import { type GpuRig, seededFloats } from '../../gpu/testing/rig';
import { type AttentionOptions, attention, kvAppend } from './attention';
import type { AttentionLayout } from './layout';

/** (T, 3C) c_attn output: [q | k | v] rows in ±1, q scaled by `queryScale` (±100 stresses softmax). */
export function hostQkv(tokens: number, width: number, seed: number, queryScale = 1): Float32Array {
  const qkv = seededFloats(tokens * 3 * width, seed);
  for (let t = 0; t < tokens; t++) {
    for (let c = 0; c < width; c++) qkv[t * 3 * width + c]! *= queryScale;
  }
  return qkv;
}

/**
 * A cache (H, S, D) whose positions 0 … filled − 1 hold values in ±1 and the rest `garbage`
 * (NaN by default: one stray read of it would poison the output).
 */
export function hostCache(
  heads: number,
  maxPositions: number,
  headDim: number,
  filled: number,
  seed: number,
  garbage = Number.NaN,
): Float32Array {
  const cache = seededFloats(heads * maxPositions * headDim, seed);
  for (let h = 0; h < heads; h++) {
    cache.fill(garbage, (h * maxPositions + filled) * headDim, (h + 1) * maxPositions * headDim);
  }
  return cache;
}

/** Rows first … first + count − 1 of a (T, width) matrix. */
export const rows = (x: Float32Array, width: number, first: number, count: number) =>
  x.slice(first * width, (first + count) * width);

export const layoutOf = (
  tokens: number,
  heads: number,
  headDim: number,
  maxPositions: number,
  positionOffset: number,
): AttentionLayout => ({ tokens, heads, headDim, maxPositions, positionOffset });

/**
 * One attention step as the engine encodes it: kvAppend into the caches, then attention, in one
 * encoder and one submit. Returns y (T, C) on the host; the caches keep the new tokens.
 */
export async function appendAndAttend(
  rig: GpuRig,
  qkv: GpuTensor,
  keys: GpuTensor,
  values: GpuTensor,
  options: AttentionOptions,
): Promise<Float32Array> {
  const { runner } = rig;
  const encoder = rig.device.createCommandEncoder({ label: 'attention step' });
  runner.encode(encoder, kvAppend(qkv, keys, values, options), { outputs: [keys, values] });
  const [y] = runner.encode(encoder, attention(qkv, keys, values, options));
  runner.submit(encoder);
  await runner.checked();
  const out = await runner.read(y!);
  runner.release(y!);
  return out as Float32Array;
}
