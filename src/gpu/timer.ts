/**
 * Timing GPU work. Two methods, and every figure says which one made it:
 *
 * - `timestamp-query`: the GPU writes a timestamp at the start and end of each compute pass.
 *   Per-kernel, but browsers quantise it (Chrome rounds to 100 µs unless its WebGPU developer
 *   features are on), so it serves as a breakdown, never as the headline figure.
 * - `wall-clock`: `performance.now()` from submit until `onSubmittedWorkDone()` resolves —
 *   the whole submission, including the queue's own overhead.
 */

export type TimingMethod = 'timestamp-query' | 'wall-clock';

export interface PassTiming {
  readonly label: string;
  readonly ms: number;
}

export interface PassTimings {
  readonly method: 'timestamp-query';
  /** Browsers round timestamps; treat differences below ~0.1 ms as noise. */
  readonly quantised: true;
  readonly passes: readonly PassTiming[];
}

/** Per-pass GPU timestamps for up to `capacity` passes of one submission. */
export class GpuTimer {
  private readonly labels: string[] = [];
  private readonly querySet: GPUQuerySet;
  private readonly resolveBuffer: GPUBuffer;
  private readonly readBuffer: GPUBuffer;

  private constructor(
    device: GPUDevice,
    readonly capacity: number,
  ) {
    const count = capacity * 2;
    this.querySet = device.createQuerySet({ label: 'timer', type: 'timestamp', count });
    this.resolveBuffer = device.createBuffer({
      label: 'timer/resolve',
      size: count * 8,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
    this.readBuffer = device.createBuffer({
      label: 'timer/read',
      size: count * 8,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
  }

  /** A timer when the device has `timestamp-query`, otherwise null (use `timeSubmission`). */
  static create(device: GPUDevice, capacity = 256): GpuTimer | null {
    return device.features.has('timestamp-query') ? new GpuTimer(device, capacity) : null;
  }

  /** The descriptor for the next pass, with its timestamp writes. */
  passDescriptor(label: string): GPUComputePassDescriptor {
    const index = this.labels.length;
    if (index >= this.capacity) throw new Error(`timer holds ${this.capacity} passes`);
    this.labels.push(label);
    return {
      label,
      timestampWrites: {
        querySet: this.querySet,
        beginningOfPassWriteIndex: index * 2,
        endOfPassWriteIndex: index * 2 + 1,
      },
    };
  }

  /** Records the copy of the timestamps; call once, after the last timed pass. */
  resolve(encoder: GPUCommandEncoder): void {
    const count = this.labels.length * 2;
    encoder.resolveQuerySet(this.querySet, 0, count, this.resolveBuffer, 0);
    encoder.copyBufferToBuffer(this.resolveBuffer, 0, this.readBuffer, 0, count * 8);
  }

  /** Reads the timings once the submission that carried `resolve` is queued. */
  async read(): Promise<PassTimings> {
    const count = this.labels.length * 2;
    await this.readBuffer.mapAsync(GPUMapMode.READ, 0, count * 8);
    const stamps = new BigInt64Array(this.readBuffer.getMappedRange(0, count * 8).slice(0));
    this.readBuffer.unmap();
    const passes = this.labels.map((label, i) => ({
      label,
      ms: Number(stamps[i * 2 + 1]! - stamps[i * 2]!) / 1e6,
    }));
    this.labels.length = 0;
    return { method: 'timestamp-query', quantised: true, passes };
  }

  destroy(): void {
    this.querySet.destroy();
    this.resolveBuffer.destroy();
    this.readBuffer.destroy();
  }
}

/** Wall-clock milliseconds from `submit()` until the device reports the work done. */
export async function timeSubmission(device: GPUDevice, submit: () => void): Promise<number> {
  const start = performance.now();
  submit();
  await device.queue.onSubmittedWorkDone();
  return performance.now() - start;
}
