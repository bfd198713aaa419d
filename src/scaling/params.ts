/**
 * Exact parameter counts, term by term, for each architecture family.
 *
 * Every term names the tensor it counts (Hugging Face / nanoGPT state-dict names) so a reader
 * can check it against a checkpoint: the released GPT-2, BERT, LLaMA, Mistral and Mixtral
 * checkpoints reproduce to the parameter (see src/models/presets.test.ts).
 *
 * Convention for `embedding` (kept everywhere in src/scaling): the lookup tables only —
 * token, learned position and token-type tables. Following Kaplan et al. 2020 (§2.1 and
 * Table 1, "N … excluding all vocabulary and positional embeddings"), these are left out of
 * `nonEmbedding`. An *untied* LM head (LLaMA, Mistral, Mixtral) is a d×V matmul applied to
 * every token, not a lookup, so it is counted as non-embedding; a *tied* head adds no
 * parameters (it reuses the token table). LayerNorm/RMSNorm weights, the BERT embedding
 * LayerNorm and the pooler are non-embedding. `byComponent.lmHead` shows the head on its own
 * for anyone who prefers the other convention.
 */
import { type ArchitectureConfig, headDim, kvHeadCount, type LlamaConfig } from './config';

/** Parameters per component, summed over all layers; they add up to `total`. */
export interface ParamComponents {
  /** Token embedding table, V × d. */
  tokenEmbedding: number;
  /** Learned position table, T × d (0 with rotary positions). */
  positionEmbedding: number;
  /** BERT token-type (segment) table, types × d. */
  tokenTypeEmbedding: number;
  /** BERT's LayerNorm right after the embeddings. */
  embeddingNorm: number;
  /** Q, K, V and output projections (with biases where the family has them), all layers. */
  attention: number;
  /** MLP weights (and biases), all layers; every expert for mixture-of-experts. */
  mlp: number;
  /** Mixture-of-experts router (gate) weights, all layers. */
  router: number;
  /** LayerNorm/RMSNorm weights (and biases) inside the blocks, all layers. */
  blockNorms: number;
  /** Final norm before the LM head (GPT-2 ln_f, LLaMA norm); BERT has none (post-norm). */
  finalNorm: number;
  /** Untied LM head, d × V; 0 when tied to the token embedding or absent (BERT). */
  lmHead: number;
  /** BERT pooler: dense d × d + bias. */
  pooler: number;
}

export interface ParamCount {
  /** Every parameter in the checkpoint. */
  total: number;
  /** Lookup tables: token + position (+ token type). See the file comment for the convention. */
  embedding: number;
  /** total − embedding: Kaplan et al. 2020's N. */
  nonEmbedding: number;
  /** Parameters used for one token: equals total except for mixture-of-experts. */
  active: number;
  /** Parameters of one transformer block (all experts for mixture-of-experts). */
  perLayer: number;
  byComponent: ParamComponents;
}

/** One transformer block, split the way ParamComponents is. */
interface BlockParams {
  attention: number;
  mlp: number;
  /** MLP parameters one token passes through (top-k experts for MoE). */
  activeMlp: number;
  router: number;
  norms: number;
}

/** GPT-2 block (nanoGPT model.py `Block`; HF GPT2Block). Pre-LayerNorm, biases everywhere. */
function gpt2Block(d: number, ffn: number): BlockParams {
  const ln1 = 2 * d; // ln_1: weight + bias
  const cAttn = d * 3 * d + 3 * d; // attn.c_attn: fused Q, K, V projection d → 3d, + bias
  const cProjAttn = d * d + d; // attn.c_proj: output projection d → d, + bias
  const ln2 = 2 * d; // ln_2: weight + bias
  const cFc = d * ffn + ffn; // mlp.c_fc: d → ffn (4d), + bias
  const cProjMlp = ffn * d + d; // mlp.c_proj: ffn → d, + bias
  const mlp = cFc + cProjMlp;
  return { attention: cAttn + cProjAttn, mlp, activeMlp: mlp, router: 0, norms: ln1 + ln2 };
}

/** BERT encoder layer (Devlin et al. 2019; HF BertLayer). Post-LayerNorm, biases everywhere. */
function bertBlock(d: number, ffn: number): BlockParams {
  const qkv = 3 * (d * d + d); // attention.self.{query,key,value}: d → d each, + bias
  const attnOut = d * d + d; // attention.output.dense: d → d, + bias
  const attnNorm = 2 * d; // attention.output.LayerNorm: weight + bias
  const intermediate = d * ffn + ffn; // intermediate.dense: d → ffn (4d), + bias
  const output = ffn * d + d; // output.dense: ffn → d, + bias
  const outNorm = 2 * d; // output.LayerNorm: weight + bias
  const mlp = intermediate + output;
  return { attention: qkv + attnOut, mlp, activeMlp: mlp, router: 0, norms: attnNorm + outNorm };
}

/**
 * LLaMA attention with grouped-query K/V (Touvron et al. 2023; Ainslie et al. 2023; HF
 * LlamaAttention). No biases, except Qwen2's on Q, K and V (HF Qwen2Attention). `qWidth` is
 * heads · headDim: dModel unless config.json gives a head_dim of its own.
 */
function llamaAttention(d: number, qWidth: number, kvWidth: number, qkvBias = false): number {
  const qProj = d * qWidth; // q_proj: d → heads · headDim
  const kProj = d * kvWidth; // k_proj: d → kvHeads · headDim
  const vProj = d * kvWidth; // v_proj: d → kvHeads · headDim
  const oProj = qWidth * d; // o_proj: heads · headDim → d
  const biases = qkvBias ? qWidth + 2 * kvWidth : 0; // q/k/v_proj.bias
  return qProj + kProj + vProj + oProj + biases;
}

/** SwiGLU MLP (Shazeer 2020; LLaMA paper §2.2; HF LlamaMLP): three matrices, no biases. */
function swigluMlp(d: number, ffn: number): number {
  const gateProj = d * ffn; // gate_proj: d → ffn
  const upProj = d * ffn; // up_proj: d → ffn
  const downProj = ffn * d; // down_proj: ffn → d
  return gateProj + upProj + downProj;
}

/** LLaMA decoder layer: RMSNorm (weight only) before attention and before the MLP. */
function llamaBlock(config: LlamaConfig, kvWidth: number): BlockParams {
  const d = config.dModel;
  const norms = d + d; // input_layernorm + post_attention_layernorm: weight only
  const mlp = swigluMlp(d, config.ffnDim);
  const qWidth = config.heads * headDim(config);
  const attention = llamaAttention(d, qWidth, kvWidth, config.qkvBias);
  return { attention, mlp, activeMlp: mlp, router: 0, norms };
}

/**
 * Mixtral sparse-MoE layer (Jiang et al. 2024 §2.1; HF MixtralDecoderLayer): LLaMA attention,
 * `experts` SwiGLU MLPs and a router `block_sparse_moe.gate` (d → experts, no bias).
 */
function moeBlock(
  d: number,
  ffn: number,
  kvWidth: number,
  experts: number,
  expertsPerToken: number,
): BlockParams {
  const norms = d + d; // input_layernorm + post_attention_layernorm: weight only
  const expertMlp = swigluMlp(d, ffn); // block_sparse_moe.experts.i.{w1,w3,w2}
  const router = d * experts; // block_sparse_moe.gate: d → experts
  return {
    attention: llamaAttention(d, d, kvWidth),
    mlp: experts * expertMlp,
    activeMlp: expertsPerToken * expertMlp,
    router,
    norms,
  };
}

function blockParams(config: ArchitectureConfig): BlockParams {
  const d = config.dModel;
  const kvWidth = kvHeadCount(config) * headDim(config);
  switch (config.family) {
    case 'gpt2':
      return gpt2Block(d, config.ffnDim);
    case 'bert':
      return bertBlock(d, config.ffnDim);
    case 'llama':
      return llamaBlock(config, kvWidth);
    case 'moe':
      return moeBlock(d, config.ffnDim, kvWidth, config.experts, config.expertsPerToken);
  }
}

/** Everything outside the blocks: embedding tables, embedding/final norms, head, pooler. */
function outsideBlocks(
  config: ArchitectureConfig,
): Omit<ParamComponents, 'attention' | 'mlp' | 'router' | 'blockNorms'> {
  const { vocabSize: V, contextLength: T, dModel: d } = config;
  const tokenEmbedding = V * d; // wte / word_embeddings / embed_tokens
  switch (config.family) {
    case 'gpt2':
      return {
        tokenEmbedding,
        positionEmbedding: T * d, // wpe: learned absolute positions
        tokenTypeEmbedding: 0,
        embeddingNorm: 0,
        finalNorm: 2 * d, // ln_f: weight + bias
        lmHead: config.tiedEmbeddings ? 0 : V * d, // lm_head (no bias in GPT-2)
        pooler: 0,
      };
    case 'bert':
      return {
        tokenEmbedding,
        positionEmbedding: T * d, // position_embeddings: learned
        tokenTypeEmbedding: config.tokenTypes * d, // token_type_embeddings
        embeddingNorm: 2 * d, // embeddings.LayerNorm: weight + bias
        finalNorm: 0, // post-LayerNorm blocks end normalised
        lmHead: 0, // encoder only: pre-training heads are not part of BertModel
        pooler: config.pooler ? d * d + d : 0, // pooler.dense: d → d, + bias
      };
    case 'llama':
    case 'moe':
      return {
        tokenEmbedding,
        positionEmbedding: 0, // rotary positions (Su et al. 2021): nothing learned
        tokenTypeEmbedding: 0,
        embeddingNorm: 0,
        finalNorm: d, // norm: RMSNorm weight only
        lmHead: config.tiedEmbeddings ? 0 : V * d, // lm_head: d → V, no bias
        pooler: 0,
      };
  }
}

/** Exact parameter count of a config, broken down by component. */
export function countParams(config: ArchitectureConfig): ParamCount {
  const block = blockParams(config);
  const outside = outsideBlocks(config);
  const L = config.layers;
  const byComponent: ParamComponents = {
    ...outside,
    attention: L * block.attention,
    mlp: L * block.mlp,
    router: L * block.router,
    blockNorms: L * block.norms,
  };
  const total = Object.values(byComponent).reduce((sum, n) => sum + n, 0);
  const embedding =
    byComponent.tokenEmbedding + byComponent.positionEmbedding + byComponent.tokenTypeEmbedding;
  // Only the routed experts' MLPs run for a token (Mixtral paper §2.1, "active parameters").
  const inactiveExperts = L * (block.mlp - block.activeMlp);
  return {
    total,
    embedding,
    nonEmbedding: total - embedding,
    active: total - inactiveExperts,
    perLayer: block.attention + block.mlp + block.router + block.norms,
    byComponent,
  };
}
