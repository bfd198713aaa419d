/**
 * FLOPs: per token for a forward pass (Kaplan et al. 2020), per token for training (PaLM,
 * Chowdhery et al. 2022, Appendix B), for a whole training run (6ND), and model FLOPs
 * utilisation. One FLOP is one floating-point add or multiply, so a multiply-accumulate is 2.
 */
import { type ArchitectureConfig, headDim } from './config';
import { countParams } from './params';

/**
 * Parameters that take part in a matmul for every token: active non-embedding parameters
 * (embedding lookups cost no FLOPs), without the LM head unless asked. With `includeLmHead`,
 * the d×V output projection counts for tied models too, since the matmul runs either way.
 * Norm weights and biases are included; they are a fraction of a percent.
 */
export function matmulParamsPerToken(
  config: ArchitectureConfig,
  { includeLmHead = false }: { includeLmHead?: boolean } = {},
): number {
  const count = countParams(config);
  const body = count.active - count.embedding - count.byComponent.lmHead;
  const hasLmHead = config.family !== 'bert'; // BertModel ends at the encoder (and pooler)
  const lmHead = includeLmHead && hasLmHead ? config.dModel * config.vocabSize : 0;
  return body + lmHead;
}

/**
 * Forward FLOPs per token, Kaplan et al. 2020 Table 1:
 *   C_forward ≈ 2N + 2 · n_layer · n_ctx · d_attn
 * 2N: each parameter is one multiply-accumulate per token; N is the non-embedding count
 * (for mixture-of-experts, the active one). 2·n_layer·n_ctx·d_attn: attending over n_ctx
 * positions with d_attn = heads · headDim. Kaplan leave the de-embedding (2·d·V) out of
 * C_forward; pass `includeLmHead` to add it, which matters for small models with big vocabs.
 */
export function forwardFlopsPerToken(
  config: ArchitectureConfig,
  context: number,
  opts: { includeLmHead?: boolean } = {},
): number {
  const N = matmulParamsPerToken(config, opts);
  const dAttn = config.heads * headDim(config);
  return 2 * N + 2 * config.layers * context * dAttn;
}

/**
 * Training FLOPs per token, PaLM (Chowdhery et al. 2022) Appendix B, the form nanoGPT's
 * `estimate_mfu` uses:
 *   6N + 12 · L · H · Q · T
 * L layers, H heads, Q head dimension, T sequence length; 6N is forward (2N) plus backward
 * (4N). The attention term counts both QKᵀ and softmax·V over the full T for forward and
 * backward: 12·L·T·d_attn, twice 3 × Kaplan's forward term 2·L·T·d_attn. N includes the LM
 * head by default, as nanoGPT does.
 */
export function trainingFlopsPerToken(
  config: ArchitectureConfig,
  sequenceLength: number,
  { includeLmHead = true }: { includeLmHead?: boolean } = {},
): number {
  const N = matmulParamsPerToken(config, { includeLmHead });
  return 6 * N + 12 * config.layers * config.heads * headDim(config) * sequenceLength;
}

/**
 * Total training compute C ≈ 6·N·D FLOPs for N parameters and D tokens (Kaplan et al. 2020
 * §2.1, C ≈ 6NBS; Hoffmann et al. 2022 §3). Neglects the attention term, small when
 * d_model ≫ n_ctx / 12.
 */
export function trainingFlops(params: number, tokens: number): number {
  return 6 * params * tokens;
}

/**
 * Model FLOPs utilisation (PaLM §4.1): achieved model FLOP/s over the hardware peak. Counts
 * only the FLOPs the model needs, not recomputation, so it compares fairly across setups.
 */
export function modelFlopsUtilization(opts: {
  flopsPerToken: number;
  tokensPerSecond: number;
  peakFlopsPerSecond: number;
}): number {
  return (opts.flopsPerToken * opts.tokensPerSecond) / opts.peakFlopsPerSecond;
}

/**
 * Published MFU of large training runs, for a realistic default (PaLM paper Table 3):
 * GPT-3 on V100s 21.3%, PaLM 540B on TPU v4 46.2%.
 */
export const REFERENCE_MFU = Object.freeze({
  gpt3: { mfu: 0.213, source: 'Chowdhery et al. 2022 (PaLM), Table 3' },
  palm540b: { mfu: 0.462, source: 'Chowdhery et al. 2022 (PaLM), Table 3' },
});
