/**
 * Text from a real checkpoint on our engine: the prompt encoded by the repo's own tokenizer
 * (transformers.js's AutoTokenizer on its tokenizer.json), greedy token ids from our engine,
 * decoded by the same tokenizer. The tokenizer is the only part of transformers.js used here.
 */
import type { Engine } from '../engines/engine';
import { pageOrtRuntime } from '../engines/ort/runtime';

/** What generation needs of a tokenizer. */
export interface TextTokenizer {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
}

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
  const tf = await importTransformers();
  tf.env.remoteHost = `${hubUrl.replace(/\/+$/, '')}/`;
  tf.env.allowLocalModels = false;
  const tokenizer = await tf.AutoTokenizer.from_pretrained(repo, { revision });
  return {
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }),
    decode: (ids) => tokenizer.decode([...ids], { skip_special_tokens: false }),
  };
}

export interface GeneratedText {
  readonly promptIds: readonly number[];
  /** The new token ids, in order. */
  readonly ids: readonly number[];
  /** The new tokens decoded. */
  readonly text: string;
}

/** Greedy generation of `newTokens` tokens after `prompt` on a loaded engine. */
export async function generateText(
  engine: Engine,
  tokenizer: TextTokenizer,
  prompt: string,
  newTokens: number,
): Promise<GeneratedText> {
  const promptIds = tokenizer.encode(prompt);
  if (promptIds.length === 0) throw new Error('generate: the prompt encodes to no tokens');
  const ids: number[] = [];
  let output = await engine.prefill(promptIds);
  while (ids.length < newTokens) {
    ids.push(output.token);
    if (ids.length < newTokens) output = await engine.decode(output.token);
  }
  return { promptIds, ids, text: tokenizer.decode(ids) };
}
