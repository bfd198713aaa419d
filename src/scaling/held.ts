/**
 * Weight bytes as an engine holds a GPT-2, from its architecture alone: which tensors take the
 * precision, which stay wide, and how an integer format's blocks are laid out.
 *
 * The rule of thumb (./memory.ts `weightBytes`) puts every parameter at the precision, as the
 * explainers' tables do. An engine does not: ours and our ONNX decoder quantise the four block
 * projections only (c_attn, attn.c_proj, c_fc, mlp.c_proj: 99 % of the bytes a decode step
 * streams past the head), in onnxruntime's MatMulNBits layout, and keep the embeddings (so the
 * tied head) and the vectors f32. The calculator shows these figures beside the rule of thumb,
 * and a bench record's estimate uses the convention of the engine that ran, so that its
 * estimate and its held bytes are the same kind of figure. The engines count their own bytes
 * tensor by tensor (src/engines); a test holds the two counts equal for every ladder size.
 */
import type { Gpt2Config } from './config';
import { countParams } from './params';
import {
  type BlockQuantization,
  DEFAULT_Q4_BLOCK_SIZE,
  matrixStorageBytes,
  type Precision,
  packedBytes,
} from './precision';

/** How an engine holds a GPT-2 at each precision it holds. */
export interface HoldingConvention {
  /** Names it in a chart's guide lines: one estimate line per precision and convention. */
  readonly id: string;
  /** The precisions it holds (an engine entry's `precisions`, for GPT-2). */
  readonly precisions: readonly Precision[];
  /** At f16: the vectors (biases, LayerNorm) f16 too, as a graph computing in f16 has them. */
  readonly halfVectors: boolean;
  /** Blocks along K of each integer precision it holds: only the block projections take them. */
  readonly blocks: Readonly<Partial<Record<Precision, BlockQuantization>>>;
  /** What the calculator says of it, in a sentence. */
  readonly note: string;
}

/** q8's MatMulNBits blocks: 32 along K (the precision table's q8 has a per-tensor scale). */
export const MATMUL_Q8_BLOCK_SIZE = 32;

const matmulNBits = (bits: 8 | 4, scaleBits: 16 | 32): BlockQuantization => ({
  blockSize: bits === 8 ? MATMUL_Q8_BLOCK_SIZE : DEFAULT_Q4_BLOCK_SIZE,
  scaleBits,
  zeroPointBits: null,
});

/** Our WGSL engine (src/engines/wgsl/gpt2-weights.ts): MatMulNBits blocks with f16 scales. */
export const WGSL_HOLDING: HoldingConvention = Object.freeze<HoldingConvention>({
  id: 'wgsl',
  precisions: ['f32', 'f16', 'q8', 'q4'],
  halfVectors: false,
  blocks: { q8: matmulNBits(8, 16), q4: matmulNBits(4, 16) },
  note: 'f16: every matrix f16, vectors f32. q8/q4: the block projections in blocks of 32/128 along K with an f16 scale each (a short K padded to a whole block); embeddings and vectors f32.',
});

/**
 * Our ONNX decoder for onnxruntime-web (src/models/onnx/decoder-dtype.ts): the same integers,
 * with f32 scales (MatMulNBits takes its scales in the activations' type), and every
 * initializer f16 at f16.
 */
export const ONNX_DECODER_HOLDING: HoldingConvention = Object.freeze<HoldingConvention>({
  id: 'onnx-decoder',
  precisions: ['f32', 'f16', 'q8', 'q4'],
  halfVectors: true,
  blocks: { q8: matmulNBits(8, 32), q4: matmulNBits(4, 32) },
  note: 'f16: every initializer f16. q8/q4: the same blocks as our engine with f32 scales (the activations’ type); embeddings and vectors f32.',
});

/** The (K, N) of one layer's block projections, in the state dict's (in, out) order. */
export function gpt2Projections(config: Gpt2Config): readonly (readonly [number, number])[] {
  const { dModel: C, ffnDim: F } = config;
  return [
    [C, 3 * C], // attn.c_attn
    [C, C], // attn.c_proj
    [C, F], // mlp.c_fc
    [F, C], // mlp.c_proj
  ];
}

/**
 * Exact bytes `convention` holds a GPT-2 in at `precision`, or null where it does not hold it.
 * Built from the parameter count: the projections from the shapes above, the embeddings
 * (and an untied head) from the count's components, the vectors as what is left.
 */
export function gpt2HeldBytes(
  config: Gpt2Config,
  precision: Precision,
  convention: HoldingConvention,
): number | null {
  if (!convention.precisions.includes(precision)) return null;
  const params = countParams(config);
  const projections = gpt2Projections(config);
  const projectionElements = config.layers * projections.reduce((n, [K, N]) => n + K * N, 0);
  const wideMatrices = params.embedding + params.byComponent.lmHead;
  const vectors = params.total - projectionElements - wideMatrices;
  const blocks = convention.blocks[precision];
  if (blocks) {
    const perLayer = projections.reduce(
      (n, [K, N]) => n + matrixStorageBytes(K, N, precision, blocks),
      0,
    );
    return config.layers * perLayer + packedBytes(wideMatrices + vectors, 'f32');
  }
  const matrices = packedBytes(projectionElements + wideMatrices, precision);
  const vectorPrecision = precision === 'f16' && !convention.halfVectors ? 'f32' : precision;
  return matrices + packedBytes(vectors, vectorPrecision);
}
