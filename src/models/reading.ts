/**
 * What a reader of headers (safetensors, GGUF, ONNX; on a hub or in a file of the user's)
 * hands back: every tensor as stored — its dtype in the file's own vocabulary (`F16`, `Q4_K`,
 * `FLOAT16`), shape, elements and exact bytes — and the StoredFacts (./source.ts) the bench's
 * preflight and <ps-predict> read, made from those rows in one place.
 */
import type { ArchitectureConfig, Precision } from '../scaling';
import type { FileModel, HubModel, StoredFacts, TensorSize } from './source';

export interface TensorRow {
  readonly name: string;
  /** The dtype as the file names it. */
  readonly dtype: string;
  /** The precision of ours it is nearest to; null where none is (I64, Q6_K, …). */
  readonly precision: Precision | null;
  readonly shape: readonly number[];
  readonly params: number;
  readonly bytes: number;
}

export interface DtypeTotal {
  readonly params: number;
  readonly bytes: number;
}

export interface ModelReading {
  readonly model: HubModel | FileModel;
  /** Bytes read to know all this: the cost of asking. */
  readonly bytesRead: number;
  readonly tensors: readonly TensorRow[];
  /** Parameters and bytes per dtype as stored, in the file's own dtype names. */
  readonly byDtype: Readonly<Record<string, DtypeTotal>>;
}

/** Parameters and bytes per stored dtype. */
export function totalsByDtype(rows: readonly TensorRow[]): Record<string, DtypeTotal> {
  const totals: Record<string, DtypeTotal> = {};
  for (const { dtype, params, bytes } of rows) {
    const seen = totals[dtype] ?? { params: 0, bytes: 0 };
    totals[dtype] = { params: seen.params + params, bytes: seen.bytes + bytes };
  }
  return totals;
}

/**
 * The facts a set of stored tensors gives. The file's precision is the one most of its bytes
 * are in, and every byte is counted under it — a mixed file (f32 norms in an f16 model, Q6_K
 * output beside Q4_K blocks) is held as a whole, as our engines count their f32 biases inside
 * an f16 model. A file whose bytes are mostly in none of our precisions publishes none.
 */
export function factsFromTensors(
  what: string,
  rows: readonly TensorRow[],
  shape: {
    readonly config: ArchitectureConfig | null;
    readonly contextLength: number;
    readonly vocabSize: number;
  },
): StoredFacts {
  if (rows.length === 0) throw new Error(`${what}: holds no tensor`);
  const bytesByPrecision = new Map<Precision | null, number>();
  for (const { precision, bytes } of rows) {
    bytesByPrecision.set(precision, (bytesByPrecision.get(precision) ?? 0) + bytes);
  }
  const [top] = [...bytesByPrecision.entries()].sort((a, b) => b[1] - a[1]);
  // Most bytes in no precision of ours (uint8-packed ONNX, Q6_K): no exact figure to key.
  const stored = top?.[0] ? ([top[0], top[1]] as const) : null;
  let largest: TensorSize = { name: rows[0]!.name, bytes: rows[0]!.bytes };
  for (const { name, bytes } of rows) if (bytes > largest.bytes) largest = { name, bytes };
  const totalBytes = rows.reduce((sum, r) => sum + r.bytes, 0);
  return {
    params: rows.reduce((sum, r) => sum + r.params, 0),
    ...shape,
    weightBytes: stored ? { [stored[0]]: totalBytes } : {},
    largestTensor: stored ? { [stored[0]]: largest } : {},
  };
}
