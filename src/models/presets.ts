/**
 * Model presets: the synthetic GPT-2 ladder paramscope measures, and released models whose
 * configs (from their papers and Hugging Face config.json files) reproduce the published
 * parameter counts exactly through src/scaling's countParams.
 */
import {
  type ArchitectureConfig,
  bertConfig,
  gpt2Config,
  llamaConfig,
  moeConfig,
} from '../scaling';

export interface ModelPreset {
  id: PresetId;
  name: string;
  config: ArchitectureConfig;
  /** Where the config comes from: a URL or a citation. */
  source: string;
  /** Total parameters as published (exact where the checkpoint is released). */
  publishedTotal?: number;
  /** Parameters active per token as published (mixture-of-experts only). */
  publishedActive?: number;
}

/** The synthetic ladder, smallest first (ARCHITECTURE.md, "The model ladder"). */
export const LADDER_IDS = [
  'gpt2-3m',
  'gpt2-7m',
  'gpt2-18m',
  'gpt2-51m',
  'gpt2-124m',
  'gpt2-355m',
  'gpt2-774m',
  'gpt2-1.5b',
] as const;

export type LadderId = (typeof LADDER_IDS)[number];

export type PresetId =
  | LadderId
  | 'distilgpt2'
  | 'gpt-3-175b'
  | 'bert-base'
  | 'bert-large'
  | 'distilbert-base'
  | 'llama-2-7b'
  | 'llama-2-13b'
  | 'llama-2-70b'
  | 'mistral-7b'
  | 'tinyllama-1.1b'
  | 'mixtral-8x7b';

const LADDER_SOURCE =
  'paramscope synthetic ladder: GPT-2 architecture (Radford et al. 2019) at reduced width and depth, vocab 50257, context 1024';
const GPT2_PAPER =
  'Radford et al. 2019, "Language Models are Unsupervised Multitask Learners", Table 2';

function preset(p: ModelPreset): Readonly<ModelPreset> {
  return Object.freeze({ ...p, config: Object.freeze({ ...p.config }) });
}

export const PRESETS: Readonly<Record<PresetId, Readonly<ModelPreset>>> = Object.freeze({
  'gpt2-3m': preset({
    id: 'gpt2-3m',
    name: 'GPT-2 ladder 3M',
    config: gpt2Config({ layers: 2, dModel: 64, heads: 2 }),
    source: LADDER_SOURCE,
  }),
  'gpt2-7m': preset({
    id: 'gpt2-7m',
    name: 'GPT-2 ladder 7M',
    config: gpt2Config({ layers: 4, dModel: 128, heads: 4 }),
    source: LADDER_SOURCE,
  }),
  'gpt2-18m': preset({
    id: 'gpt2-18m',
    name: 'GPT-2 ladder 18M',
    config: gpt2Config({ layers: 6, dModel: 256, heads: 4 }),
    source: LADDER_SOURCE,
  }),
  'gpt2-51m': preset({
    id: 'gpt2-51m',
    name: 'GPT-2 ladder 51M',
    config: gpt2Config({ layers: 8, dModel: 512, heads: 8 }),
    source: LADDER_SOURCE,
  }),
  'gpt2-124m': preset({
    id: 'gpt2-124m',
    name: 'GPT-2 (124M)',
    config: gpt2Config({ layers: 12, dModel: 768, heads: 12 }),
    source: `https://huggingface.co/openai-community/gpt2/blob/main/config.json; ${GPT2_PAPER}`,
    publishedTotal: 124_439_808,
  }),
  'gpt2-355m': preset({
    id: 'gpt2-355m',
    name: 'GPT-2 Medium (355M)',
    config: gpt2Config({ layers: 24, dModel: 1024, heads: 16 }),
    source: `https://huggingface.co/openai-community/gpt2-medium/blob/main/config.json; ${GPT2_PAPER}`,
    publishedTotal: 354_823_168,
  }),
  'gpt2-774m': preset({
    id: 'gpt2-774m',
    name: 'GPT-2 Large (774M)',
    config: gpt2Config({ layers: 36, dModel: 1280, heads: 20 }),
    source: `https://huggingface.co/openai-community/gpt2-large/blob/main/config.json; ${GPT2_PAPER}`,
    publishedTotal: 774_030_080,
  }),
  'gpt2-1.5b': preset({
    id: 'gpt2-1.5b',
    name: 'GPT-2 XL (1.5B)',
    config: gpt2Config({ layers: 48, dModel: 1600, heads: 25 }),
    source: `https://huggingface.co/openai-community/gpt2-xl/blob/main/config.json; ${GPT2_PAPER}`,
    publishedTotal: 1_557_611_200,
  }),
  distilgpt2: preset({
    id: 'distilgpt2',
    name: 'DistilGPT2',
    // GPT-2 small with 6 of its 12 layers (n_layer 6 in config.json).
    config: gpt2Config({ layers: 6, dModel: 768, heads: 12 }),
    source: 'https://huggingface.co/distilbert/distilgpt2/blob/main/config.json',
    publishedTotal: 81_912_576,
  }),
  'gpt-3-175b': preset({
    id: 'gpt-3-175b',
    name: 'GPT-3 175B',
    // GPT-2's layout (Brown et al. 2020 §2.1: "the same model and architecture as GPT-2"),
    // with d_ff = 4·d_model and the GPT-2 BPE vocabulary. The paper's "175.0B" is rounded;
    // this config gives 174,604,259,328 (see presets.test.ts).
    config: gpt2Config({ layers: 96, dModel: 12288, heads: 96, contextLength: 2048 }),
    source: 'Brown et al. 2020, "Language Models are Few-Shot Learners", Table 2.1 (GPT-3 175B)',
    publishedTotal: 175.0e9,
  }),
  'bert-base': preset({
    id: 'bert-base',
    name: 'BERT-base (uncased)',
    config: bertConfig({ layers: 12, dModel: 768, heads: 12 }),
    source:
      'https://huggingface.co/google-bert/bert-base-uncased/blob/main/config.json; Devlin et al. 2019 §3 (BERT-base, 110M)',
    publishedTotal: 109_482_240,
  }),
  'bert-large': preset({
    id: 'bert-large',
    name: 'BERT-large (uncased)',
    config: bertConfig({ layers: 24, dModel: 1024, heads: 16 }),
    source:
      'https://huggingface.co/google-bert/bert-large-uncased/blob/main/config.json; Devlin et al. 2019 §3 (BERT-large, 340M)',
    publishedTotal: 335_141_888,
  }),
  'distilbert-base': preset({
    id: 'distilbert-base',
    name: 'DistilBERT-base (uncased)',
    // No token-type table and no pooler (Sanh et al. 2019 §3 removes both).
    config: bertConfig({ layers: 6, dModel: 768, heads: 12, tokenTypes: 0, pooler: false }),
    source:
      'https://huggingface.co/distilbert/distilbert-base-uncased/blob/main/config.json; Sanh et al. 2019',
    publishedTotal: 66_362_880,
  }),
  'llama-2-7b': preset({
    id: 'llama-2-7b',
    name: 'Llama 2 7B',
    config: llamaConfig({ layers: 32, dModel: 4096, heads: 32, ffnDim: 11008 }),
    source:
      'https://huggingface.co/meta-llama/Llama-2-7b-hf/blob/main/config.json; Touvron et al. 2023, "Llama 2", Table 1',
    publishedTotal: 6_738_415_616,
  }),
  'llama-2-13b': preset({
    id: 'llama-2-13b',
    name: 'Llama 2 13B',
    config: llamaConfig({ layers: 40, dModel: 5120, heads: 40, ffnDim: 13824 }),
    source:
      'https://huggingface.co/meta-llama/Llama-2-13b-hf/blob/main/config.json; Touvron et al. 2023, "Llama 2", Table 1',
    publishedTotal: 13_015_864_320,
  }),
  'llama-2-70b': preset({
    id: 'llama-2-70b',
    name: 'Llama 2 70B',
    // Grouped-query attention with 8 K/V heads (Llama 2 paper §2.2).
    config: llamaConfig({ layers: 80, dModel: 8192, heads: 64, kvHeads: 8, ffnDim: 28672 }),
    source:
      'https://huggingface.co/meta-llama/Llama-2-70b-hf/blob/main/config.json; Touvron et al. 2023, "Llama 2", Table 1',
    publishedTotal: 68_976_648_192,
  }),
  'mistral-7b': preset({
    id: 'mistral-7b',
    name: 'Mistral 7B (v0.1)',
    // max_position_embeddings 32768 in config.json; attention uses a 4096-token sliding window,
    // which changes no parameter.
    config: llamaConfig({
      layers: 32,
      dModel: 4096,
      heads: 32,
      kvHeads: 8,
      ffnDim: 14336,
      contextLength: 32768,
    }),
    source:
      'https://huggingface.co/mistralai/Mistral-7B-v0.1/blob/main/config.json; Jiang et al. 2023, "Mistral 7B", Table 1',
    publishedTotal: 7_241_732_096,
  }),
  'tinyllama-1.1b': preset({
    id: 'tinyllama-1.1b',
    name: 'TinyLlama 1.1B',
    config: llamaConfig({
      layers: 22,
      dModel: 2048,
      heads: 32,
      kvHeads: 4,
      ffnDim: 5632,
      contextLength: 2048,
    }),
    source:
      'https://huggingface.co/TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T/blob/main/config.json; Zhang et al. 2024, "TinyLlama"',
    publishedTotal: 1_100_048_384,
  }),
  'mixtral-8x7b': preset({
    id: 'mixtral-8x7b',
    name: 'Mixtral 8x7B',
    config: moeConfig({
      layers: 32,
      dModel: 4096,
      heads: 32,
      kvHeads: 8,
      ffnDim: 14336,
      contextLength: 32768,
      experts: 8,
      expertsPerToken: 2,
    }),
    source:
      'https://huggingface.co/mistralai/Mixtral-8x7B-v0.1/blob/main/config.json; Jiang et al. 2024, "Mixtral of Experts" §2 ("47B" total, "13B" active)',
    publishedTotal: 46_702_792_704,
    publishedActive: 12_879_925_248,
  }),
});

export function isPresetId(id: string): id is PresetId {
  return Object.hasOwn(PRESETS, id);
}
