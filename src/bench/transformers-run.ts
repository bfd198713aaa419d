/**
 * What the checkpoint cross-check and text generation use of transformers.js (v4): the
 * repo's tokenizer, and a greedy run of the repo's ONNX export on its own (WASM or WebGPU),
 * to hold against our engine on the same weights (./cross-check.ts). Loaded on first use.
 *
 * The hub engine (src/engines/hub) is what measures transformers.js; this is only the side of
 * the cross-check that must be an implementation other than ours.
 */
import { pageOrtRuntime } from '../engines/ort/runtime';
import type { HubModel } from '../models/source';
import type { GreedyRun } from './cross-check';
import type { TextTokenizer } from './generate';

/**
 * transformers.js, imported so that it leaves onnxruntime-web's .wasm location alone: on
 * import it points ORT (the one module the page holds, vite.config.ts ONE_ORT) at a CDN when no
 * path is set, which a page served offline, or under a strict CSP, cannot reach.
 */
export async function importTransformers(): Promise<typeof import('@huggingface/transformers')> {
  const ort = await pageOrtRuntime().load();
  const wasmPaths = ort.env.wasm.wasmPaths;
  const transformers = await import('@huggingface/transformers');
  ort.env.wasm.wasmPaths = wasmPaths;
  return transformers;
}

/** A hub repo's tokenizer, from `{hubUrl}/{repo}/resolve/{revision}/tokenizer.json`. */
export async function hubTokenizer(
  repo: string,
  hubUrl: string,
  revision = 'main',
): Promise<TextTokenizer> {
  const tf = await transformersAt(hubUrl);
  const tokenizer = await tf.AutoTokenizer.from_pretrained(repo, { revision });
  return {
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }),
    decode: (ids) => tokenizer.decode([...ids], { skip_special_tokens: false }),
  };
}

/** transformers.js with its hub host set to `hubUrl`, never reading local files. */
async function transformersAt(hubUrl: string) {
  const tf = await importTransformers();
  tf.env.remoteHost = `${hubUrl.replace(/\/+$/, '')}/`;
  tf.env.allowLocalModels = false;
  return tf;
}

/** transformers.js 4 on the repo's ONNX: greedy generate, then the logits of every step. */
export async function transformersGreedyRun(
  model: Pick<HubModel, 'repo' | 'revision' | 'hubUrl'>,
  prompt: readonly number[],
  steps: number,
  device: 'wasm' | 'webgpu',
): Promise<GreedyRun> {
  const tf = await transformersAt(model.hubUrl);
  const session = await tf.AutoModelForCausalLM.from_pretrained(model.repo, {
    revision: model.revision,
    device,
    dtype: 'fp32',
  });
  try {
    const ids = (values: readonly number[]) =>
      new tf.Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);
    const ones = (length: number) =>
      new tf.Tensor('int64', new BigInt64Array(length).fill(1n), [1, length]);
    const generated = (await session.generate({
      input_ids: ids(prompt),
      attention_mask: ones(prompt.length),
      max_new_tokens: steps,
      min_new_tokens: steps,
      do_sample: false,
    })) as InstanceType<typeof tf.Tensor>;
    const sequence = Array.from(generated.data as BigInt64Array, Number);
    // One forward pass over the prompt and all but the last chosen token: row p holds the
    // logits that chose token p + 1, with no cache on this side.
    const seen = sequence.slice(0, -1);
    const { logits } = (await session({
      input_ids: ids(seen),
      attention_mask: ones(seen.length),
    })) as {
      logits: InstanceType<typeof tf.Tensor>;
    };
    const vocab = logits.dims.at(-1)!;
    const all = logits.data as Float32Array;
    const rows = Array.from({ length: steps }, (_, step) => {
      const position = prompt.length - 1 + step;
      return all.slice(position * vocab, (position + 1) * vocab);
    });
    return { sequence, logits: rows };
  } finally {
    await session.dispose();
  }
}
