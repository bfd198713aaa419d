import { describe, expect, it } from 'vitest';
import { countParams } from '../../scaling';
import { readSafetensors } from '../safetensors';
import { bytesToUnicode, END_OF_TEXT, trainByteBpe } from './byte-bpe';
import { onnxExports } from './onnx-files';
import { TINY_GPT2_CONFIG, tinyGpt2Files } from './tiny-gpt2';

describe('paramscope/tiny-gpt2', () => {
  const files = tinyGpt2Files();
  const size = (data: Uint8Array | string) =>
    typeof data === 'string' ? new TextEncoder().encode(data).length : data.length;

  it('has the files of a hub GPT-2 repo with a transformers.js export', () => {
    expect(Object.keys(files).sort()).toEqual([
      'config.json',
      'generation_config.json',
      'model.safetensors',
      'onnx/model.onnx',
      'onnx/model_fp16.onnx',
      'onnx/model_q4.onnx',
      'onnx/model_quantized.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const listing = Object.entries(files).map(([path, data]) => ({ path, bytes: size(data) }));
    expect(onnxExports(listing).map((e) => e.dtype)).toEqual(['fp32', 'fp16', 'q8', 'q4']);
  });

  it('holds in model.safetensors exactly the parameters its config counts', () => {
    const { tensors } = readSafetensors(files['model.safetensors'] as Uint8Array);
    const params = [...tensors.values()].reduce(
      (sum, t) => sum + t.shape.reduce((a, b) => a * b, 1),
      0,
    );
    expect(params).toBe(countParams(TINY_GPT2_CONFIG).total);
    expect(params).toBe(128_768);
    expect(tensors.has('wte.weight')).toBe(true); // the hub's names, no transformer. prefix
  });

  it('has a vocabulary of 320: 256 bytes, 63 merges, <|endoftext|> last', () => {
    const tokenizer = JSON.parse(files['tokenizer.json'] as string);
    expect(Object.keys(tokenizer.model.vocab)).toHaveLength(TINY_GPT2_CONFIG.vocabSize);
    expect(TINY_GPT2_CONFIG.vocabSize).toBe(320);
    expect(tokenizer.model.vocab[END_OF_TEXT]).toBe(319);
    expect(tokenizer.model.merges).toHaveLength(63);
  });
});

describe('trainByteBpe', () => {
  it("maps bytes as GPT-2 does: a space is 'Ġ', printable ASCII is itself", () => {
    const table = bytesToUnicode();
    expect(table[32]).toBe('Ġ');
    expect(table[65]).toBe('A');
    expect(new Set(table).size).toBe(256);
  });

  it('merges the most frequent pair first', () => {
    const { merges, vocab } = trainByteBpe('ab ab ab cd', 2);
    expect(merges[0]).toBe('a b');
    expect(merges[1]).toBe('Ġ ab');
    expect(vocab.get('ab')).toBe(256);
    expect(vocab.get('Ġab')).toBe(257);
    expect(vocab.get(END_OF_TEXT)).toBe(258);
  });
});
