/**
 * Micro-benchmarks for the roofline: the device's copy bandwidth (GB/s) and matmul rate
 * (GFLOP/s), measured with our own kernels on the page's device. A model's decode step must
 * read every weight once, so weight bytes ÷ bandwidth is the floor under its time per token.
 *
 * Timing is wall clock from submit until the queue reports the work done, several dispatches
 * per submission so that the queue's fixed cost is spread thin.
 */
import { type GpuTensor, type ProgramRunner, timeSubmission } from '../gpu';
import { copy } from '../kernels/copy/copy';
import { matmul, matmulFlops } from '../kernels/matmul/matmul';
import { type Spread, summarize } from './statistics';

export interface RooflineFigure {
  /** GB/s (10⁹ bytes) or GFLOP/s, over the timed submissions. */
  readonly rate: Spread;
  /** What one timed submission did, for the record. */
  readonly work: string;
}

const DISPATCHES_PER_SUBMIT = 4;

async function timeRate(
  runner: ProgramRunner,
  encode: (encoder: GPUCommandEncoder) => GpuTensor[],
  unitsPerDispatch: number,
  repeats: number,
): Promise<Spread> {
  const once = async () => {
    let outputs: GpuTensor[] = [];
    const ms = await timeSubmission(runner.device, () => {
      const encoder = runner.device.createCommandEncoder({ label: 'roofline' });
      for (let i = 0; i < DISPATCHES_PER_SUBMIT; i++) outputs.push(...encode(encoder));
      runner.submit(encoder);
    });
    for (const tensor of outputs) runner.release(tensor);
    outputs = [];
    return (unitsPerDispatch * DISPATCHES_PER_SUBMIT) / (ms / 1000) / 1e9;
  };
  await once(); // compiles the pipeline, faults the pages in
  const rates: number[] = [];
  for (let i = 0; i < repeats; i++) rates.push(await once());
  return summarize(rates);
}

/** How big the micro-benchmarks are. */
export interface RooflineSizes {
  /** Bytes each copy reads (and writes). */
  readonly copyBytes: number;
  /** n of the n × n × n matmul. */
  readonly matmulN: number;
  readonly repeats: number;
}

/**
 * On a GPU: 256 MiB copies (past any cache: an H100 has 50 MB of L2) and a 2048³ matmul, big
 * enough to fill it. On a software adapter the figures describe the CPU, not a GPU, so they
 * are kept small enough to be quick.
 */
export function rooflineSizes(software: boolean): RooflineSizes {
  return software
    ? { copyBytes: 32 * 2 ** 20, matmulN: 256, repeats: 5 }
    : { copyBytes: 256 * 2 ** 20, matmulN: 2048, repeats: 10 };
}

/**
 * Copy bandwidth: each copy reads and writes `copyBytes` (at most a quarter of the largest
 * binding), so it moves twice that.
 */
export async function measureBandwidth(
  runner: ProgramRunner,
  { copyBytes, repeats }: Pick<RooflineSizes, 'copyBytes' | 'repeats'>,
): Promise<RooflineFigure> {
  const limit = runner.device.limits.maxStorageBufferBindingSize;
  const bytes = Math.min(copyBytes, Math.floor(limit / 4 / 16) * 16);
  const elements = bytes / 4;
  const src = await runner.upload(
    { label: 'roofline/src', shape: [elements], dtype: 'f32' },
    new Float32Array(elements),
  );
  try {
    const rate = await timeRate(
      runner,
      (encoder) => runner.encode(encoder, copy(src)),
      2 * bytes,
      repeats,
    );
    return {
      rate,
      work: `${DISPATCHES_PER_SUBMIT} copies of ${bytes / 2 ** 20} MiB per submission`,
    };
  } finally {
    runner.release(src);
  }
}

/** Matmul rate of the tiled kernel on an n × n × n problem (2n³ FLOPs). */
export async function measureMatmul(
  runner: ProgramRunner,
  { matmulN: n, repeats }: Pick<RooflineSizes, 'matmulN' | 'repeats'>,
): Promise<RooflineFigure> {
  const a = await runner.upload(
    { label: 'roofline/a', shape: [n, n], dtype: 'f32' },
    new Float32Array(n * n),
  );
  const b = await runner.upload(
    { label: 'roofline/b', shape: [n, n], dtype: 'f32' },
    new Float32Array(n * n),
  );
  try {
    const rate = await timeRate(
      runner,
      (encoder) => runner.encode(encoder, matmul(a, b, { variant: 'tiled' })),
      matmulFlops(n, n, n),
      repeats,
    );
    return { rate, work: `${DISPATCHES_PER_SUBMIT} matmuls of ${n}×${n}×${n} per submission` };
  } finally {
    runner.release(a);
    runner.release(b);
  }
}
