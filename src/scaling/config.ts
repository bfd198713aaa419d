/**
 * Architecture configs: the few numbers that fix a transformer's shape, and so its parameter
 * count, memory and FLOPs. One discriminated union, `family` says which block is used.
 *
 * Field names follow nanoGPT's GPTConfig in spirit (n_layer → layers, n_embd → dModel,
 * n_head → heads, block_size → contextLength) and Hugging Face config.json for the rest
 * (intermediate_size → ffnDim, num_key_value_heads → kvHeads).
 */

/** Fields every family has. */
interface TransformerShape {
  /** Token vocabulary size (rows of the token embedding table). */
  readonly vocabSize: number;
  /** Longest sequence the model accepts; the size of a learned position table if it has one. */
  readonly contextLength: number;
  /** Number of transformer blocks (n_layer). */
  readonly layers: number;
  /** Width of the residual stream (d_model, n_embd, hidden_size). */
  readonly dModel: number;
  /** Attention (query) heads; head dimension is dModel / heads. */
  readonly heads: number;
  /** Hidden width of the MLP (per expert for mixture-of-experts). */
  readonly ffnDim: number;
}

/**
 * GPT-2 (Radford et al. 2019; nanoGPT model.py): learned position table, pre-LayerNorm with
 * bias, biased attention and MLP projections, GELU MLP of width 4·d, LM head tied to the token
 * embedding. GPT-3 (Brown et al. 2020) has the same parameter layout.
 */
export interface Gpt2Config extends TransformerShape {
  readonly family: 'gpt2';
  /** LM head shares the token embedding matrix (true for GPT-2 and GPT-3). */
  readonly tiedEmbeddings: boolean;
}

/**
 * BERT encoder (Devlin et al. 2019; HF BertModel): token + position + token-type tables,
 * LayerNorm right after the embeddings, post-LayerNorm blocks with biases everywhere, GELU MLP,
 * optional pooler (dense d×d + tanh on [CLS]). No pre-training heads are counted.
 */
export interface BertConfig extends TransformerShape {
  readonly family: 'bert';
  /** Rows of the token-type (segment) table: 2 for BERT, 0 for DistilBERT. */
  readonly tokenTypes: number;
  /** Whether the [CLS] pooler (d×d weight + d bias) is present: BERT yes, DistilBERT no. */
  readonly pooler: boolean;
}

/**
 * LLaMA (Touvron et al. 2023): RMSNorm (weight only, no bias), no biases in linear layers,
 * SwiGLU MLP (gate, up, down: three d×ffn matrices), rotary positions (RoPE, no position
 * table), grouped-query attention with `kvHeads` key/value heads (Ainslie et al. 2023),
 * untied LM head by default.
 */
export interface LlamaConfig extends TransformerShape {
  readonly family: 'llama';
  /** Key/value heads for grouped-query attention; equals `heads` for plain multi-head. */
  readonly kvHeads: number;
  /** LM head shares the token embedding matrix (false for LLaMA 1/2, Mistral, TinyLlama). */
  readonly tiedEmbeddings: boolean;
  /**
   * Width of one attention head where config.json gives it (`head_dim`): Mistral-Nemo's 128
   * beside 5120 / 32 = 160. Absent: dModel / heads.
   */
  readonly headDim?: number;
  /** Q, K and V projections carry biases (Qwen2: HF Qwen2Attention, `bias=True`); o_proj not. */
  readonly qkvBias?: boolean;
  /**
   * Sliding-window attention (Mistral-7B-v0.1: 4096): a layer attends to, and caches, at most
   * this many tokens. Absent: full attention.
   */
  readonly slidingWindow?: number;
}

/**
 * Sparse mixture-of-experts on a LLaMA block (Mixtral, Jiang et al. 2024): each block has
 * `experts` SwiGLU MLPs of width `ffnDim` and a linear router (d × experts, no bias); each
 * token is sent to `expertsPerToken` of them.
 */
export interface MoeConfig extends TransformerShape {
  readonly family: 'moe';
  readonly kvHeads: number;
  readonly tiedEmbeddings: boolean;
  /** Experts per block. */
  readonly experts: number;
  /** Experts each token is routed to (top-k). */
  readonly expertsPerToken: number;
}

export type ArchitectureConfig = Gpt2Config | BertConfig | LlamaConfig | MoeConfig;
export type ArchitectureFamily = ArchitectureConfig['family'];

/** Width of one attention head. */
export function headDim(config: ArchitectureConfig): number {
  if (config.family === 'llama' && config.headDim !== undefined) return config.headDim;
  return config.dModel / config.heads;
}

/** Key/value heads: GPT-2 and BERT use plain multi-head attention, one K/V per query head. */
export function kvHeadCount(config: ArchitectureConfig): number {
  return config.family === 'llama' || config.family === 'moe' ? config.kvHeads : config.heads;
}

/**
 * LLaMA's MLP width: 2/3 · 4d (so SwiGLU's three matrices cost what a 4d GELU MLP's two do),
 * rounded up to a multiple of 256 (LLaMA paper §2.2; Meta's model.py `multiple_of`).
 * 4096 → 11008 (Llama-2-7B), 5120 → 13824 (Llama-2-13B).
 */
export function llamaFfnDim(dModel: number, multipleOf = 256): number {
  const twoThirdsOfFourD = Math.floor((2 * 4 * dModel) / 3);
  return multipleOf * Math.ceil(twoThirdsOfFourD / multipleOf);
}

type ShapeInput = Pick<TransformerShape, 'layers' | 'dModel' | 'heads'> & Partial<TransformerShape>;

/** A GPT-2 config; defaults are GPT-2's: vocab 50257, context 1024, ffn 4·d, tied head. */
export function gpt2Config(shape: ShapeInput & { tiedEmbeddings?: boolean }): Gpt2Config {
  return {
    family: 'gpt2',
    vocabSize: shape.vocabSize ?? 50257,
    contextLength: shape.contextLength ?? 1024,
    layers: shape.layers,
    dModel: shape.dModel,
    heads: shape.heads,
    ffnDim: shape.ffnDim ?? 4 * shape.dModel,
    tiedEmbeddings: shape.tiedEmbeddings ?? true,
  };
}

/** A BERT config; defaults are bert-base-uncased's: vocab 30522, 512 positions, 2 types. */
export function bertConfig(
  shape: ShapeInput & { tokenTypes?: number; pooler?: boolean },
): BertConfig {
  return {
    family: 'bert',
    vocabSize: shape.vocabSize ?? 30522,
    contextLength: shape.contextLength ?? 512,
    layers: shape.layers,
    dModel: shape.dModel,
    heads: shape.heads,
    ffnDim: shape.ffnDim ?? 4 * shape.dModel,
    tokenTypes: shape.tokenTypes ?? 2,
    pooler: shape.pooler ?? true,
  };
}

/** A LLaMA config; defaults are Llama 2's: vocab 32000, context 4096, MHA, untied head. */
export function llamaConfig(
  shape: ShapeInput & { kvHeads?: number; tiedEmbeddings?: boolean },
): LlamaConfig {
  return {
    family: 'llama',
    vocabSize: shape.vocabSize ?? 32000,
    contextLength: shape.contextLength ?? 4096,
    layers: shape.layers,
    dModel: shape.dModel,
    heads: shape.heads,
    ffnDim: shape.ffnDim ?? llamaFfnDim(shape.dModel),
    kvHeads: shape.kvHeads ?? shape.heads,
    tiedEmbeddings: shape.tiedEmbeddings ?? false,
  };
}

/** A mixture-of-experts config on a LLaMA block; defaults are Mixtral's 8 experts, top-2. */
export function moeConfig(
  shape: ShapeInput & {
    kvHeads?: number;
    tiedEmbeddings?: boolean;
    experts?: number;
    expertsPerToken?: number;
  },
): MoeConfig {
  return {
    family: 'moe',
    vocabSize: shape.vocabSize ?? 32000,
    contextLength: shape.contextLength ?? 4096,
    layers: shape.layers,
    dModel: shape.dModel,
    heads: shape.heads,
    ffnDim: shape.ffnDim ?? llamaFfnDim(shape.dModel),
    kvHeads: shape.kvHeads ?? shape.heads,
    tiedEmbeddings: shape.tiedEmbeddings ?? false,
    experts: shape.experts ?? 8,
    expertsPerToken: shape.expertsPerToken ?? 2,
  };
}
