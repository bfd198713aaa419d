/**
 * Test harness: runs our ONNX decoder in onnxruntime-web's WASM execution provider and feeds it
 * the way a generation loop does (Optimum's input names, present.* fed back as past_key_values.*).
 * Used by the tests here and meant for the ORT engine's tests too.
 */
import * as ort from 'onnxruntime-web';
import type { Gpt2Config } from '../../scaling';

export interface OrtDecoderStep {
  /** (B, S, V) row-major. */
  readonly logits: Float32Array;
  /** present.{i}.key / .value, each (B, H, P + S, D): the next step's past. */
  readonly present: Record<string, ort.Tensor>;
}

/** A WASM session on one thread: deterministic, and all a 2-core CI machine can spare. */
export async function createWasmSession(
  model: Uint8Array,
  externalData?: { path: string; data: Uint8Array },
): Promise<ort.InferenceSession> {
  ort.env.wasm.numThreads = 1;
  const options: ort.InferenceSession.SessionOptions = { executionProviders: ['wasm'] };
  if (externalData !== undefined) options.externalData = [externalData];
  return ort.InferenceSession.create(model, options);
}

function int64Tensor(rows: readonly (readonly number[])[]): ort.Tensor {
  const data = BigInt64Array.from(rows.flat().map((v) => BigInt(v)));
  return new ort.Tensor('int64', data, [rows.length, rows[0]?.length ?? 0]);
}

/**
 * One run: `tokenIds` is (B, S); the cache holds `pastLength` positions (empty tensors when 0).
 * `attentionMask` (B, P + S) and `positionIds` (B, S) default to all ones and P … P + S − 1.
 */
export async function runDecoder(
  session: ort.InferenceSession,
  config: Gpt2Config,
  tokenIds: readonly (readonly number[])[],
  past: Record<string, ort.Tensor> | undefined,
  options: { attentionMask?: number[][]; positionIds?: number[][] } = {},
): Promise<OrtDecoderStep> {
  const batch = tokenIds.length;
  const newLength = tokenIds[0]?.length ?? 0;
  const D = config.dModel / config.heads;
  const pastLength = past?.['present.0.key']?.dims[2] ?? 0;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: int64Tensor(tokenIds),
    attention_mask: int64Tensor(
      options.attentionMask ??
        tokenIds.map(() => new Array<number>(pastLength + newLength).fill(1)),
    ),
    position_ids: int64Tensor(
      options.positionIds ??
        tokenIds.map(() => Array.from({ length: newLength }, (_, s) => pastLength + s)),
    ),
  };
  for (let i = 0; i < config.layers; i++) {
    for (const kind of ['key', 'value'] as const) {
      feeds[`past_key_values.${i}.${kind}`] =
        past?.[`present.${i}.${kind}`] ??
        new ort.Tensor('float32', new Float32Array(0), [batch, config.heads, 0, D]);
    }
  }
  const outputs = await session.run(feeds);
  const logits = outputs.logits;
  if (logits === undefined || !(logits.data instanceof Float32Array))
    throw new Error('no float32 logits');
  const present: Record<string, ort.Tensor> = {};
  for (const [name, tensor] of Object.entries(outputs))
    if (name.startsWith('present.')) present[name] = tensor;
  return { logits: logits.data, present };
}
