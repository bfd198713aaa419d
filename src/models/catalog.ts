/**
 * Real model ladders: families of released models at several sizes, so a chart can put real
 * families against parameter count. Each model is its hub repo and the fields of its
 * config.json that fix its shape, copied from that file; the exact parameter count is computed
 * from them by src/scaling/params.ts (through ./hub/hub-config.ts, the reader a repo's own
 * config.json goes through), and catalog.test.ts checks it against the published figure.
 *
 * What is NOT here, on purpose: the bytes of each dtype file (fp32, fp16, q8, q4, …). They
 * depend on the export (which tensors stay wide, block sizes, external-data files) and cannot
 * be known offline; they are read at run time from the hub's file list (./hub/hub-model.ts,
 * ./hub/onnx-files.ts) and never invented. Any other hub id can be typed where a catalog
 * model can be picked.
 */
import type { ArchitectureConfig } from '../scaling';
import { countParams } from '../scaling';
import { architectureFromConfig } from './hub/hub-config';

/** One released model: its repo and its config.json's shape fields. */
export interface CatalogModel {
  /** The hub repo, `owner/name`: where config.json and the weights are. */
  readonly repo: string;
  /** Its size as the family names it: `124M`, `1.7B`. */
  readonly size: string;
  /** The fields of the repo's config.json that fix the architecture, as they are there. */
  readonly configJson: Readonly<Record<string, unknown>>;
  /** Why a download may be refused, where the repo is gated. */
  readonly access?: string;
}

export interface CatalogFamily {
  readonly label: string;
  /** Where the family's configs and figures come from. */
  readonly source: string;
  /** Smallest first. */
  readonly models: readonly CatalogModel[];
}

export const CATALOG_FAMILIES = ['gpt2', 'smollm2', 'qwen2.5', 'llama3.2'] as const;
export type CatalogFamilyId = (typeof CATALOG_FAMILIES)[number];

/** GPT2Config fields; the rest of each config.json is GPT-2's defaults (vocab 50257, 1024). */
const gpt2 = (
  repo: string,
  size: string,
  layers: number,
  width: number,
  heads: number,
): CatalogModel => ({
  repo,
  size,
  configJson: {
    model_type: 'gpt2',
    vocab_size: 50257,
    n_positions: 1024,
    n_layer: layers,
    n_embd: width,
    n_head: heads,
  },
});

/** The shape fields of a LlamaConfig / Qwen2Config config.json. */
type LlamaShape = {
  readonly model_type: 'llama' | 'qwen2';
  readonly vocab_size: number;
  readonly max_position_embeddings: number;
  readonly num_hidden_layers: number;
  readonly hidden_size: number;
  readonly num_attention_heads: number;
  readonly num_key_value_heads: number;
  readonly intermediate_size: number;
  readonly tie_word_embeddings: boolean;
};

const llamaLike = (
  repo: string,
  size: string,
  configJson: LlamaShape,
  access?: string,
): CatalogModel => ({ repo, size, configJson, ...(access ? { access } : {}) });

const LLAMA_LICENSE = 'gated on the hub: accept the Llama 3.2 licence and sign in to download';

export const CATALOG: Readonly<Record<CatalogFamilyId, CatalogFamily>> = Object.freeze({
  gpt2: {
    label: 'GPT-2',
    source: 'openai-community/gpt2* config.json (Radford et al. 2019)',
    models: [
      gpt2('openai-community/gpt2', '124M', 12, 768, 12),
      gpt2('openai-community/gpt2-medium', '355M', 24, 1024, 16),
      gpt2('openai-community/gpt2-large', '774M', 36, 1280, 20),
      gpt2('openai-community/gpt2-xl', '1.5B', 48, 1600, 25),
    ],
  },
  smollm2: {
    label: 'SmolLM2',
    source: 'HuggingFaceTB/SmolLM2-* config.json (Allal et al. 2025)',
    models: [
      llamaLike('HuggingFaceTB/SmolLM2-135M', '135M', {
        model_type: 'llama',
        vocab_size: 49152,
        max_position_embeddings: 8192,
        num_hidden_layers: 30,
        hidden_size: 576,
        num_attention_heads: 9,
        num_key_value_heads: 3,
        intermediate_size: 1536,
        tie_word_embeddings: true,
      }),
      llamaLike('HuggingFaceTB/SmolLM2-360M', '360M', {
        model_type: 'llama',
        vocab_size: 49152,
        max_position_embeddings: 8192,
        num_hidden_layers: 32,
        hidden_size: 960,
        num_attention_heads: 15,
        num_key_value_heads: 5,
        intermediate_size: 2560,
        tie_word_embeddings: true,
      }),
      llamaLike('HuggingFaceTB/SmolLM2-1.7B', '1.7B', {
        model_type: 'llama',
        vocab_size: 49152,
        max_position_embeddings: 8192,
        num_hidden_layers: 24,
        hidden_size: 2048,
        num_attention_heads: 32,
        num_key_value_heads: 32,
        intermediate_size: 8192,
        tie_word_embeddings: true,
      }),
    ],
  },
  'qwen2.5': {
    label: 'Qwen2.5',
    source: 'Qwen/Qwen2.5-* config.json and model cards (Qwen Team 2024)',
    models: [
      llamaLike('Qwen/Qwen2.5-0.5B', '0.5B', {
        model_type: 'qwen2',
        vocab_size: 151936,
        max_position_embeddings: 32768,
        num_hidden_layers: 24,
        hidden_size: 896,
        num_attention_heads: 14,
        num_key_value_heads: 2,
        intermediate_size: 4864,
        tie_word_embeddings: true,
      }),
      llamaLike('Qwen/Qwen2.5-1.5B', '1.5B', {
        model_type: 'qwen2',
        vocab_size: 151936,
        max_position_embeddings: 131072,
        num_hidden_layers: 28,
        hidden_size: 1536,
        num_attention_heads: 12,
        num_key_value_heads: 2,
        intermediate_size: 8960,
        tie_word_embeddings: true,
      }),
      llamaLike('Qwen/Qwen2.5-3B', '3B', {
        model_type: 'qwen2',
        vocab_size: 151936,
        max_position_embeddings: 32768,
        num_hidden_layers: 36,
        hidden_size: 2048,
        num_attention_heads: 16,
        num_key_value_heads: 2,
        intermediate_size: 11008,
        tie_word_embeddings: true,
      }),
    ],
  },
  'llama3.2': {
    label: 'Llama 3.2',
    source: 'meta-llama/Llama-3.2-* config.json (Meta 2024)',
    models: [
      llamaLike(
        'meta-llama/Llama-3.2-1B',
        '1B',
        {
          model_type: 'llama',
          vocab_size: 128256,
          max_position_embeddings: 131072,
          num_hidden_layers: 16,
          hidden_size: 2048,
          num_attention_heads: 32,
          num_key_value_heads: 8,
          intermediate_size: 8192,
          tie_word_embeddings: true,
        },
        LLAMA_LICENSE,
      ),
      llamaLike(
        'meta-llama/Llama-3.2-3B',
        '3B',
        {
          model_type: 'llama',
          vocab_size: 128256,
          max_position_embeddings: 131072,
          num_hidden_layers: 28,
          hidden_size: 3072,
          num_attention_heads: 24,
          num_key_value_heads: 8,
          intermediate_size: 8192,
          tie_word_embeddings: true,
        },
        LLAMA_LICENSE,
      ),
    ],
  },
} satisfies Record<CatalogFamilyId, CatalogFamily>);

/** The architecture a catalog model's config.json describes. */
export function catalogConfig(model: CatalogModel): ArchitectureConfig {
  const config = architectureFromConfig(model.configJson);
  if (!config) throw new Error(`${model.repo}: its catalog config.json is not one we read`);
  return config;
}

/** A catalog model's exact parameter count, from its config (src/scaling/params.ts). */
export const catalogParams = (model: CatalogModel): number =>
  countParams(catalogConfig(model)).total;

/** Every catalog model, family by family, smallest first. */
export function catalogModels(): readonly (CatalogModel & { readonly family: CatalogFamilyId })[] {
  return CATALOG_FAMILIES.flatMap((family) =>
    CATALOG[family].models.map((model) => ({ ...model, family })),
  );
}

/** The catalog model of `repo`, or undefined for a repo it does not list. */
export const catalogModel = (repo: string) => catalogModels().find((m) => m.repo === repo);
