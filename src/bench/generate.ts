/**
 * Text from a real checkpoint on our engine: the prompt encoded by the repo's own tokenizer
 * (transformers.js's AutoTokenizer on its tokenizer.json), greedy token ids from our engine,
 * decoded by the same tokenizer (./transformers-run.ts loads it).
 */
import type { Engine } from '../engines/engine';

/** What generation needs of a tokenizer. */
export interface TextTokenizer {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
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
