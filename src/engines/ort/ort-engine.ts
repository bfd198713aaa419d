/**
 * onnxruntime-web as an Engine: its WebGPU execution provider, or the WASM provider as the CPU
 * baseline, loaded on first use. It reaches onnxruntime-web only through the page's OrtRuntime
 * (./runtime.ts): the module, the buffer census, the log level and the one-time start.
 *
 * The WebGPU provider of onnxruntime-web 1.30 (JSEP) requests a device of its own from the
 * adapter, whatever `env.webgpu.device` is set to; so instead of sharing the page's device,
 * the engine asks for the same kind of adapter (high-performance, as src/gpu does), reports the
 * device ORT really used, and measures ORT's buffers on that device with the runtime's buffer
 * census, which runs from before ORT's first buffer for the life of the page. Its peak is everything ORT
 * held on the GPU while the model loaded and ran — buffers ORT caches from an earlier model
 * included, because they occupy the GPU just the same.
 */
import type * as Ort from 'onnxruntime-web';
import { type DeviceDescription, describeDevice, LossSignal } from '../../gpu';
import {
  DECODER_DTYPES,
  type DecoderDtype,
  decoderWeightBytes,
  decoderWeightsAsHeld,
  isQuantized,
} from '../../models/onnx/decoder-dtype';
import { type Gpt2Onnx, writeDecoderOnnx } from '../../models/onnx/write-gpt2';
import { requireSynthetic } from '../../models/source';
import type { Gpt2Weights } from '../../models/weights';
import type { Gpt2Config } from '../../scaling';
import {
  argmax,
  type Engine,
  type EngineMemory,
  type ModelSource,
  type ReferenceCheck,
  type StepOutput,
} from '../engine';
import { type NodePlacement, parsePlacement, providerLabel } from './placement';
import { type OrtExecutionProvider, type OrtRuntime, pageOrtRuntime } from './runtime';

export type OrtEngineId = 'ort-webgpu' | 'ort-wasm';

/** The precisions our ONNX decoder is written in (decoder-dtype.ts), which these engines hold. */
export const ORT_PRECISIONS = DECODER_DTYPES;
export type OrtPrecision = DecoderDtype;

/**
 * The largest |Δ logit| against the CPU reference run on the weights each graph holds
 * (decoderWeightsAsHeld). f32, q8 and q4 compute in f32 (q8/q4 on dequantised blocks): f32's
 * 1e-3, as onnxruntime-web states it. f16 computes in f16 (LayerNorm, Softmax, every MatMul,
 * the activations between them). Measured on the engine's test model (logits of about ±3):
 * ORT WASM's f16 logits are at most 2.2e-4 off, under one f16 step at 1 (2^-10), because ORT's
 * CPU provider has few f16 kernels and computes the others in f32 between casts; a GPU with
 * shader-f16 rounds every op in f16, and none was here to measure. So 0.01: 45× the CPU
 * figure, about ten f16 steps at 3 for a dozen roundings a layer, and still far under what a
 * wrong kernel gives (JSEP's q4 on SwiftShader: 0.3 and more).
 */
export const ORT_LOGIT_TOLERANCE: Readonly<Record<OrtPrecision, number>> = Object.freeze({
  f32: 1e-3,
  f16: 0.01,
  q8: 1e-3,
  q4: 1e-3,
});

/** Our engine names → onnxruntime-web execution providers. */
const EXECUTION_PROVIDERS: Readonly<Record<OrtEngineId, OrtExecutionProvider>> = Object.freeze({
  // WebGPU (JSEP) on a device of its own; the KV cache stays in GPU buffers between steps.
  'ort-webgpu': 'webgpu',
  // WASM SIMD: the CPU baseline. Threads only where the page is cross-origin isolated.
  'ort-wasm': 'wasm',
});

export interface OrtEngineOptions {
  /**
   * Debug switch: keep the KV cache in GPU buffers between steps (`preferredOutputLocation:
   * 'gpu-buffer'` for present.*), the default; false reads every present back to the CPU and
   * uploads it again as the next past, which is what it saves (docs/benchmarks.md). WebGPU only.
   */
  readonly kvOnGpu?: boolean;
}

export class OrtEngine implements Engine {
  private ort: typeof Ort | null = null;
  private files: Gpt2Onnx | null = null;
  private config: Gpt2Config | null = null;
  private session: Ort.InferenceSession | null = null;
  private past: Record<string, Ort.Tensor> | null = null;
  private pastLength = 0;
  private ortDevice: GPUDevice | null = null;
  private placement: NodePlacement | null = null;
  private running = false;
  private readonly loss = new LossSignal();
  /** The first error ORT's WebGPU device raised that nobody caught: its numbers are not trusted. */
  private gpuError: string | null = null;
  private readonly onGpuError = (event: Event) => {
    this.gpuError ??= (event as GPUUncapturedErrorEvent).error.message;
  };

  constructor(
    readonly id: OrtEngineId,
    /** The precision of the graph it runs: its initializers and (for f16) its compute. */
    readonly dtype: OrtPrecision = 'f32',
    private readonly options: OrtEngineOptions = {},
    private readonly runtime: OrtRuntime = pageOrtRuntime(),
  ) {}

  /** Presents stay in GPU buffers and go straight back in as the next step's past. */
  private get kvOnGpu(): boolean {
    return this.executionProvider === 'webgpu' && this.options.kvOnGpu !== false;
  }

  private get executionProvider(): OrtExecutionProvider {
    return EXECUTION_PROVIDERS[this.id];
  }

  async prepare(source: ModelSource): Promise<void> {
    const model = requireSynthetic(source, this.id);
    const stuck = this.runtime.stuck;
    if (stuck) throw new Error(stuck);
    this.ort = await this.runtime.load();
    await this.runtime.start(this.executionProvider);
    if (this.executionProvider === 'webgpu') {
      // The runtime's start made ORT's device; a run on it stays pending if it is lost.
      const device = await this.ort.env.webgpu.device;
      this.loss.watch(device, "onnxruntime-web's WebGPU device", (why) => {
        if (this.running) this.runtime.markStuck(why);
      });
      this.ortDevice = device;
      // An f16 graph computes in f16: without the feature, ORT's f16 shaders fail to compile
      // and its run still returns numbers (1.31.0-dev on SwiftShader), computed by no one.
      if (this.dtype === 'f16' && !device.features.has('shader-f16')) {
        throw new Error(
          `${this.id}: the f16 graph computes in f16, and this device has no shader-f16 (onnxruntime-web's f16 shaders do not compile without it)`,
        );
      }
      device.addEventListener('uncapturederror', this.onGpuError);
    }
    if (isQuantized(this.dtype)) {
      const fault = await this.runtime.matMulNBitsFault(this.executionProvider, this.dtype);
      if (fault) throw new Error(`${this.id}: ${fault}`);
    }
    this.config = model.config;
    this.files = writeDecoderOnnx(model.config, { init: model.init, dtype: this.dtype });
  }

  async load(): Promise<void> {
    const ort = this.ort;
    const files = this.files;
    if (!ort || !files) throw new Error(`${this.id}: load() before prepare()`);
    const options: Ort.InferenceSession.SessionOptions = {
      executionProviders: [this.executionProvider],
      graphOptimizationLevel: 'all',
      // Verbose only while the session is created: that is when ORT logs node placement.
      logSeverityLevel: 0,
      logVerbosityLevel: 0,
    };
    if (files.externalData) {
      options.externalData = [{ path: files.externalData.location, data: files.externalData.data }];
    }
    if (this.ortDevice) this.runtime.resetPeak(this.ortDevice);
    if (this.kvOnGpu) {
      options.preferredOutputLocation = this.presentNames().reduce<Record<string, 'gpu-buffer'>>(
        (locations, name) => Object.assign(locations, { [name]: 'gpu-buffer' }),
        {},
      );
    }
    const [session, lines] = await this.runtime.withVerboseLog(() =>
      ort.InferenceSession.create(files.model, options),
    );
    this.session = session;
    this.placement = parsePlacement(lines);
    this.files = null; // the session holds the weights now
  }

  async prefill(tokens: readonly number[]): Promise<StepOutput> {
    this.releasePast();
    return this.step(tokens);
  }

  async decode(token: number): Promise<StepOutput> {
    if (!this.past) throw new Error(`${this.id}: decode() before prefill()`);
    return this.step([token]);
  }

  provider(): string {
    // With WASM the only provider registered, every node runs there: ORT logs no placement.
    if (this.executionProvider === 'wasm') return this.session ? 'wasm' : 'unknown';
    return this.placement ? providerLabel(this.placement) : 'unknown';
  }

  /**
   * ORT's own device being lost: the protocol needs it, since a session run on a destroyed
   * device never settles (onnxruntime-web 1.30). Known from prepare on; never settles on WASM.
   */
  lost(): Promise<string> {
    return this.loss.lost;
  }

  /**
   * `wasm-threads-N`: the threads ORT's WASM really ran with (the CPU baseline's, and the CPU
   * nodes' of the WebGPU provider), as ORT reports it after its start.
   */
  recordFlags(): readonly string[] {
    const threads = this.runtime.wasmThreads();
    const flags = threads === null ? [] : [`wasm-threads-${threads}`];
    if (this.kvOnGpu) flags.push('kv-gpu-buffer');
    return flags;
  }

  /** Verify runs the CPU reference on the weights this graph holds, at its precision's tolerance. */
  reference(weights: Gpt2Weights): ReferenceCheck {
    return {
      weights: decoderWeightsAsHeld(weights, this.dtype),
      tolerance: ORT_LOGIT_TOLERANCE[this.dtype],
    };
  }

  /** Nodes the GPU provider could not run (they ran on the CPU), from ORT's placement log. */
  nodesNotOnGpu(): readonly string[] {
    return this.placement?.notOnGpu ?? [];
  }

  memory(): EngineMemory {
    return {
      weightBytes: this.config ? decoderWeightBytes(this.config, this.dtype) : 0,
      peakGpuBytes: this.ortDevice
        ? (this.runtime.buffersOn(this.ortDevice)?.peakBytes ?? null)
        : null,
    };
  }

  device(): DeviceDescription | null {
    const device = this.ortDevice;
    return device ? describeDevice(device.adapterInfo, device) : null;
  }

  async dispose(): Promise<void> {
    this.ortDevice?.removeEventListener('uncapturederror', this.onGpuError);
    this.releasePast();
    await this.session?.release();
    this.session = null;
  }

  private async step(tokens: readonly number[]): Promise<StepOutput> {
    const { ort, session, config } = this;
    if (!ort || !session || !config) throw new Error(`${this.id}: run before load()`);
    const total = this.pastLength + tokens.length;
    const feeds: Record<string, Ort.Tensor> = {
      input_ids: int64(ort, tokens),
      attention_mask: int64(ort, new Array<number>(total).fill(1)),
      position_ids: int64(
        ort,
        tokens.map((_, i) => this.pastLength + i),
      ),
    };
    const headDim = config.dModel / config.heads;
    for (let layer = 0; layer < config.layers; layer++) {
      for (const kind of ['key', 'value'] as const) {
        feeds[`past_key_values.${layer}.${kind}`] =
          this.past?.[`present.${layer}.${kind}`] ??
          new ort.Tensor('float32', new Float32Array(0), [1, config.heads, 0, headDim]);
      }
    }
    this.running = true;
    const outputs = await session.run(feeds).finally(() => {
      this.running = false;
    });
    if (this.gpuError) {
      for (const tensor of Object.values(outputs)) {
        if (tensor.location === 'gpu-buffer') tensor.dispose();
      }
      throw new Error(
        `${this.id}: onnxruntime-web's WebGPU device raised an error, so its numbers are not trusted: ${this.gpuError}`,
      );
    }
    this.releasePast();
    this.past = Object.fromEntries(
      Object.entries(outputs).filter(([name]) => name.startsWith('present.')),
    );
    this.pastLength = total;
    const logits = outputs.logits;
    if (!logits || !(logits.data instanceof Float32Array)) throw new Error('no float32 logits');
    // (1, S, V): the next token comes from the last position.
    const vocab = config.vocabSize;
    const last = logits.data.slice((tokens.length - 1) * vocab, tokens.length * vocab);
    return { token: argmax(last), logits: last };
  }

  private presentNames(): string[] {
    const layers = this.config?.layers ?? 0;
    return Array.from({ length: layers }, (_, i) => [
      `present.${i}.key`,
      `present.${i}.value`,
    ]).flat();
  }

  /** GPU-resident presents are ours to free once they are no longer the next past. */
  private releasePast(): void {
    for (const tensor of Object.values(this.past ?? {})) {
      if (tensor.location === 'gpu-buffer') tensor.dispose();
    }
    this.past = null;
    this.pastLength = 0;
  }
}

function int64(ort: typeof Ort, values: readonly number[]): Ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);
}
