/**
 * Inference memory: bytes per number format, weights (with quantisation scales), the KV cache
 * and an estimate of activations.
 *
 * Units: GB = 10⁹ bytes (what GPU datasheets and the tables in the explainers use), GiB = 2³⁰
 * bytes (what operating systems and CUDA report). Every function here returns plain bytes;
 * convert with BYTES_PER_GB or BYTES_PER_GIB and say which.
 */
import { type ArchitectureConfig, headDim, kvHeadCount } from './config';
import { countParams } from './params';
import { PRECISION, type Precision, packedBytes, storageBytes } from './precision';

/** 1 GB = 10⁹ bytes (SI), the unit of GPU datasheets. */
export const BYTES_PER_GB = 1e9;
/** 1 GiB = 2³⁰ bytes (binary), the unit nvidia-smi and browsers report. */
export const BYTES_PER_GIB = 2 ** 30;

/**
 * Group-wise quantisation as the calculator states it: every `groupSize` consecutive weights
 * share one scale (and, for asymmetric schemes, one zero point stored like a scale); the
 * precision table (./precision.ts) holds the defaults.
 */
export interface QuantizationOptions {
  /** Weights per scale. Default: 128 for q4; none (per-tensor scales, negligible) for q8. */
  groupSize?: number;
  /** Bytes of one scale. Default 2 (f16). */
  scaleBytes?: number;
  /** Asymmetric quantisation: one zero point per group, stored like a scale. Default false. */
  zeroPoint?: boolean;
}

/**
 * Bytes to store `params` weights at `precision` (storageBytes with the options as blocks):
 * q4 with groups of 128 and f16 scales costs 0.5 + 2/128 = 0.515625 bytes per weight.
 */
export function weightBytes(
  params: number,
  precision: Precision,
  opts: QuantizationOptions = {},
): number {
  const defaults = PRECISION[precision].blocks;
  const blockSize = opts.groupSize ?? defaults?.blockSize;
  if (blockSize === undefined) return storageBytes(params, precision, null);
  const scaleBits =
    opts.scaleBytes === undefined ? (defaults?.scaleBits ?? 16) : opts.scaleBytes * 8;
  const zeroPointBits = opts.zeroPoint ? scaleBits : null;
  return storageBytes(params, precision, { blockSize, scaleBits, zeroPointBits });
}

export interface SequenceOptions {
  /** Tokens held per sequence (prompt + generated). */
  context: number;
  /** Sequences processed together. */
  batch: number;
  dtype: Precision;
}

/**
 * KV cache: every layer keeps a key and a value vector per K/V head per cached token,
 *   layers × 2 × kvHeads × headDim × context × batch × bytes.
 * Grouped-query attention shrinks it by heads / kvHeads (Ainslie et al. 2023). Llama-2-7B at
 * 4096 tokens in f16: 32 · 2 · 32 · 128 · 4096 · 2 B = 2 GiB. For an encoder (BERT) there is
 * no decoding; the same number is the K and V held during one forward pass. With sliding-window
 * attention (Mistral-7B-v0.1) a layer caches at most the window: at 32k tokens, 4096.
 */
export function kvCacheBytes(config: ArchitectureConfig, opts: SequenceOptions): number {
  const keyAndValue = 2;
  const window = config.family === 'llama' ? config.slidingWindow : undefined;
  const tokens = window === undefined ? opts.context : Math.min(opts.context, window);
  const elements =
    config.layers * keyAndValue * kvHeadCount(config) * headDim(config) * tokens * opts.batch;
  return packedBytes(elements, opts.dtype);
}

/**
 * ESTIMATE of the peak transient activation memory of one inference forward pass over
 * `context` tokens (prefill), not a measurement. Layers run one after another, so only one
 * block's intermediates are alive at a time; we count
 *   the residual stream in and out of the block (2·b·s·d),
 *   + the larger of attention (Q, K, V: b·s·(d + 2·kvHeads·headDim), plus the b·heads·s²
 *     score matrix of unfused attention) and the MLP hidden state (b·s·ffn, ×2 for SwiGLU's
 *     gate and up projections, ×expertsPerToken for mixture-of-experts),
 *   + logits for the last position only (b·V), as in generation.
 * Fused attention kernels (FlashAttention) never store the s² scores; real runtimes add
 * workspace and allocator slack on top.
 */
export function inferenceActivationBytes(
  config: ArchitectureConfig,
  opts: SequenceOptions & { fusedAttention?: boolean },
): number {
  const { context: s, batch: b } = opts;
  const d = config.dModel;
  const residual = 2 * b * s * d;
  const qkv = b * s * (d + 2 * kvHeadCount(config) * headDim(config));
  const scores = opts.fusedAttention ? 0 : b * config.heads * s * s;
  const gatedMlp = config.family === 'llama' || config.family === 'moe' ? 2 : 1;
  const routed = config.family === 'moe' ? config.expertsPerToken : 1;
  const mlpHidden = b * s * config.ffnDim * gatedMlp * routed;
  const logits = b * config.vocabSize;
  const elements = residual + Math.max(qkv + scores, mlpHidden) + logits;
  return packedBytes(elements, opts.dtype);
}

export interface InferenceMemory {
  weightsBytes: number;
  kvCacheBytes: number;
  /** An estimate: see inferenceActivationBytes. */
  activationBytes: number;
  totalBytes: number;
}

/**
 * Memory to serve a model: weights in `dtype` (all experts for mixture-of-experts: every
 * expert must be resident even though only a few run per token), the KV cache in
 * `kvDtype` (default f16) and the activation estimate in f16.
 */
export function inferenceMemory(
  config: ArchitectureConfig,
  opts: {
    dtype: Precision;
    context: number;
    batch: number;
    kvDtype?: Precision;
    quantization?: QuantizationOptions;
    /** The weights' bytes as an engine holds them (./held.ts), in place of the rule of thumb. */
    heldWeightBytes?: number;
  },
): InferenceMemory {
  const sequence = { context: opts.context, batch: opts.batch };
  const weights =
    opts.heldWeightBytes ?? weightBytes(countParams(config).total, opts.dtype, opts.quantization);
  const kv = kvCacheBytes(config, { ...sequence, dtype: opts.kvDtype ?? 'f16' });
  const activations = inferenceActivationBytes(config, { ...sequence, dtype: 'f16' });
  return {
    weightsBytes: weights,
    kvCacheBytes: kv,
    activationBytes: activations,
    totalBytes: weights + kv + activations,
  };
}

/**
 * GPUs of `gpuMemoryGB` (GB = 10⁹ bytes) needed just to hold `totalBytes` when the model is
 * split evenly across them; ignores runtime overhead and the duplicated pieces real
 * tensor-parallel serving keeps on every GPU.
 */
export function gpusToHold(totalBytes: number, gpuMemoryGB: number): number {
  if (!(gpuMemoryGB > 0)) throw new RangeError(`gpuMemoryGB must be positive, got ${gpuMemoryGB}`);
  return Math.max(1, Math.ceil(totalBytes / (gpuMemoryGB * BYTES_PER_GB)));
}

/**
 * The bandwidth floor of one decode step, in ms: a step reads every weight once, so at
 * `bandwidthGBps` (10⁹ bytes/s) it cannot take less than weightBytes ÷ bandwidth.
 */
export function bandwidthFloorMs(weightBytes: number, bandwidthGBps: number): number {
  return (weightBytes / (bandwidthGBps * 1e9)) * 1e3;
}
