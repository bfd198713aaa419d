/**
 * ResultRecord, schema 1: one measurement of one model on one engine. The contract of
 * exports, imports, events (`ps-result`) and the bench CLI — documented in docs/results.md;
 * a change that breaks a reader bumps `schema`.
 */

import { ENGINE_IDS } from '../engines/registry';
import { PRECISIONS } from '../scaling';
import { z } from '../scaling/zod';

const spread = z.object({
  /** Timed runs summarised. */
  n: z.number().int().positive(),
  median: z.number().nonnegative(),
  p10: z.number().nonnegative(),
  p90: z.number().nonnegative(),
  /** Coefficient of variation (sample sd / mean). */
  cv: z.number().nonnegative(),
});

const deviceDescription = z.object({
  vendor: z.string(),
  architecture: z.string(),
  device: z.string(),
  description: z.string(),
  isFallbackAdapter: z.boolean(),
  features: z.array(z.string()),
  limits: z.record(z.string(), z.number()),
});

export const resultRecordSchema = z.object({
  schema: z.literal(1),
  /** Preset id (`gpt2-124m`), hub id or file name. */
  model: z.string().min(1),
  /** Exact parameter count from countParams (or counted from the file's tensors). */
  params: z.number().int().positive(),
  engine: z.enum(ENGINE_IDS),
  /** The execution provider that really ran every node, e.g. `webgpu`, `wasm`, `webgpu+wasm`. */
  provider: z.string().min(1),
  /** How the engine held the weights: a precision of src/scaling/precision.ts (docs/results.md). */
  dtype: z.enum(PRECISIONS),
  promptTokens: z.number().int().positive(),
  decodeTokens: z.number().int().nonnegative(),
  /** Weights to a ready session or engine, download excluded. */
  loadMs: z.number().nonnegative(),
  /** The first prefill on its own: it includes shader compilation. */
  firstRunMs: z.number().nonnegative(),
  prefillMs: spread,
  decodeMsPerToken: spread.nullable(),
  /** 1000 / median decode ms per token. */
  tokensPerSecond: z.number().positive().nullable(),
  /** Measured: the peak of the bytes this engine allocated on the GPU; null when unknowable. */
  peakGpuBytes: z.number().int().nonnegative().nullable(),
  /** Bytes of the weights as loaded. */
  weightBytes: z.number().int().nonnegative(),
  /** ESTIMATE of weights + KV cache + activations, from src/scaling: not a measurement. */
  estimatedBytes: z.number().nonnegative(),
  device: deviceDescription.nullable(),
  browser: z.string(),
  /** ISO 8601 time the measurement finished. */
  time: z.string().datetime(),
  /**
   * e.g. `unstable-prefill` (cv over the threshold), `tab-hidden`, `software-adapter`,
   * `f16-packed` (f16 weights read as packed u32 words: no `shader-f16`).
   */
  flags: z.array(z.string()),
  /**
   * Where a checkpoint was also run on another implementation of the same weights (our
   * engine against transformers.js, src/bench/cross-check.ts): what it was held against, the
   * greedy steps compared, whether every token agreed and the largest logit difference.
   */
  crossCheck: z
    .object({
      against: z.string().min(1),
      steps: z.number().int().positive(),
      sameTokens: z.boolean(),
      /** null where a side gave no comparable logits (JSON has no infinity). */
      maxAbsDiff: z.number().nonnegative().nullable(),
      tolerance: z.number().positive(),
      pass: z.boolean(),
    })
    .optional(),
  /** Where a model that is not generated in the page came from (a hub repo); absent otherwise. */
  source: z
    .object({
      kind: z.literal('hub'),
      hub: z.string(),
      repo: z.string(),
      revision: z.string(),
      /** The ONNX file that ran. */
      file: z.string().nullable(),
      /** The download, timed apart from load; cache reads included. */
      downloadMs: z.number().nonnegative().nullable(),
      downloadBytes: z.number().int().nonnegative().nullable(),
      /** Every file came from the browser's cache. */
      fromCache: z.boolean().nullable(),
    })
    .optional(),
  /** The library and ORT build that really ran (`transformers.js 4.3.2, onnxruntime-web … (JSEP)`). */
  runtime: z.string().optional(),
});

export type ResultRecord = z.infer<typeof resultRecordSchema>;

/** Parses records from JSON text, with an error that says which record and field is wrong. */
export function parseResults(json: string): ResultRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`);
  }
  const list = z.array(resultRecordSchema).safeParse(Array.isArray(data) ? data : [data]);
  if (!list.success) {
    const issue = list.error.issues[0]!;
    throw new Error(
      `not a paramscope result (schema 1): ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  return list.data;
}
