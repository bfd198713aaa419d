/**
 * onnxruntime-web as one object per page: the module, the census of the buffers it makes on
 * its own GPU device, its log level, and the one-time start of each execution provider.
 *
 * The module is a singleton whatever we do (its `env` is global, its WebAssembly starts once),
 * so everything that touches it goes through the one OrtRuntime of the page: our ORT engines
 * today, and anything else that brings onnxruntime-web (transformers.js runs on it too) — one
 * copy in the bundle, one census, one start.
 */
import type * as Ort from 'onnxruntime-web';
import { type BufferCensus, startBufferCensus } from '../../gpu/census';
import { writeDecoderOnnx } from '../../models/onnx/write-gpt2';
import { gpt2Config } from '../../scaling';
import { matMulNBitsFault } from './op-check';
import { withCapturedConsole } from './placement';

/** The execution providers our engines ask onnxruntime-web for. */
export type OrtExecutionProvider = 'webgpu' | 'wasm';

export class OrtRuntime {
  private module: Promise<typeof Ort> | null = null;
  private loaded: typeof Ort | null = null;
  private census: BufferCensus | null = null;
  private readonly started = new Map<OrtExecutionProvider, Promise<void>>();
  private readonly matMulNBitsChecks = new Map<string, Promise<string | null>>();
  private stuckReason: string | null = null;

  /**
   * Why onnxruntime-web cannot run again in this page, or null. Its WebAssembly module runs one
   * session call at a time for every provider ("Session already started" otherwise), and a run
   * on a WebGPU device that was lost under it never settles: after that, nothing of ORT runs.
   */
  get stuck(): string | null {
    return this.stuckReason;
  }

  /** A run was pending on a device that is lost: see `stuck`. */
  markStuck(loss: string): void {
    this.stuckReason ??= `onnxruntime-web is stuck in a run on a lost WebGPU device (${loss}) and runs one session at a time: reload the page to run it again`;
  }

  /**
   * The module, imported on first use. The census starts before it, so that it sees ORT's
   * first buffer; the embed build ships ORT's .wasm beside its chunks (vite.config.ts).
   */
  load(): Promise<typeof Ort> {
    this.census ??= startBufferCensus();
    this.module ??= import('onnxruntime-web').then((ort) => {
      const wasmDir = typeof __ORT_WASM_DIR__ === 'string' ? __ORT_WASM_DIR__ : null;
      if (wasmDir) ort.env.wasm.wasmPaths = new URL(wasmDir, import.meta.url).href;
      // Read once, when the WebAssembly starts (the first session of either provider): so it
      // is set here, before any. Unset, ORT takes half the cores (1 of 2); it falls back to 1
      // and writes that back where the page is not cross-origin isolated (no shared memory).
      ort.env.wasm.numThreads = wasmThreadsWanted();
      this.loaded = ort;
      return ort;
    });
    return this.module;
  }

  /**
   * The WASM threads onnxruntime-web really runs with, once it has started (ORT writes back 1
   * when it cannot have threads); null before.
   */
  wasmThreads(): number | null {
    if (this.started.size === 0 || !this.loaded) return null;
    return this.loaded.env.wasm.numThreads ?? null;
  }

  /** Buffers onnxruntime-web made on `device`: live, and the peak since `resetPeak`. */
  buffersOn(device: GPUDevice) {
    return this.census?.of(device) ?? null;
  }

  /** Starts `device`'s peak again from what is live now (before a model loads). */
  resetPeak(device: GPUDevice): void {
    this.census?.resetPeak(device);
  }

  /**
   * onnxruntime-web compiles its WebAssembly and (for WebGPU) makes its device on the first
   * session. That is a cost of the runtime, paid once per page, not of any model: so it is
   * paid here, on a one-layer model, and the first model's load time is not inflated.
   */
  start(provider: OrtExecutionProvider): Promise<void> {
    let started = this.started.get(provider);
    if (!started) {
      started = this.startOnce(provider);
      this.started.set(provider, started);
      // A failed start (its .wasm did not load) may be tried again by the next run.
      started.catch(() => this.started.delete(provider));
    }
    return started;
  }

  /**
   * Why `provider`'s MatMulNBits at `dtype` gives numbers not to be trusted here, or null when
   * it is right (./op-check.ts): checked once per page, after the provider's start.
   */
  matMulNBitsFault(provider: OrtExecutionProvider, dtype: 'q8' | 'q4'): Promise<string | null> {
    const key = `${provider}/${dtype}`;
    let fault = this.matMulNBitsChecks.get(key);
    if (!fault) {
      fault = Promise.all([this.load(), this.start(provider)]).then(([ort]) =>
        matMulNBitsFault(ort, provider, dtype),
      );
      this.matMulNBitsChecks.set(key, fault);
      fault.catch(() => this.matMulNBitsChecks.delete(key));
    }
    return fault;
  }

  /**
   * Runs `work` with onnxruntime-web's log at `verbose` and the console captured: the node
   * placement it logs while a session is created is how we know what really ran.
   */
  async withVerboseLog<T>(work: (ort: typeof Ort) => Promise<T>): Promise<[T, string[]]> {
    const ort = await this.load();
    const level = ort.env.logLevel;
    ort.env.logLevel = 'verbose';
    try {
      return await withCapturedConsole(() => work(ort));
    } finally {
      ort.env.logLevel = level;
    }
  }

  private async startOnce(provider: OrtExecutionProvider): Promise<void> {
    const ort = await this.load();
    if (provider === 'webgpu') ort.env.webgpu.powerPreference = 'high-performance';
    const tiny = gpt2Config({ layers: 1, dModel: 8, heads: 1, vocabSize: 16, contextLength: 8 });
    // The runtime takes its logger's level when it starts: verbose, or a later session could
    // not log its node placement. Sessions log at their own level (warning unless they ask).
    ort.env.logLevel = 'verbose';
    const [session] = await withCapturedConsole(() =>
      ort.InferenceSession.create(writeDecoderOnnx(tiny).model, { executionProviders: [provider] }),
    );
    await session.release();
  }
}

/** Threads need shared memory, which only a cross-origin isolated page has; at most 4. */
function wasmThreadsWanted(): number {
  return globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
}

let pageRuntime: OrtRuntime | undefined;

/** The page's one OrtRuntime, made on first use. */
export function pageOrtRuntime(): OrtRuntime {
  pageRuntime ??= new OrtRuntime();
  return pageRuntime;
}
