/**
 * What a model's safetensors headers say before its weights are read: the exact parameter
 * count, the bytes at the precision the file stores, and the largest tensor. Shared by a hub
 * repo read by Range requests (./hub-model.ts) and a file the user dropped
 * (./checkpoint-file.ts).
 */
import type { ArchitectureConfig, Precision } from '../../scaling';
import type { StoredFacts, TensorSize } from '../source';
import { elementCount } from '../weights';
import { isMaskBuffer } from './gpt2-checkpoint';

/** safetensors' dtype names that are a precision of ours (src/scaling/precision.ts). */
const SAFETENSORS_PRECISION: Readonly<Record<string, Precision>> = Object.freeze({
  F32: 'f32',
  F16: 'f16',
  BF16: 'bf16',
});

/** The facts of one model from its headers (one a shard); `who` names it in errors. */
export function factsFromHeaders(
  who: string,
  headers: Iterable<Readonly<Record<string, unknown>>>,
  config: ArchitectureConfig,
): StoredFacts {
  const bytesByPrecision = new Map<Precision, number>();
  let largest: TensorSize | null = null;
  let params = 0;
  for (const header of headers) {
    for (const [name, entry] of Object.entries(header)) {
      // GPT-2's causal-mask buffers are saved in older exports but are no parameters.
      if (name === '__metadata__' || isMaskBuffer(name)) continue;
      const info = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
      params += elementCount(info.shape);
      const precision = SAFETENSORS_PRECISION[info.dtype];
      if (!precision) throw new Error(`${who}: ${name} is ${info.dtype}, not a float precision`);
      const bytes = info.data_offsets[1] - info.data_offsets[0];
      bytesByPrecision.set(precision, (bytesByPrecision.get(precision) ?? 0) + bytes);
      if (!largest || bytes > largest.bytes) largest = { name, bytes };
    }
  }
  // The file's precision is the one (nearly) all its bytes are in; vectors kept wider are
  // counted with it, as our engines count their f32 biases inside an f16 model.
  const [stored] = [...bytesByPrecision.entries()].sort((a, b) => b[1] - a[1]);
  if (!stored || !largest) throw new Error(`${who}: its safetensors hold no tensor`);
  const totalBytes = [...bytesByPrecision.values()].reduce((a, b) => a + b, 0);
  return {
    params,
    config,
    contextLength: config.contextLength,
    vocabSize: config.vocabSize,
    weightBytes: { [stored[0]]: totalBytes },
    largestTensor: { [stored[0]]: largest },
  };
}
