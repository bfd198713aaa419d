/**
 * One interface for every engine that runs a decoder: our WGSL kernels, onnxruntime-web on
 * WebGPU, onnxruntime-web on WASM. The bench drives them all the same way, so a chart compares
 * engines on identical work; what differs between engines is their entry in ./registry.ts.
 */
import type { DeviceDescription } from '../gpu';
import type { ModelSource } from '../models/source';
import type { Gpt2Weights } from '../models/weights';
import type { EngineId } from './registry';

export type { EngineId, ModelSource };

/** What one forward pass gives back. */
export interface StepOutput {
  /** Greedy choice: argmax of the last position's logits. */
  readonly token: number;
  /**
   * Logits of the last position, (V): what the engines are checked on. Present when asked
   * for (`RunOptions.logits`), and always from engines that have them on the CPU anyway.
   */
  readonly logits?: Float32Array;
}

export interface RunOptions {
  /**
   * Bring the last position's logits to the CPU. Off for timing: our engine then reads back
   * only the chosen token, 4 bytes.
   */
  readonly logits?: boolean;
}

export interface EngineMemory {
  /** Bytes of the weights as the engine holds them. */
  readonly weightBytes: number;
  /** Measured peak of this engine's GPU buffers since load; null where nothing runs on a GPU. */
  readonly peakGpuBytes: number | null;
}

/** Where the model came from and what ran it, beyond the engine id: the record's `source` and `runtime`. */
export interface RecordDetails {
  readonly source: RecordSource | null;
  /** The library and ORT build that really ran, e.g. `transformers.js 4.3.2, onnxruntime-web 1.31.0-dev… (JSEP)`. */
  readonly runtime: string | null;
}

/** docs/results.md: `source`. */
export interface RecordSource {
  readonly kind: 'hub';
  readonly hub: string;
  readonly repo: string;
  readonly revision: string;
  /** The ONNX file that ran, e.g. `onnx/model_q4.onnx`. */
  readonly file: string | null;
  /** The download, apart from load (cache reads included). */
  readonly downloadMs: number | null;
  readonly downloadBytes: number | null;
  /** Every file came from the cache. */
  readonly fromCache: boolean | null;
}

/** See `Engine.reference`. */
export interface ReferenceCheck {
  readonly weights: Gpt2Weights;
  /** Abs tolerance on the logits, with the reason in the engine's own words. */
  readonly tolerance: number;
}

export interface Engine {
  readonly id: EngineId;
  /**
   * Makes what `load` needs (generating the ONNX file, the weights): the counterpart of a
   * download, so it is not part of the load time.
   */
  prepare(model: ModelSource): Promise<void>;
  /** Timed as load: from prepared bytes to a session or engine ready to run. */
  load(): Promise<void>;
  /** Runs the prompt from an empty KV cache, which it then holds. */
  prefill(tokens: readonly number[], options?: RunOptions): Promise<StepOutput>;
  /** Runs one token at the next position, extending the KV cache. */
  decode(token: number, options?: RunOptions): Promise<StepOutput>;
  /**
   * The execution provider(s) that really ran, e.g. `webgpu`, `wasm`, or `webgpu+wasm` when
   * some nodes fell back to the CPU. Known after `load`.
   */
  provider(): string;
  memory(): EngineMemory;
  /** The GPU this engine really ran on (onnxruntime-web makes a device of its own); null on the CPU. */
  device(): DeviceDescription | null;
  /**
   * What the record must say about how this engine really ran, beyond the provider: e.g.
   * `f16-packed` (docs/results.md). Known after `load`; absent means nothing to say.
   */
  recordFlags?(): readonly string[];
  /**
   * What Verify holds this engine to: the weights as it computes with them (as f32) for the
   * CPU reference to run on, and the largest |Δ logit| allowed against it. Absent: the
   * weights rounded as our engine holds the record's dtype (weightsAsHeld), and f32's 1e-3.
   */
  reference?(weights: Gpt2Weights): ReferenceCheck;
  /** Source and runtime facts for the record (docs/results.md); absent for synthetic models. */
  recordDetails?(): RecordDetails;
  /**
   * Greedy generation of exactly `newTokens` tokens in one call, `onToken` called as each new
   * token arrives. Where present, the protocol times this instead of prefill/decode steps: the
   * first token's stamp ends the prefill, the gaps after it are the decode steps (a library
   * whose generate loop is what users run, such as transformers.js).
   */
  generate?(
    prompt: readonly number[],
    newTokens: number,
    onToken: (token: number) => void,
  ): Promise<readonly number[]>;
  /**
   * Settles with why, if the device this engine runs on is lost; never settles otherwise.
   * Absent where the engine's own steps reject on a loss. The protocol races every step
   * against it (src/bench/bound.ts): some runtimes leave a step pending on a lost device.
   */
  lost?(): Promise<string>;
  /** Frees everything; the engine cannot be used again. */
  dispose(): Promise<void>;
}

/** Index of the largest value; the first on ties, as torch.argmax. */
export function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
