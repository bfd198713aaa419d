/**
 * `paramscope/tiny-gpt2`: a GPT-2 with deterministic weights, written in the hub's own layout,
 * so that the real loading code (transformers.js, @huggingface/hub, our readers) runs on it
 * offline. scripts/fixtures writes it under public/models/ for the page and the e2e tests; unit
 * tests serve it from memory (./testing/hub-server.ts).
 *
 * Files, as the hub's GPT-2 repos and their transformers.js exports have them:
 *   config.json, generation_config.json   GPT2Config and GenerationConfig, as save_pretrained writes them
 *   tokenizer.json, tokenizer_config.json  a byte-level BPE trained here (./byte-bpe.ts)
 *   model.safetensors                       the weights, hub tensor names (./gpt2-checkpoint.ts)
 *   onnx/model{,_fp16,_quantized,_q4}.onnx  the decoder with past at fp32, fp16, q8, q4, with
 *                                           the inputs/outputs of the hub's exports
 * Both weight files hold the same weights, so any engine that reads either runs one model.
 */
import { gpt2Config } from '../../scaling';
import { writeDecoderOnnx } from '../onnx/write-gpt2';
import { GPT2_WEIGHT_INIT, materializeWeights } from '../weights';
import { END_OF_TEXT, tokenizerJson, trainByteBpe } from './byte-bpe';
import { writeGpt2Checkpoint } from './gpt2-checkpoint';

export const TINY_GPT2_REPO = 'paramscope/tiny-gpt2';

/** What the tokenizer learns from: enough repeats for a few hundred merges. */
const CORPUS = [
  'How does the cost of a language model grow with its number of parameters?',
  'Measure latency and memory against parameter count on your own GPU, through WebGPU.',
  'The quick brown fox jumps over the lazy dog. Scaling laws predict the loss of a model.',
  'Prefill reads the prompt at once; decode writes one token at a time from its cache.',
].join(' ');

/** 256 byte tokens + 63 merges + <|endoftext|> = 320: a multiple of 64, as GPT-2 pads to. */
const MERGES = 63;

const bpe = trainByteBpe(CORPUS, MERGES);

export const TINY_GPT2_CONFIG = gpt2Config({
  layers: 2,
  dModel: 64,
  heads: 2,
  vocabSize: bpe.vocab.size,
  contextLength: 128,
});

/** Every file of the repo, by path. */
export function tinyGpt2Files(): Record<string, Uint8Array | string> {
  const config = TINY_GPT2_CONFIG;
  const eos = bpe.vocab.get(END_OF_TEXT)!;
  return {
    'config.json': JSON.stringify({
      architectures: ['GPT2LMHeadModel'],
      model_type: 'gpt2',
      vocab_size: config.vocabSize,
      n_positions: config.contextLength,
      n_ctx: config.contextLength,
      n_embd: config.dModel,
      n_layer: config.layers,
      n_head: config.heads,
      n_inner: null,
      activation_function: 'gelu_new',
      layer_norm_epsilon: 1e-5,
      bos_token_id: eos,
      eos_token_id: eos,
      tie_word_embeddings: true,
      use_cache: true,
    }),
    'generation_config.json': JSON.stringify({ bos_token_id: eos, eos_token_id: eos }),
    'tokenizer.json': tokenizerJson(bpe),
    'tokenizer_config.json': JSON.stringify({
      tokenizer_class: 'GPT2Tokenizer',
      model_max_length: config.contextLength,
      bos_token: END_OF_TEXT,
      eos_token: END_OF_TEXT,
      unk_token: END_OF_TEXT,
      add_prefix_space: false,
    }),
    'model.safetensors': writeGpt2Checkpoint(materializeWeights(config, GPT2_WEIGHT_INIT)),
    // The exports transformers.js names fp32, fp16, q8 and q4 (./onnx-files.ts).
    'onnx/model.onnx': writeDecoderOnnx(config, { init: GPT2_WEIGHT_INIT }).model,
    'onnx/model_fp16.onnx': writeDecoderOnnx(config, { init: GPT2_WEIGHT_INIT, dtype: 'f16' })
      .model,
    'onnx/model_quantized.onnx': writeDecoderOnnx(config, { init: GPT2_WEIGHT_INIT, dtype: 'q8' })
      .model,
    'onnx/model_q4.onnx': writeDecoderOnnx(config, { init: GPT2_WEIGHT_INIT, dtype: 'q4' }).model,
  };
}
