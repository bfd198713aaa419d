import { GGMLQuantizationType as T } from '@huggingface/gguf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countParams, type LlamaConfig } from '../../scaling';
import { readHubModel } from '../hub/hub-model';
import { type LocalHub, startLocalHub } from '../hub/testing/hub-server';
import { sourceFacts } from '../source';
import { blobFetch, localGgufUrl, readGgufHeader } from './gguf-header';
import { type GgufTensorToWrite, writeGguf } from './testing/write-gguf';

/** A small Llama with grouped-query attention, stored as a mixed-type GGUF. */
const config: LlamaConfig = {
  family: 'llama',
  vocabSize: 32000,
  contextLength: 2048,
  layers: 2,
  dModel: 256,
  heads: 4,
  kvHeads: 2,
  ffnDim: 512,
  tiedEmbeddings: false,
};
const d = 256;
const kv = 128; // 2 kv heads × head_dim 64
const ffn = 512;
const tensors: GgufTensorToWrite[] = [
  { name: 'token_embd.weight', type: T.Q4_0, shape: [d, 32000] },
  ...[0, 1].flatMap((i) => [
    { name: `blk.${i}.attn_norm.weight`, type: T.F32, shape: [d] },
    { name: `blk.${i}.attn_q.weight`, type: T.Q8_0, shape: [d, d] },
    { name: `blk.${i}.attn_k.weight`, type: T.Q8_0, shape: [d, kv] },
    { name: `blk.${i}.attn_v.weight`, type: T.Q8_0, shape: [d, kv] },
    { name: `blk.${i}.attn_output.weight`, type: T.Q4_0, shape: [d, d] },
    { name: `blk.${i}.ffn_norm.weight`, type: T.F32, shape: [d] },
    { name: `blk.${i}.ffn_gate.weight`, type: T.Q4_0, shape: [d, ffn] },
    { name: `blk.${i}.ffn_up.weight`, type: T.Q4_0, shape: [d, ffn] },
    { name: `blk.${i}.ffn_down.weight`, type: T.F16, shape: [ffn, d] },
  ]),
  { name: 'output_norm.weight', type: T.F32, shape: [d] },
  { name: 'output.weight', type: T.Q8_0, shape: [d, 32000] },
];
const metadata = {
  'general.architecture': { string: 'llama' },
  'general.name': { string: 'tiny-llama-test' },
  'llama.context_length': { u32: 2048 },
  'llama.embedding_length': { u32: d },
  'llama.block_count': { u32: 2 },
  'llama.feed_forward_length': { u32: ffn },
  'llama.attention.head_count': { u32: 4 },
  'llama.attention.head_count_kv': { u32: 2 },
  'llama.rope.freq_base': { f32: 10000 },
  'llama.vocab_size': { u32: 32000 },
};
const file = writeGguf({ metadata, tensors });

// Exact bytes by hand: Q4_0 is 18 bytes per 32, Q8_0 34 per 32, F16 2, F32 4 (ggml-common.h).
const q4 = (n: number) => (n / 32) * 18;
const q8 = (n: number) => (n / 32) * 34;
const EXPECTED = {
  Q4_0: q4(d * 32000) + 2 * q4(d * d + 2 * d * ffn),
  Q8_0: q8(d * 32000) + 2 * q8(d * d + 2 * d * kv),
  F16: 2 * 2 * ffn * d,
  F32: 4 * (2 * 2 * d + d),
};

describe('readGgufHeader', () => {
  let hub: LocalHub;
  beforeAll(async () => {
    hub = await startLocalHub([
      {
        repo: 'paramscope/tiny-llama-GGUF',
        files: { 'tiny-llama.Q8_0.gguf': file, 'tiny-llama.Q4_K_M.gguf': file, 'README.md': '#' },
      },
    ]);
  });
  afterAll(() => hub.close());

  it('reads architecture, tensors, their ggml types and exact bytes by Range', async () => {
    const url = `${hub.url}/paramscope/tiny-llama-GGUF/resolve/main/tiny-llama.Q8_0.gguf`;
    const header = await readGgufHeader(url, 'tiny-llama.Q8_0.gguf');
    expect(header.architecture).toBe('llama');
    expect(header.name).toBe('tiny-llama-test');
    expect(header.config).toEqual(config);
    expect(header.fileBytes).toBe(file.length);
    expect(header.tensors).toHaveLength(21);
    expect(header.tensors[1]).toEqual({
      name: 'blk.0.attn_norm.weight',
      dtype: 'F32',
      precision: 'f32',
      shape: [256],
      params: 256,
      bytes: 1024,
    });
    const bytes: Record<string, number> = {};
    for (const t of header.tensors) bytes[t.dtype] = (bytes[t.dtype] ?? 0) + t.bytes;
    expect(bytes).toEqual(EXPECTED);
    const params = header.tensors.reduce((a, t) => a + t.params, 0);
    expect(params).toBe(countParams(config).total);
    expect(params).toBe(17_564_928);
    // Read by ranges, not whole.
    expect(hub.requests.at(-1)).toMatch(/^GET .*tiny-llama\.Q8_0\.gguf bytes=0-1999999$/);
  });

  it('is a hub repo of GGUF files: the Q4_K_M one by default, known from a sliver', async () => {
    const reading = await readHubModel({ repo: 'paramscope/tiny-llama-GGUF', hubUrl: hub.url });
    const facts = sourceFacts(reading.model);
    expect(facts.params).toBe(17_564_928);
    expect(facts.config).toEqual(config);
    expect(facts.contextLength).toBe(2048);
    const total = Object.values(EXPECTED).reduce((a, b) => a + b, 0);
    // Most bytes are Q8_0 (the LM head), so the file is held as q8, every byte counted.
    expect(facts.weightBytes('q8')).toBe(total);
    expect(facts.largestTensor('q8')).toEqual({ name: 'output.weight', bytes: q8(d * 32000) });
    expect(reading.byDtype.Q4_0).toEqual({
      params: d * 32000 + 2 * (d * d + 2 * d * ffn),
      bytes: EXPECTED.Q4_0,
    });
    expect(hub.requests.some((r) => r.includes('tiny-llama.Q4_K_M.gguf bytes=0-'))).toBe(true);
    expect(reading.bytesRead).toBeLessThan(file.length / 2);
    const named = await readHubModel({
      repo: 'paramscope/tiny-llama-GGUF',
      hubUrl: hub.url,
      file: 'tiny-llama.Q8_0.gguf',
    });
    expect(sourceFacts(named.model).params).toBe(17_564_928);
    await expect(
      readHubModel({ repo: 'paramscope/tiny-llama-GGUF', hubUrl: hub.url, file: 'x.gguf' }),
    ).rejects.toThrow('paramscope/tiny-llama-GGUF: no GGUF file x.gguf');
  });

  it("reads Qwen2's Q/K/V biases, a head_dim of its own and a sliding window", async () => {
    const qwen = writeGguf({
      metadata: {
        ...metadata,
        'general.architecture': { string: 'qwen2' },
        ...Object.fromEntries(
          Object.entries(metadata)
            .filter(([k]) => k.startsWith('llama.'))
            .map(([k, v]) => [k.replace('llama.', 'qwen2.'), v]),
        ),
        'qwen2.attention.key_length': { u32: 128 }, // not 256 / 4
        'qwen2.attention.sliding_window': { u32: 1024 },
      },
      tensors: [{ name: 'token_embd.weight', type: T.F16, shape: [d, 32000] }],
    });
    const header = await readGgufHeader(
      localGgufUrl('q.gguf'),
      'q.gguf',
      blobFetch(new Blob([qwen])),
    );
    expect(header.config).toEqual({
      ...config,
      tiedEmbeddings: true, // no output.weight
      headDim: 128,
      qkvBias: true,
      slidingWindow: 1024,
    });
  });

  it('reads a local file through its own bytes', async () => {
    const blob = new Blob([file]);
    const header = await readGgufHeader(localGgufUrl('mine.gguf'), 'mine.gguf', blobFetch(blob));
    expect(header.tensors.map((t) => t.bytes)).toEqual(
      (await readGgufHeader(localGgufUrl('again.gguf'), 'again.gguf', blobFetch(blob))).tensors.map(
        (t) => t.bytes,
      ),
    );
    expect(header.fileBytes).toBe(file.length);
  });

  it('names the file and what is wrong with it', async () => {
    const read = (bytes: Uint8Array<ArrayBuffer>) =>
      readGgufHeader(localGgufUrl('bad.gguf'), 'bad.gguf', blobFetch(new Blob([bytes])));
    await expect(read(writeGguf({ metadata, tensors, truncateBy: 100 }))).rejects.toThrow(
      /^bad\.gguf: truncated: tensor output\.weight ends at byte \d+, but the file has \d+$/,
    );
    await expect(read(file.subarray(0, 300))).rejects.toThrow(/^bad\.gguf: truncated: the header/);
    await expect(read(new TextEncoder().encode('not a gguf at all'))).rejects.toThrow(
      'bad.gguf: not a valid gguf file: not starting with GGUF magic number',
    );
    // One F32 tensor of 4 elements, its type byte overwritten: Q4_0 (2) on 4 elements is not
    // whole blocks, and 99 is no ggml type at all.
    const typed = (type: number) => {
      const bytes = writeGguf({ metadata: {}, tensors: [{ name: 'x', type: T.F32, shape: [4] }] });
      bytes[TENSOR_TYPE_AT] = type;
      return bytes;
    };
    await expect(read(typed(2))).rejects.toThrow(
      'bad.gguf: tensor x has 4 elements, not whole Q4_0 blocks of 32',
    );
    await expect(read(typed(99))).rejects.toThrow(
      'bad.gguf: tensor x has ggml type 99, which paramscope does not know',
    );
  });
});

/** The lone tensor's u32 type in a file with no metadata: magic, version, two counts, the
 * name "x" (u64 length + 1 byte), n_dims, ne[0]. */
const TENSOR_TYPE_AT = 4 + 4 + 8 + 8 + (8 + 1) + 4 + 8;
