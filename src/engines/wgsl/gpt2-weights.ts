/**
 * The GPT-2 weights on the GPU: one labelled buffer per state-dict tensor, counted by the
 * buffer pool, looked up by the block functions with the names nanoGPT and Hugging Face use.
 */
import type { GpuTensor, ProgramRunner } from '../../gpu';
import type { GeneratedTensor } from '../../models/weights';

export interface LayerWeights {
  readonly ln1: { gamma: GpuTensor; beta: GpuTensor };
  readonly attnQkv: { weight: GpuTensor; bias: GpuTensor }; // c_attn: (C, 3C), (3C)
  readonly attnProj: { weight: GpuTensor; bias: GpuTensor }; // attn.c_proj: (C, C), (C)
  readonly ln2: { gamma: GpuTensor; beta: GpuTensor };
  readonly mlpFc: { weight: GpuTensor; bias: GpuTensor }; // c_fc: (C, 4C), (4C)
  readonly mlpProj: { weight: GpuTensor; bias: GpuTensor }; // mlp.c_proj: (4C, C), (C)
}

export interface Gpt2GpuWeights {
  readonly wte: GpuTensor; // (V, C), also the LM head (tied)
  readonly wpe: GpuTensor; // (T, C)
  readonly layers: readonly LayerWeights[];
  readonly lnF: { gamma: GpuTensor; beta: GpuTensor };
  /** Every buffer, for release. */
  readonly all: readonly GpuTensor[];
}

/** Uploads every tensor, labelled `<model>/<tensor name>`. */
export async function uploadWeights(
  runner: ProgramRunner,
  modelId: string,
  layers: number,
  tensors: Iterable<GeneratedTensor>,
): Promise<Gpt2GpuWeights> {
  const byName = new Map<string, GpuTensor>();
  for (const { name, shape, data } of tensors) {
    byName.set(
      name,
      await runner.upload({ label: `${modelId}/${name}`, shape, dtype: 'f32' }, data),
    );
  }
  const get = (name: string) => {
    const tensor = byName.get(name);
    if (!tensor) throw new Error(`${modelId}: no tensor ${name}`);
    return tensor;
  };
  const norm = (prefix: string) => ({
    gamma: get(`${prefix}.weight`),
    beta: get(`${prefix}.bias`),
  });
  const linear = (prefix: string) => ({
    weight: get(`${prefix}.weight`),
    bias: get(`${prefix}.bias`),
  });
  return {
    wte: get('transformer.wte.weight'),
    wpe: get('transformer.wpe.weight'),
    layers: Array.from({ length: layers }, (_, i) => {
      const h = `transformer.h.${i}`;
      return {
        ln1: norm(`${h}.ln_1`),
        attnQkv: linear(`${h}.attn.c_attn`),
        attnProj: linear(`${h}.attn.c_proj`),
        ln2: norm(`${h}.ln_2`),
        mlpFc: linear(`${h}.mlp.c_fc`),
        mlpProj: linear(`${h}.mlp.c_proj`),
      };
    }),
    lnF: norm('transformer.ln_f'),
    all: [...byName.values()],
  };
}
