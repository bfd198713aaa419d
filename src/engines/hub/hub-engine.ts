/**
 * A hub model through transformers.js (`AutoModelForCausalLM`), on WebGPU or WASM, on the page's
 * one onnxruntime-web (./transformers.ts). The protocol times it through `generate`, as users
 * run it: greedy, `min_new_tokens = max_new_tokens`, a streamer stamping each new token — the
 * first stamp ends the prefill, the gaps after it are the decode steps.
 *
 * prepare = download (./hub-download.ts: checked, counted, cached), load = transformers.js
 * making its session from the cache. The ONNX export that runs is the one the repo publishes
 * for the precision asked (../../models/hub/onnx-files.ts); a size past what onnxruntime-web
 * can parse is refused from the listing, before a byte is downloaded.
 *
 * For the cross-check with our own engine: `greedyTokens` (generate) and `logits` (one forward
 * pass over given token ids, no cache); `prefill`/`decode` are those logits, step by step.
 */
import type { PreTrainedModel, Tensor } from '@huggingface/transformers';
import { type DeviceDescription, describeDevice } from '../../gpu';
import { type OnnxDtype, onnxExports } from '../../models/hub/onnx-files';
import type { HubModel } from '../../models/source';
import { formatBytesApart, type Precision } from '../../scaling';
import {
  argmax,
  type Engine,
  type EngineMemory,
  type ModelSource,
  type RecordDetails,
  type StepOutput,
} from '../engine';
import { parsePlacement, providerLabel } from '../ort/placement';
import { type OrtExecutionProvider, type OrtRuntime, pageOrtRuntime } from '../ort/runtime';
import { ORT_MODEL_BYTES_LIMIT } from '../registry';
import { type DownloadProgress, type DownloadReport, downloadHubFiles } from './hub-download';
import { loadTransformers, ortBuild, type TransformersModule } from './transformers';

export type HubEngineId = 'hub-webgpu' | 'hub-wasm';

/** Our engine names → transformers.js devices (each one ORT execution provider). */
const DEVICES: Readonly<Record<HubEngineId, OrtExecutionProvider>> = Object.freeze({
  // onnxruntime-web's WebGPU EP (JSEP: ours, vite.config.ts), on a device of its own.
  'hub-webgpu': 'webgpu',
  // onnxruntime-web's WASM EP: the CPU baseline.
  'hub-wasm': 'wasm',
});

/** Our precisions → the transformers.js dtype whose export holds them. */
export const HUB_DTYPES: Readonly<Partial<Record<Precision, OnnxDtype>>> = Object.freeze({
  f32: 'fp32',
  f16: 'fp16',
  q8: 'q8',
  q4: 'q4',
});

/** Files transformers.js reads besides the graph; the tokenizer's only where the repo has them. */
const SIDE_FILES = ['config.json', 'generation_config.json'];
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json'];

export interface HubEngineOptions {
  readonly precision: Precision;
  /** Bytes of bytes while the files download. */
  readonly onDownload?: (progress: DownloadProgress) => void;
  readonly runtime?: OrtRuntime;
}

export class HubEngine implements Engine {
  private transformers: TransformersModule | null = null;
  private source: HubModel | null = null;
  private onnxFile: { path: string; dtype: OnnxDtype; bytes: number } | null = null;
  private download: DownloadReport | null = null;
  private model: PreTrainedModel | null = null;
  private placement = 'unknown';
  private ortDevice: GPUDevice | null = null;
  private sequence: number[] = [];
  private readonly runtime: OrtRuntime;

  constructor(
    readonly id: HubEngineId,
    private readonly options: HubEngineOptions,
  ) {
    this.runtime = options.runtime ?? pageOrtRuntime();
  }

  private get executionProvider(): OrtExecutionProvider {
    return DEVICES[this.id];
  }

  /** Checks the repo from its listing, then downloads what the run needs into the cache. */
  async prepare(source: ModelSource): Promise<void> {
    const model = requireHub(source, this.id);
    const stuck = this.runtime.stuck;
    if (stuck) throw new Error(stuck);
    this.onnxFile = chooseExport(model, this.options.precision);
    this.source = model;
    this.transformers = await loadTransformers(this.runtime);
    await this.runtime.start(this.executionProvider);
    const listed = new Map(model.files.map((f) => [f.path, f.bytes]));
    const wanted = [
      ...SIDE_FILES,
      ...TOKENIZER_FILES.filter((path) => listed.has(path)),
      this.onnxFile.path,
      // External data beside the graph, which transformers.js fetches with it.
      ...model.files.map((f) => f.path).filter((p) => p.startsWith(`${this.onnxFile!.path}_data`)),
    ];
    const missing = wanted.filter((path) => !listed.has(path));
    if (missing.length > 0) throw new Error(`${model.repo}: the repo has no ${missing.join(', ')}`);
    this.download = await downloadHubFiles(
      model,
      wanted.map((path) => ({ path, bytes: listed.get(path)! })),
      this.options.onDownload,
    );
  }

  /** transformers.js makes its session from the cached files: no network, load alone. */
  async load(): Promise<void> {
    const { transformers, source, onnxFile } = this;
    if (!transformers || !source || !onnxFile)
      throw new Error(`${this.id}: load() before prepare()`);
    transformers.env.remoteHost = source.hubUrl;
    const ort = await this.runtime.load();
    if (this.executionProvider === 'webgpu') this.runtime.resetPeak(await ort.env.webgpu.device);
    const [model, lines] = await this.runtime.withVerboseLog(() =>
      transformers.AutoModelForCausalLM.from_pretrained(source.repo, {
        revision: source.revision,
        device: this.executionProvider,
        dtype: onnxFile.dtype,
        // Verbose while the session is made: ORT logs where it put each node then.
        session_options: { logSeverityLevel: 0, logVerbosityLevel: 0 },
      }),
    );
    this.model = model;
    this.placement =
      this.executionProvider === 'wasm' ? 'wasm' : providerLabel(parsePlacement(lines));
    if (this.executionProvider === 'webgpu') this.ortDevice = await ort.env.webgpu.device;
  }

  /**
   * Greedy generation of exactly `newTokens` tokens after `prompt`; `onToken` is called as each
   * new token arrives (the protocol stamps it). Returns the new tokens.
   */
  async generate(
    prompt: readonly number[],
    newTokens: number,
    onToken: (token: number) => void = () => {},
  ): Promise<number[]> {
    const { transformers, model } = this.ready();
    const generated: number[] = [];
    let promptSeen = false;
    const streamer = new (class extends transformers.BaseStreamer {
      override put(value: bigint[][]): void {
        // generate() puts the prompt first, then each new token alone.
        if (!promptSeen) {
          promptSeen = true;
          return;
        }
        const token = Number(value[0]![0]!);
        generated.push(token);
        onToken(token);
      }
      override end(): void {}
    })();
    const parameters = {
      inputs: this.ids(prompt),
      attention_mask: this.ids(prompt.map(() => 1)),
      max_new_tokens: newTokens,
      min_new_tokens: newTokens, // no early end-of-text: every run decodes the same length
      do_sample: false,
      num_beams: 1,
      streamer,
    };
    // The typings give `streamer` GenerationConfig's type, which an instance does not match.
    await model.generate(parameters as unknown as Parameters<PreTrainedModel['generate']>[0]);
    return generated;
  }

  /** The greedy tokens after `prompt`: what the cross-check compares with our engine's. */
  greedyTokens(prompt: readonly number[], newTokens: number): Promise<number[]> {
    return this.generate(prompt, newTokens);
  }

  /** Logits of the last position after `tokens`, (V): one forward pass, no cache. */
  async logits(tokens: readonly number[]): Promise<Float32Array> {
    const { model } = this.ready();
    const outputs = (await model.forward({
      input_ids: this.ids(tokens),
      attention_mask: this.ids(tokens.map(() => 1)),
    })) as Record<string, Tensor>;
    const logits = outputs.logits!;
    const [, length, vocab] = logits.dims as [number, number, number];
    const data = logits.data as Float32Array;
    const last = data.slice((length - 1) * vocab, length * vocab);
    for (const tensor of Object.values(outputs)) {
      if ((tensor as { location?: string }).location === 'gpu-buffer') tensor.dispose();
    }
    return last;
  }

  async prefill(tokens: readonly number[]): Promise<StepOutput> {
    this.sequence = [...tokens];
    const logits = await this.logits(this.sequence);
    return { token: argmax(logits), logits };
  }

  async decode(token: number): Promise<StepOutput> {
    if (this.sequence.length === 0) throw new Error(`${this.id}: decode() before prefill()`);
    this.sequence.push(token);
    const logits = await this.logits(this.sequence);
    return { token: argmax(logits), logits };
  }

  provider(): string {
    return this.model ? this.placement : 'unknown';
  }

  memory(): EngineMemory {
    return {
      weightBytes: this.onnxFile?.bytes ?? 0,
      peakGpuBytes: this.ortDevice
        ? (this.runtime.buffersOn(this.ortDevice)?.peakBytes ?? null)
        : null,
    };
  }

  device(): DeviceDescription | null {
    const device = this.ortDevice;
    return device ? describeDevice(device.adapterInfo, device) : null;
  }

  recordFlags(): readonly string[] {
    const threads = this.runtime.wasmThreads();
    return [
      ...(threads === null ? [] : [`wasm-threads-${threads}`]),
      ...(this.download?.fromCache ? ['from-cache'] : []),
    ];
  }

  recordDetails(): RecordDetails {
    const { source, onnxFile, download, transformers } = this;
    return {
      source: source && {
        kind: 'hub',
        hub: source.hubUrl,
        repo: source.repo,
        revision: source.revision,
        file: onnxFile?.path ?? null,
        downloadMs: download?.ms ?? null,
        downloadBytes: download?.total ?? null,
        fromCache: download?.fromCache ?? null,
      },
      runtime: transformers
        ? `transformers.js ${transformers.env.version}, ${ortBuild(transformers)}`
        : null,
    };
  }

  async dispose(): Promise<void> {
    await this.model?.dispose();
    this.model = null;
  }

  private ready(): { transformers: TransformersModule; model: PreTrainedModel } {
    const { transformers, model } = this;
    if (!transformers || !model) throw new Error(`${this.id}: run before load()`);
    return { transformers, model };
  }

  private ids(values: readonly number[]): Tensor {
    const { Tensor } = this.ready().transformers;
    return new Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);
  }
}

/** `source` as a hub model, or an error naming the engine and what it got. */
function requireHub(source: ModelSource, who: string): HubModel {
  if (source.kind !== 'hub') {
    throw new Error(`${who} runs models from a hub (hub:owner/name), not ${source.id}`);
  }
  return source;
}

/**
 * The export the repo publishes for `precision`, checked from its listed size: an unknown
 * export or one too big for onnxruntime-web fails here, naming the files and the reason.
 */
export function chooseExport(
  model: HubModel,
  precision: Precision,
): { path: string; dtype: OnnxDtype; bytes: number } {
  const exports = onnxExports(model.files);
  if (exports.length === 0) {
    throw new Error(
      `${model.repo}: the repo publishes no ONNX export (no onnx/model*.onnx), which transformers.js needs`,
    );
  }
  const dtype = HUB_DTYPES[precision];
  const chosen = exports.find((e) => e.dtype === dtype);
  if (!chosen) {
    throw new Error(
      `${model.repo}: no ${precision} export (${dtype ?? 'none'}); it publishes ${exports.map((e) => `${e.dtype} (${e.path})`).join(', ')}`,
    );
  }
  if (chosen.bytes > ORT_MODEL_BYTES_LIMIT.bytes) {
    const [size, most] = formatBytesApart(chosen.bytes, ORT_MODEL_BYTES_LIMIT.bytes);
    throw new Error(
      `${chosen.path}: ${size} with its data, too big before downloading: ${ORT_MODEL_BYTES_LIMIT.reason(most)} (estimate)`,
    );
  }
  return { path: chosen.path, dtype: chosen.dtype, bytes: chosen.bytes };
}
