/**
 * paramscope's own engine: GPT-2 on our WGSL kernels, on the page's shared device. Weights are
 * uploaded once into labelled, counted buffers; the KV cache lives on the GPU; each step shape
 * (a prefill of T tokens, a decode step) is recorded once into a step plan and replayed after,
 * one command encoder a step, and only the chosen token (4 bytes) comes back unless the logits
 * are asked for.
 */
import {
  type DeviceDescription,
  type GpuContext,
  type GpuProvider,
  type GpuTensor,
  LossSignal,
  ProgramRunner,
  type RunnerFlags,
  releasePlan,
  type StepPlan,
  StepPlanBuilder,
} from '../../gpu';
import { isSoftwareAdapter } from '../../gpu/describe';
import type { MatmulTuning } from '../../kernels/matmul/matmul';
import { gpt2Model } from '../../models/hub/checkpoint-source';
import { DECODER_QUANTIZATION } from '../../models/onnx/decoder-dtype';
import type { Gpt2Config } from '../../scaling';
import type { Engine, EngineMemory, ModelSource, RunOptions, StepOutput } from '../engine';
import { forward, type KvCacheTensors } from './gpt2-forward';
import {
  type Gpt2GpuWeights,
  type HostTensor,
  hostTensor,
  uploadWeights,
  type WgslPrecision,
  wgslWeightBytes,
} from './gpt2-weights';

export { WGSL_PRECISIONS, type WgslPrecision } from './gpt2-weights';

export interface WgslEngineOptions {
  /**
   * f16 keeps every matrix in f16 (half the bytes a decode step streams), read as f16 where
   * the device has `shader-f16` and as packed words elsewhere. q8 / q4 keep the four block
   * projections in MatMulNBits' blocks (heldAs in ./gpt2-weights.ts), dequantised in
   * registers; the embeddings stay f32. Arithmetic stays f32 at every precision.
   */
  readonly dtype?: WgslPrecision;
  /** Runner flags: validation scopes, WGSL logging. */
  readonly flags?: RunnerFlags;
}

interface Loaded {
  readonly context: GpuContext;
  readonly tuning: MatmulTuning;
  /** The device has `shader-f16`: f16 weights are read as f16, not as packed words. */
  readonly shaderF16: boolean;
  readonly runner: ProgramRunner;
  readonly config: Gpt2Config;
  readonly weights: Gpt2GpuWeights;
  readonly cache: KvCacheTensors;
  /** Where each step's token and logits are read back: made once, (4 + 4V) bytes. */
  readonly staging: GPUBuffer;
  /**
   * Step plans by token count: the decode step's (1) and the latest prefill's. A prefill of
   * another length replaces the older prefill plan, so memory holds at most two shapes.
   */
  readonly plans: Map<number, Gpt2StepPlan>;
}

/** A recorded step of T tokens and the tensors the engine writes into and reads from. */
interface Gpt2StepPlan {
  readonly plan: StepPlan;
  readonly ids: GpuTensor; // (T) u32
  readonly token: GpuTensor; // (1) u32
  readonly logits: GpuTensor; // (1, V)
}

export class WgslEngine implements Engine {
  readonly id = 'wgsl' as const;
  /** What was prepared: the id buffers are labelled with, and the architecture. */
  private model: { readonly id: string; readonly config: Gpt2Config } | null = null;
  private tensors: HostTensor[] | null = null;
  private loaded: Loaded | null = null;
  /** Cache positions filled so far. */
  private length = 0;
  /** Kernels dispatched by the last prefill or decode step. */
  lastStepDispatches = 0;
  /**
   * JavaScript time of the last step, from the call to its `queue.submit` (ms): the CPU cost
   * of encoding, which no GPU can hide. Measured from `prefill()` / `decode()`, so a step that
   * builds something on first use counts it.
   */
  lastStepCpuMs = 0;
  /**
   * The part of lastStepCpuMs spent inside `queue.submit` (ms): where Dawn turns the recorded
   * commands into the backend's, so it grows with the dispatches even when JavaScript does not.
   */
  lastStepSubmitMs = 0;

  readonly dtype: WgslPrecision;
  private readonly flags: RunnerFlags;
  private readonly loss = new LossSignal();

  constructor(
    private readonly gpu: GpuProvider,
    options: WgslEngineOptions = {},
  ) {
    this.dtype = options.dtype ?? 'f32';
    this.flags = options.flags ?? {};
  }

  async prepare(source: ModelSource): Promise<void> {
    // A generated model, or a real GPT-2 checkpoint (a hub repo's model.safetensors, a file).
    const model = await gpt2Model(source);
    this.model = { id: model.id, config: model.config };
    // One tensor at a time: an f32 tensor is garbage once rounded, never the whole f32 model.
    this.tensors = Array.from(model.tensors, (t) => hostTensor(t, this.dtype));
  }

  async load(): Promise<void> {
    const { model, tensors } = this;
    if (!model || !tensors) throw new Error('wgsl: load() before prepare()');
    const context = await this.gpu.acquire();
    this.loss.watch(context.device, 'the GPU device');
    // Start the peak from what this engine will hold: buffers others left in the pool
    // (the roofline's, an earlier model's) are returned to the device first.
    await context.buffers.trimWhenIdle();
    context.buffers.resetPeak();
    const runner = new ProgramRunner(context, this.flags);
    const { config } = model;
    const weights = await uploadWeights(runner, model.id, config.layers, tensors);
    this.tensors = null; // the GPU holds them now
    const cache = await allocateCache(runner, model.id, config);
    const staging = await context.buffers.allocate({
      label: `${model.id}/readback`,
      size: 4 + config.vocabSize * 4,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    await runner.checked();
    await context.device.queue.onSubmittedWorkDone(); // the uploads have landed
    this.loaded = {
      context,
      runner,
      config,
      weights,
      cache,
      staging,
      plans: new Map(),
      tuning: tuningFor(context),
      shaderF16: context.device.features.has('shader-f16'),
    };
  }

  prefill(tokens: readonly number[], options: RunOptions = {}): Promise<StepOutput> {
    const start = performance.now();
    this.length = 0;
    return this.step(tokens, options, start);
  }

  decode(token: number, options: RunOptions = {}): Promise<StepOutput> {
    const start = performance.now();
    if (this.length === 0) throw new Error('wgsl: decode() before prefill()');
    return this.step([token], options, start);
  }

  /** Bind groups made since load: a replayed step makes none (the step-plan tests count it). */
  get bindGroupsCreated(): number {
    return this.loaded?.runner.bindGroupsCreated ?? 0;
  }

  provider(): string {
    return 'webgpu';
  }

  /**
   * The loss of the device the model was loaded on. A step on a lost device rejects with
   * whatever call met it first (`mapAsync`'s AbortError); this says why (src/bench/bound.ts).
   */
  lost(): Promise<string> {
    return this.loss.lost;
  }

  /**
   * How f16 weights are read on the loaded device — `f16` (shader-f16) or `packed-f16` (u32
   * words through unpack2x16float) — or null for f32 weights or before load.
   */
  f16Reads(): 'f16' | 'packed-f16' | null {
    if (this.dtype !== 'f16' || !this.loaded) return null;
    return this.loaded.shaderF16 ? 'f16' : 'packed-f16';
  }

  /**
   * `f16-packed` when f16 weights are read as packed words (no shader-f16). For q8 / q4, what
   * was quantised and how: `q4-blocks-128` (symmetric blocks of 128 along K, f16 scales) and
   * `embeddings-f32` (only the block projections are quantised; docs/results.md).
   */
  recordFlags(): readonly string[] {
    if (this.dtype === 'q8' || this.dtype === 'q4') {
      const { blockSize } = DECODER_QUANTIZATION[this.dtype];
      return [`${this.dtype}-blocks-${blockSize}`, 'embeddings-f32'];
    }
    return this.f16Reads() === 'packed-f16' ? ['f16-packed'] : [];
  }

  memory(): EngineMemory {
    return {
      weightBytes: this.model ? wgslWeightBytes(this.model.config, this.dtype) : 0,
      peakGpuBytes: this.loaded ? this.loaded.context.buffers.stats().peakBytes : null,
    };
  }

  device(): DeviceDescription | null {
    return this.loaded?.context.description ?? null;
  }

  async dispose(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = null;
    this.tensors = null;
    if (!loaded) return;
    const { runner, weights, cache, context, plans, staging } = loaded;
    for (const tensor of [...weights.all, ...cache.keys, ...cache.values]) runner.release(tensor);
    for (const { plan } of plans.values()) releasePlan(runner, plan);
    context.buffers.release(staging);
    await context.buffers.trimWhenIdle();
  }

  /** The plan of a T-token step: recorded on the first step of that shape, then reused. */
  private planFor(loaded: Loaded, T: number): Gpt2StepPlan {
    const { plans, runner, config } = loaded;
    const known = plans.get(T);
    if (known) return known;
    for (const [tokens, old] of plans) {
      // One prefill shape at a time besides decode's; its buffers recycle after this submit.
      if (tokens !== 1 && T !== 1) {
        releasePlan(runner, old.plan);
        plans.delete(tokens);
      }
    }
    const modelId = this.model?.id ?? 'wgsl';
    const builder = new StepPlanBuilder(runner, `${modelId}/step T=${T}`);
    const ids = builder.tensor({ label: `${modelId}/input_ids`, shape: [T], dtype: 'u32' });
    const out = forward(
      {
        plan: builder,
        config,
        weights: loaded.weights,
        cache: loaded.cache,
        tuning: loaded.tuning,
        shaderF16: loaded.shaderF16,
      },
      ids,
    );
    const planned = { plan: builder.finish(), ids, ...out };
    plans.set(T, planned);
    return planned;
  }

  private async step(
    tokens: readonly number[],
    options: RunOptions,
    start: number,
  ): Promise<StepOutput> {
    const loaded = this.loaded;
    if (!loaded) throw new Error('wgsl: run before load()');
    const { runner, context, config } = loaded;
    const T = tokens.length;
    if (T === 0) throw new Error('wgsl: no tokens');
    if (this.length + T > config.contextLength) {
      throw new Error(
        `wgsl: ${this.length + T} positions exceed the context of ${config.contextLength}`,
      );
    }
    const { device } = context;
    const step = this.planFor(loaded, T);
    device.queue.writeBuffer(step.ids.buffer, 0, Uint32Array.from(tokens));
    const encoder = device.createCommandEncoder({ label: `wgsl step ${this.length}+${T}` });
    runner.replay(encoder, step.plan, { positionOffset: this.length });
    this.lastStepDispatches = step.plan.dispatches;
    const vocab = config.vocabSize;
    const readBytes = 4 + (options.logits ? vocab * 4 : 0);
    const { staging } = loaded;
    encoder.copyBufferToBuffer(step.token.buffer, 0, staging, 0, 4);
    if (options.logits) encoder.copyBufferToBuffer(step.logits.buffer, 0, staging, 4, vocab * 4);
    const submitStart = performance.now();
    runner.submit(encoder);
    const submitted = performance.now();
    this.lastStepCpuMs = submitted - start;
    this.lastStepSubmitMs = submitted - submitStart;
    await runner.checked();

    await staging.mapAsync(GPUMapMode.READ, 0, readBytes);
    const bytes = staging.getMappedRange(0, readBytes);
    const token = new Uint32Array(bytes, 0, 1)[0]!;
    const logits = options.logits ? new Float32Array(bytes.slice(4, readBytes)) : undefined;
    staging.unmap();
    this.length += T;
    return logits ? { token, logits } : { token };
  }
}

/**
 * Kernel tuning for the device. A GPU wants the decode matvecs' K split across many
 * invocations to fill its cores; a software adapter has a handful of CPU threads, where the
 * split only adds work (measured on SwiftShader: 2–3× slower decode matmuls with it).
 */
function tuningFor(context: GpuContext): MatmulTuning {
  return isSoftwareAdapter(context.description) ? { matvecInvocations: 1 } : {};
}

/** Keys and values of every layer, (H, contextLength, D) each: the whole context, up front. */
async function allocateCache(
  runner: ProgramRunner,
  modelId: string,
  config: Gpt2Config,
): Promise<KvCacheTensors> {
  const { heads, dModel, contextLength, layers } = config;
  const shape = [heads, contextLength, dModel / heads];
  const tensor = async (kind: string, layer: number): Promise<GpuTensor> => {
    const label = `${modelId}/kv.${layer}.${kind}`;
    const buffer = await runner.context.buffers.allocate({
      label,
      size: heads * contextLength * (dModel / heads) * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
    });
    return { label, shape, dtype: 'f32', buffer };
  };
  const keys: GpuTensor[] = [];
  const values: GpuTensor[] = [];
  for (let layer = 0; layer < layers; layer++) {
    keys.push(await tensor('key', layer));
    values.push(await tensor('value', layer));
  }
  return { keys, values };
}
