/**
 * CPU references for kvAppend and attention, plain loops in double precision, with the cache
 * in the engine's layout (H, maxPositions, D) rather than reference.ts's growing (H, length, D).
 */
import { softmaxInPlace } from '../../models/reference-ops';
import type { AttentionLayout } from './layout';

/**
 * (T, 3C) → the caches (H, S, D) with rows positionOffset … positionOffset + T − 1 replaced by
 * the k and v parts of qkv, head h from columns h·D … h·D + D − 1 of its part. Returns copies.
 */
export function kvAppendRef(
  qkv: Float32Array,
  keys: Float32Array,
  values: Float32Array,
  layout: AttentionLayout,
): { keys: Float32Array; values: Float32Array } {
  const { tokens: T, heads: H, headDim: D, maxPositions: S, positionOffset: P } = layout;
  const C = H * D;
  const out = { keys: Float32Array.from(keys), values: Float32Array.from(values) };
  for (let t = 0; t < T; t++) {
    for (let h = 0; h < H; h++) {
      const to = (h * S + P + t) * D;
      const from = t * 3 * C + h * D;
      out.keys.set(qkv.subarray(from + C, from + C + D), to); // k: (T, 3C)[t, C + h·D …]
      out.values.set(qkv.subarray(from + 2 * C, from + 2 * C + D), to); // v: (T, 3C)[t, 2C + h·D …]
    }
  }
  return out;
}

/**
 * (T, 3C) for q, caches (H, S, D) → y (T, C): query t at position P + t attends to cache
 * positions 0 … P + t with softmax(q·k / √D), as reference.ts's causalSoftmaxAttention, and the
 * heads sit side by side (mergeHeads).
 */
export function attentionRef(
  qkv: Float32Array,
  keys: Float32Array,
  values: Float32Array,
  layout: AttentionLayout,
): Float64Array {
  const { tokens: T, heads: H, headDim: D, maxPositions: S, positionOffset: P } = layout;
  const C = H * D;
  const scale = 1 / Math.sqrt(D);
  const y = new Float64Array(T * C); // (T, C)
  const scores = new Float64Array(P + T); // one query's row
  for (let h = 0; h < H; h++) {
    for (let t = 0; t < T; t++) {
      const visible = P + t + 1;
      const qRow = t * 3 * C + h * D;
      for (let s = 0; s < visible; s++) {
        const kRow = (h * S + s) * D;
        let dot = 0;
        for (let i = 0; i < D; i++) dot += qkv[qRow + i]! * keys[kRow + i]!; // (D) · (D)
        scores[s] = dot * scale;
      }
      softmaxInPlace(scores, visible);
      const yRow = t * C + h * D;
      for (let s = 0; s < visible; s++) {
        const vRow = (h * S + s) * D;
        for (let i = 0; i < D; i++) y[yRow + i]! += scores[s]! * values[vRow + i]!; // (S) @ (S, D) -> (D)
      }
    }
  }
  return y;
}
