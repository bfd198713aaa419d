import { describe, expect, it } from 'vitest';
import { gpt2Config, llamaConfig } from './config';
import { BYTES_PER_GB } from './memory';
import { activationBytesPerLayer, gpusNeeded, trainingMemory } from './training-memory';

const GB = BYTES_PER_GB;

describe('trainingMemory model states', () => {
  it('is 16 bytes per parameter without sharding', () => {
    const m = trainingMemory(1e9);
    expect(m.weightsBytes).toBe(2e9);
    expect(m.gradientsBytes).toBe(2e9);
    expect(m.optimizerBytes).toBe(12e9);
    expect(m.totalBytes).toBe(16e9);
    expect(m.gpus).toBe(1);
  });

  // ZeRO paper (Rajbhandari et al. 2020) Figure 1: Ψ = 7.5B, N_d = 64, K = 12.
  it.each([
    [0, 120], // (2 + 2 + 12) · 7.5
    [1, 31.40625], // 4 · 7.5 + 12 · 7.5 / 64   ≈ 31.4
    [2, 16.640625], // 2 · 7.5 + 14 · 7.5 / 64  ≈ 16.6
    [3, 1.875], // 16 · 7.5 / 64              ≈ 1.9
  ] as const)('ZeRO stage %d of a 7.5B model on 64 GPUs: %d GB', (zeroStage, gb) => {
    const m = trainingMemory(7.5e9, { dataParallel: 64, zeroStage });
    expect(m.totalBytes / GB).toBeCloseTo(gb, 9);
    expect(m.activationsBytes).toBe(0);
    expect(m.gpus).toBe(64);
  });

  it('splits model states t·p ways under tensor and pipeline parallelism', () => {
    const m = trainingMemory(8e9, { tensorParallel: 4, pipelineParallel: 2, dataParallel: 3 });
    expect(m.totalBytes).toBe(16e9);
    expect(m.gpus).toBe(24);
    const zero3 = trainingMemory(8e9, {
      tensorParallel: 4,
      pipelineParallel: 2,
      dataParallel: 4,
      zeroStage: 3,
    });
    expect(zero3.totalBytes).toBe(4e9);
  });

  it('rejects a degree that is not a whole number ≥ 1', () => {
    expect(() => trainingMemory(1e9, { dataParallel: 0 })).toThrow(RangeError);
    expect(() => trainingMemory(1e9, { tensorParallel: 1.5 })).toThrow(RangeError);
  });
});

describe('activations (Korthikanti et al. 2022, Table 2)', () => {
  // GPT-3 175B: s = 2048, b = 1, h = 12288, a = 96; 5as/h = 5 · 96 · 2048 / 12288 = 80.
  const gpt3 = gpt2Config({ layers: 96, dModel: 12288, heads: 96, contextLength: 2048 });
  const sbh = 2048 * 1 * 12288;
  const base = { sequenceLength: 2048, microBatchSize: 1 };

  it('is sbh(34 + 5as/h) per layer without parallelism', () => {
    expect(activationBytesPerLayer(gpt3, base)).toBe(sbh * (34 + 80));
  });

  it('follows the tensor-parallel, sequence-parallel and recomputation rows', () => {
    const t = 8;
    expect(activationBytesPerLayer(gpt3, { ...base, tensorParallel: t })).toBeCloseTo(
      sbh * (10 + 24 / t + 80 / t),
      0,
    );
    expect(
      activationBytesPerLayer(gpt3, { ...base, tensorParallel: t, sequenceParallel: true }),
    ).toBeCloseTo(sbh * (34 / t + 80 / t), 0);
    expect(
      activationBytesPerLayer(gpt3, { ...base, tensorParallel: t, recomputation: 'selective' }),
    ).toBeCloseTo(sbh * (10 + 24 / t), 0);
    expect(
      activationBytesPerLayer(gpt3, {
        ...base,
        tensorParallel: t,
        sequenceParallel: true,
        recomputation: 'selective',
      }),
    ).toBeCloseTo((sbh * 34) / t, 0);
    expect(activationBytesPerLayer(gpt3, { ...base, recomputation: 'full' })).toBe(2 * sbh);
  });

  it('holds L layers of activations on the first pipeline stage whatever p is', () => {
    const one = trainingMemory(gpt3, { recomputation: 'full' });
    const eight = trainingMemory(gpt3, { recomputation: 'full', pipelineParallel: 8 });
    expect(one.activationsBytes).toBe(96 * 2 * sbh);
    expect(eight.activationsBytes).toBe(one.activationsBytes);
    expect(eight.weightsBytes).toBe(one.weightsBytes / 8);
  });
});

describe('gpusNeeded', () => {
  it('grows the ZeRO-3 data-parallel degree until the shard fits', () => {
    // 7.5B · 16 B = 120 GB; on 80 GB GPUs two shards of 60 GB fit.
    const answer = gpusNeeded(7.5e9, { zeroStage: 3 }, 80);
    expect(answer).toEqual({
      gpus: 2,
      dataParallel: 2,
      tensorParallel: 1,
      pipelineParallel: 1,
      perGpuBytes: 60e9,
    });
    // 16 GB GPUs: 120 / 16 = 7.5, so 8.
    expect(gpusNeeded(7.5e9, { zeroStage: 3 }, 16)?.gpus).toBe(8);
  });

  it('answers null when ZeRO-1 cannot go below 4Ψ', () => {
    // 4 · 7.5B = 30 GB of fp16 weights and gradients stay on every GPU.
    expect(gpusNeeded(7.5e9, { zeroStage: 1 }, 24)).toBeNull();
    // On 40 GB GPUs: 30 + 90/N_d ≤ 40 needs N_d ≥ 9.
    expect(gpusNeeded(7.5e9, { zeroStage: 1 }, 40)?.gpus).toBe(9);
  });

  it('splits into pipeline stages without ZeRO', () => {
    const llama7b = llamaConfig({ layers: 32, dModel: 4096, heads: 32, ffnDim: 11008 });
    // 16 · 6.74B = 107.8 GB of states; with full recomputation activations are
    // 32 · 2 · 4096 · 4096 = 1.07 GB, so two stages of 53.9 GB + 1.07 GB fit in 80 GB.
    const answer = gpusNeeded(llama7b, { recomputation: 'full' }, 80);
    expect(answer?.pipelineParallel).toBe(2);
    expect(answer?.gpus).toBe(2);
    // Without recomputation 32 · sbh(34 + 5as/h) = 104 GB of activations never fit.
    expect(gpusNeeded(llama7b, {}, 80)).toBeNull();
  });
});
