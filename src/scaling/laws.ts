/**
 * Scaling laws: Kaplan et al. 2020 ("Scaling Laws for Neural Language Models") and
 * Hoffmann et al. 2022 ("Training Compute-Optimal Large Language Models", Chinchilla), with
 * the Besiroglu et al. 2024 re-fit of the latter. Losses are cross-entropy in nats per token
 * on each paper's own data (WebText2 for Kaplan, MassiveText for Hoffmann): compare curves
 * within one law, not loss values across laws.
 */

/** One petaflop/s-day: 10¹⁵ FLOP/s for 86,400 s = 8.64·10¹⁹ FLOPs (Kaplan's compute unit). */
export const FLOPS_PER_PF_DAY = 1e15 * 86_400;

export function flopsToPfDays(flops: number): number {
  return flops / FLOPS_PER_PF_DAY;
}

export function pfDaysToFlops(pfDays: number): number {
  return pfDays * FLOPS_PER_PF_DAY;
}

/** Kaplan et al. 2020 §1.2, equations (1.1)–(1.3) and (1.5). */
export const KAPLAN_2020 = Object.freeze({
  /** α_N: exponent of loss in non-embedding parameters (eq. 1.1). */
  alphaN: 0.076,
  /** N_c, in non-embedding parameters (eq. 1.1). */
  Nc: 8.8e13,
  /** α_D: exponent of loss in dataset tokens (eq. 1.2). */
  alphaD: 0.095,
  /** D_c, in tokens (eq. 1.2). */
  Dc: 5.4e13,
  /** α_C^min: exponent of loss in compute-efficient training compute (eq. 1.3). */
  alphaCMin: 0.05,
  /** C_c^min, in PF-days — not FLOPs (eq. 1.3). */
  CcMinPfDays: 3.1e8,
  citation: 'Kaplan et al. 2020, "Scaling Laws for Neural Language Models", §1.2 eqs. (1.1)–(1.5)',
});

/**
 * L(N) = (N_c / N)^α_N (Kaplan eq. 1.1): loss of a model with N non-embedding parameters
 * trained to convergence on enough data.
 */
export function kaplanLossN(nonEmbeddingParams: number): number {
  return (KAPLAN_2020.Nc / nonEmbeddingParams) ** KAPLAN_2020.alphaN;
}

/** L(D) = (D_c / D)^α_D (Kaplan eq. 1.2): a large model trained on D tokens with early stopping. */
export function kaplanLossD(tokens: number): number {
  return (KAPLAN_2020.Dc / tokens) ** KAPLAN_2020.alphaD;
}

/**
 * L(C_min) = (C_c^min / C_min)^α_C^min (Kaplan eq. 1.3), compute in PF-days. For FLOPs use
 * kaplanLossCFromFlops; passing FLOPs here would be off by 8.64·10¹⁹ in C.
 */
export function kaplanLossC(computePfDays: number): number {
  return (KAPLAN_2020.CcMinPfDays / computePfDays) ** KAPLAN_2020.alphaCMin;
}

/** kaplanLossC with the compute given in FLOPs (converted: 1 PF-day = 8.64·10¹⁹ FLOPs). */
export function kaplanLossCFromFlops(flops: number): number {
  return kaplanLossC(flopsToPfDays(flops));
}

/**
 * L(N, D) = [(N_c / N)^(α_N / α_D) + D_c / D]^α_D (Kaplan eqs. 1.5 and 4.1): the joint law, which
 * reduces to eq. 1.1 as D → ∞ and to eq. 1.2 as N → ∞.
 */
export function kaplanLossND(nonEmbeddingParams: number, tokens: number): number {
  const { Nc, Dc, alphaN, alphaD } = KAPLAN_2020;
  return ((Nc / nonEmbeddingParams) ** (alphaN / alphaD) + Dc / tokens) ** alphaD;
}

/** A parametric fit L(N, D) = E + A / N^α + B / D^β (Hoffmann et al. 2022, eq. 2). */
export interface ChinchillaFit {
  id: string;
  label: string;
  citation: string;
  /** Irreducible loss (entropy of text). */
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
}

/** Hoffmann et al. 2022, Approach 3 (§3.3): the fitted parametric loss. */
export const HOFFMANN_2022: ChinchillaFit = Object.freeze({
  id: 'hoffmann-2022',
  label: 'Chinchilla (Hoffmann et al. 2022, Approach 3)',
  citation:
    'Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", §3.3: E = 1.69, A = 406.4, B = 410.7, α = 0.34, β = 0.28',
  E: 1.69,
  A: 406.4,
  B: 410.7,
  alpha: 0.34,
  beta: 0.28,
});

/**
 * Besiroglu et al. 2024 re-fit of Approach 3 on data reconstructed from Hoffmann's Figure 4;
 * they found the published fit inconsistent with Approaches 1 and 2 and with its own data.
 */
export const BESIROGLU_2024: ChinchillaFit = Object.freeze({
  id: 'besiroglu-2024',
  label: 'Chinchilla re-fit (Besiroglu et al. 2024)',
  citation:
    'Besiroglu, Erdil, Barnett, You 2024, "Chinchilla Scaling: A replication attempt", arXiv:2404.10102: E = 1.8172, A = 482.01, B = 2085.43, α = 0.3478, β = 0.3658',
  E: 1.8172,
  A: 482.01,
  B: 2085.43,
  alpha: 0.3478,
  beta: 0.3658,
});

export const CHINCHILLA_FITS: readonly ChinchillaFit[] = Object.freeze([
  HOFFMANN_2022,
  BESIROGLU_2024,
]);

/** L(N, D) = E + A / N^α + B / D^β (Hoffmann et al. 2022, eq. 2); N counts all parameters. */
export function chinchillaLoss(
  params: number,
  tokens: number,
  fit: ChinchillaFit = HOFFMANN_2022,
): number {
  return fit.E + fit.A / params ** fit.alpha + fit.B / tokens ** fit.beta;
}

/** A model size N (parameters) and dataset size D (tokens). */
export interface Allocation {
  N: number;
  D: number;
}

/**
 * Compute-optimal N and D for a budget of `flops` (Hoffmann et al. 2022 eq. 4): minimising
 * L(N, D) subject to C = 6ND gives
 *   N_opt = G (C/6)^a,  D_opt = G⁻¹ (C/6)^b,
 *   G = (αA / (βB))^(1/(α+β)),  a = β/(α+β),  b = α/(α+β).
 * N_opt · D_opt = C/6 exactly, since a + b = 1.
 */
export function computeOptimal(flops: number, fit: ChinchillaFit = HOFFMANN_2022): Allocation {
  const { A, B, alpha, beta } = fit;
  const G = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));
  const a = beta / (alpha + beta);
  const b = alpha / (alpha + beta);
  return { N: G * (flops / 6) ** a, D: (flops / 6) ** b / G };
}

/**
 * The rule of thumb from Chinchilla itself: about 20 training tokens per parameter (70B
 * parameters on 1.4T tokens, Hoffmann et al. 2022 §4; Table 3 for Approach 1).
 */
export const tokensPerParamRule = 20;

/** N and D with D = r·N and 6ND = C: N = √(C / 6r), D = r·N. */
export function computeOptimalByRule(
  flops: number,
  tokensPerParam: number = tokensPerParamRule,
): Allocation {
  const N = Math.sqrt(flops / (6 * tokensPerParam));
  return { N, D: tokensPerParam * N };
}

export interface IsoFlopPoint extends Allocation {
  loss: number;
}

/**
 * An isoFLOP profile (Hoffmann et al. 2022 §3.2, Figure 3): loss along model size N for a
 * fixed budget, each N trained on D = C / 6N tokens. N is log-spaced over [minParams, maxParams].
 */
export function isoFlopCurve(
  flops: number,
  {
    minParams,
    maxParams,
    points = 50,
    fit = HOFFMANN_2022,
  }: {
    minParams: number;
    maxParams: number;
    points?: number;
    fit?: ChinchillaFit;
  },
): IsoFlopPoint[] {
  if (!(minParams > 0 && maxParams >= minParams)) {
    throw new RangeError(`need 0 < minParams ≤ maxParams, got ${minParams}, ${maxParams}`);
  }
  if (!Number.isInteger(points) || points < 2)
    throw new RangeError(`points must be ≥ 2, got ${points}`);
  const logMin = Math.log10(minParams);
  const step = (Math.log10(maxParams) - logMin) / (points - 1);
  return Array.from({ length: points }, (_, i) => {
    const N = 10 ** (logMin + i * step);
    const D = flops / (6 * N);
    return { N, D, loss: chinchillaLoss(N, D, fit) };
  });
}
