/**
 * A byte-level BPE tokenizer in GPT-2's own format (`tokenizer.json`, as Hugging Face's
 * tokenizers library writes it), trained here on a few sentences: small enough for a test
 * model, and the real thing for whatever loads it — transformers.js's AutoTokenizer reads it as
 * it reads GPT-2's.
 *
 * GPT-2's scheme (Radford et al. 2019, §2.2; openai/gpt-2 encoder.py): text is split into
 * words by a regex, each word's UTF-8 bytes are mapped to printable characters
 * (`bytesToUnicode`: a space becomes `Ġ`), and merges learned by frequency join neighbouring
 * symbols. The vocabulary is the 256 byte symbols, then one token per merge, then
 * `<|endoftext|>`.
 */

export const END_OF_TEXT = '<|endoftext|>';

/** GPT-2's word split (openai/gpt-2 encoder.py), as the ByteLevel pre-tokenizer applies it. */
const WORD = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** GPT-2's byte → printable character table: printable Latin-1 bytes map to themselves. */
export function bytesToUnicode(): string[] {
  const table: string[] = new Array(256);
  let shifted = 0;
  for (let byte = 0; byte < 256; byte++) {
    const printable =
      (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || byte >= 0xae;
    table[byte] = String.fromCodePoint(printable ? byte : 256 + shifted++);
  }
  return table;
}

export interface ByteBpe {
  /** Token → id: bytes 0…255, merges, then END_OF_TEXT. */
  readonly vocab: ReadonlyMap<string, number>;
  /** Merges in the order learned, each `left right`. */
  readonly merges: readonly string[];
}

/** Learns `mergeCount` merges from `corpus`, the most frequent pair first (ties: first seen). */
export function trainByteBpe(corpus: string, mergeCount: number): ByteBpe {
  const byteChar = bytesToUnicode();
  const encoder = new TextEncoder();
  const words = (corpus.match(WORD) ?? []).map((word) =>
    [...encoder.encode(word)].map((byte) => byteChar[byte]!),
  );
  const vocab = new Map<string, number>(byteChar.map((char, id) => [char, id]));
  const merges: string[] = [];
  for (let m = 0; m < mergeCount; m++) {
    const counts = new Map<string, number>();
    for (const word of words) {
      for (let i = 0; i + 1 < word.length; i++) {
        const pair = `${word[i]} ${word[i + 1]}`;
        counts.set(pair, (counts.get(pair) ?? 0) + 1);
      }
    }
    let best: string | null = null;
    for (const [pair, count] of counts) if (!best || count > counts.get(best)!) best = pair;
    if (!best) break; // every word is one symbol
    const [left, right] = best.split(' ') as [string, string];
    merges.push(best);
    vocab.set(left + right, vocab.size);
    for (const word of words) {
      for (let i = 0; i + 1 < word.length; i++) {
        if (word[i] === left && word[i + 1] === right) word.splice(i, 2, left + right);
      }
    }
  }
  vocab.set(END_OF_TEXT, vocab.size);
  return { vocab, merges };
}

/** `bpe` as tokenizer.json, with GPT-2's pre-tokenizer, post-processor and decoder. */
export function tokenizerJson({ vocab, merges }: ByteBpe): string {
  const byteLevel = (addPrefixSpace: boolean, trimOffsets: boolean) => ({
    type: 'ByteLevel',
    add_prefix_space: addPrefixSpace,
    trim_offsets: trimOffsets,
    use_regex: true,
  });
  return JSON.stringify({
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      {
        id: vocab.get(END_OF_TEXT),
        content: END_OF_TEXT,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: true,
        special: true,
      },
    ],
    normalizer: null,
    pre_tokenizer: byteLevel(false, true),
    post_processor: byteLevel(true, false),
    decoder: byteLevel(true, true),
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab: Object.fromEntries(vocab),
      merges,
    },
  });
}
