/**
 * Training memory per GPU under mixed-precision Adam, for data parallelism, ZeRO stages 1–3,
 * tensor and pipeline parallelism and their combinations, and "how many GPUs of N GB does
 * this need?".
 *
 * Model states follow the ZeRO paper (Rajbhandari et al. 2020, §3.1 and §5): with Ψ
 * parameters, fp16 weights take 2Ψ bytes, fp16 gradients 2Ψ, and Adam's fp32 master weights,
 * momentum and variance KΨ with K = 12, so 16Ψ in all. Activations follow Korthikanti et al.
 * 2022, "Reducing Activation Recomputation in Large Transformer Models", Table 2.
 * Bytes throughout; GB = 10⁹ bytes.
 */
import type { ArchitectureConfig } from './config';
import { BYTES_PER_GB } from './memory';
import { countParams } from './params';

/** Bytes per parameter of mixed-precision Adam (ZeRO paper §3.1: 2 + 2 + K, K = 12). */
export const MIXED_PRECISION_ADAM_BYTES = Object.freeze({
  /** fp16 weights used in forward and backward. */
  weights: 2,
  /** fp16 gradients. */
  gradients: 2,
  /** fp32 master weights (4) + Adam momentum (4) + Adam variance (4). */
  optimizer: 12,
});

/**
 * ZeRO stage (ZeRO paper §5.1–5.3): 0 plain data parallelism; 1 (P_os) shards optimizer
 * states; 2 (P_os+g) also gradients; 3 (P_os+g+p) also the fp16 weights.
 */
export type ZeroStage = 0 | 1 | 2 | 3;

/**
 * Activation recomputation (Korthikanti et al. 2022 §5): 'none' keeps every activation;
 * 'selective' recomputes only the attention softmax/dropout block (the 5as/h term); 'full'
 * keeps only each layer's input and recomputes the rest in the backward pass.
 */
export type Recomputation = 'none' | 'selective' | 'full';

export interface TrainingPlan {
  /** Data-parallel degree N_d (ZeRO shards across these replicas). */
  dataParallel: number;
  zeroStage: ZeroStage;
  /** Tensor-parallel degree t (Megatron-LM, Shoeybi et al. 2019). */
  tensorParallel: number;
  /** Pipeline-parallel degree p (stages of layers). */
  pipelineParallel: number;
  /** Megatron sequence parallelism on the non-tensor-parallel regions (Korthikanti §4.2.2). */
  sequenceParallel: boolean;
  /** Micro-batch size b (sequences per GPU per forward pass). */
  microBatchSize: number;
  /** Sequence length s; defaults to the config's contextLength. */
  sequenceLength?: number;
  recomputation: Recomputation;
}

export const DEFAULT_TRAINING_PLAN: Readonly<TrainingPlan> = Object.freeze({
  dataParallel: 1,
  zeroStage: 0,
  tensorParallel: 1,
  pipelineParallel: 1,
  sequenceParallel: false,
  microBatchSize: 1,
  recomputation: 'none',
});

export interface TrainingMemory {
  /** fp16 weights on one GPU. */
  weightsBytes: number;
  /** fp16 gradients on one GPU. */
  gradientsBytes: number;
  /** fp32 master weights + Adam moments on one GPU. */
  optimizerBytes: number;
  /** Stored activations on the busiest GPU (first pipeline stage); 0 without a config. */
  activationsBytes: number;
  /** Sum of the above: per-GPU memory, before framework overhead and fragmentation. */
  totalBytes: number;
  /** GPUs in the plan: dataParallel × tensorParallel × pipelineParallel. */
  gpus: number;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number ≥ 1, got ${value}`);
  }
  return value;
}

/**
 * Activation bytes of one transformer layer with 16-bit activations (Korthikanti et al. 2022,
 * Table 2; s sequence, b micro-batch, h hidden size, a heads, t tensor-parallel degree):
 *   none, no SP       sbh(10 + 24/t + 5as/(ht))   (t = 1: the familiar sbh(34 + 5as/h))
 *   none, SP          sbh(34/t + 5as/(ht))
 *   selective, no SP  sbh(10 + 24/t)
 *   selective, SP     sbh·34/t
 *   full              2sbh (the layer input only)
 * Derived for GPT-style blocks (MLP width 4h, multi-head attention, dropout); for LLaMA-style
 * blocks it is an approximation.
 */
export function activationBytesPerLayer(
  config: ArchitectureConfig,
  opts: {
    sequenceLength: number;
    microBatchSize: number;
    tensorParallel?: number;
    sequenceParallel?: boolean;
    recomputation?: Recomputation;
  },
): number {
  const s = opts.sequenceLength;
  const b = opts.microBatchSize;
  const h = config.dModel;
  const a = config.heads;
  const t = opts.tensorParallel ?? 1;
  const sbh = s * b * h;
  const attentionScores = (5 * a * s) / (h * t); // softmax input/output + dropout mask, per head
  const linear = opts.sequenceParallel ? 34 / t : 10 + 24 / t; // 10 of 34 are unsplit without SP
  switch (opts.recomputation ?? 'none') {
    case 'none':
      return sbh * (linear + attentionScores);
    case 'selective':
      return sbh * linear;
    case 'full':
      return 2 * sbh;
  }
}

/**
 * Per-GPU training memory. `model` is a config (activations included) or a bare parameter
 * count Ψ (model states only, as in the ZeRO paper's Figure 1).
 *
 * Model states: tensor and pipeline parallelism split the weights t·p ways (Megatron-LM);
 * ZeRO then divides, across the N_d data-parallel replicas,
 *   stage 0: (2 + 2 + 12)Ψ            stage 2: 2Ψ + (2 + 12)Ψ/N_d
 *   stage 1: (2 + 2)Ψ + 12Ψ/N_d       stage 3: (2 + 2 + 12)Ψ/N_d
 * (ZeRO paper Figure 1: Ψ = 7.5B, N_d = 64 gives 120, 31.4, 16.6 and 1.9 GB).
 *
 * Activations: with the 1F1B pipeline schedule the first stage holds p micro-batches of its
 * L/p layers, so L layers' worth whatever p is (Korthikanti §4.2.3). Left out: the small
 * embedding-dropout and output-layer terms (Korthikanti §4.3), ZeRO-3's transient
 * all-gathered weights, temporary buffers and fragmentation.
 */
export function trainingMemory(
  model: ArchitectureConfig | number,
  plan: Partial<TrainingPlan> = {},
): TrainingMemory {
  const p: TrainingPlan = { ...DEFAULT_TRAINING_PLAN, ...plan };
  const dataParallel = positiveInteger('dataParallel', p.dataParallel);
  const tensorParallel = positiveInteger('tensorParallel', p.tensorParallel);
  const pipelineParallel = positiveInteger('pipelineParallel', p.pipelineParallel);
  const totalParams = typeof model === 'number' ? model : countParams(model).total;
  const paramsPerGpu = totalParams / (tensorParallel * pipelineParallel);

  const bytes = MIXED_PRECISION_ADAM_BYTES;
  const shard = (shardedFromStage: ZeroStage) =>
    p.zeroStage >= shardedFromStage ? dataParallel : 1;
  const weightsBytes = (bytes.weights * paramsPerGpu) / shard(3);
  const gradientsBytes = (bytes.gradients * paramsPerGpu) / shard(2);
  const optimizerBytes = (bytes.optimizer * paramsPerGpu) / shard(1);

  const activationsBytes =
    typeof model === 'number'
      ? 0
      : model.layers *
        activationBytesPerLayer(model, {
          sequenceLength: p.sequenceLength ?? model.contextLength,
          microBatchSize: p.microBatchSize,
          tensorParallel,
          sequenceParallel: p.sequenceParallel,
          recomputation: p.recomputation,
        });

  return {
    weightsBytes,
    gradientsBytes,
    optimizerBytes,
    activationsBytes,
    totalBytes: weightsBytes + gradientsBytes + optimizerBytes + activationsBytes,
    gpus: dataParallel * tensorParallel * pipelineParallel,
  };
}

export interface GpuCount {
  /** dataParallel × tensorParallel × pipelineParallel. */
  gpus: number;
  dataParallel: number;
  tensorParallel: number;
  pipelineParallel: number;
  /** Per-GPU bytes at that size; ≤ the GPU's memory. */
  perGpuBytes: number;
}

/**
 * How many GPUs of `gpuMemoryGB` (GB = 10⁹ bytes) does training need under `plan`? The plan
 * fixes the strategy; the one free degree is grown until a GPU's share fits:
 *   ZeRO stages 1–3: the data-parallel degree (more replicas, smaller shards);
 *   stage 0: the pipeline degree (plain replicas never shrink per-GPU memory), at most one
 *   layer per stage when a config is given.
 * Per-GPU memory falls monotonically with the free degree, so a binary search finds the
 * smallest that fits. Returns null when even `maxGpus` GPUs cannot fit it (for example
 * ZeRO-1 can never go below 4Ψ/(t·p), or activations alone exceed the GPU).
 */
export function gpusNeeded(
  model: ArchitectureConfig | number,
  plan: Partial<TrainingPlan>,
  gpuMemoryGB: number,
  { maxGpus = 1_000_000 }: { maxGpus?: number } = {},
): GpuCount | null {
  if (!(gpuMemoryGB > 0)) throw new RangeError(`gpuMemoryGB must be positive, got ${gpuMemoryGB}`);
  const base: TrainingPlan = { ...DEFAULT_TRAINING_PLAN, ...plan };
  const capacity = gpuMemoryGB * BYTES_PER_GB;
  const growData = base.zeroStage > 0;
  const fixedDegrees = growData
    ? base.tensorParallel * base.pipelineParallel
    : base.tensorParallel * base.dataParallel;
  let highest = Math.floor(maxGpus / fixedDegrees);
  if (!growData && typeof model !== 'number') highest = Math.min(highest, model.layers);
  if (highest < 1) return null;

  const planWith = (degree: number): TrainingPlan =>
    growData ? { ...base, dataParallel: degree } : { ...base, pipelineParallel: degree };
  const perGpu = (degree: number) => trainingMemory(model, planWith(degree)).totalBytes;

  if (perGpu(highest) > capacity) return null;
  let lo = 1;
  let hi = highest; // invariant: perGpu(hi) fits
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (perGpu(mid) <= capacity) hi = mid;
    else lo = mid + 1;
  }
  const chosen = planWith(hi);
  return {
    gpus: chosen.dataParallel * chosen.tensorParallel * chosen.pipelineParallel,
    dataParallel: chosen.dataParallel,
    tensorParallel: chosen.tensorParallel,
    pipelineParallel: chosen.pipelineParallel,
    perGpuBytes: perGpu(hi),
  };
}
