import { GpuAllocationError, GpuLimitError } from './errors';

/**
 * The one owner of paramscope's GPU buffers on a device. Every buffer is labelled after the
 * tensor it holds (`"gpt2-124m/h.3.attn.c_attn.weight"`) and counted, so the bench reports
 * measured GPU memory rather than an estimate.
 *
 * Reuse is safe by construction: a released buffer waits for the next submit, then for that
 * submit's work to finish (`onSubmittedWorkDone`), before it can be handed out again — by
 * then no queued work can still read or write it.
 */

export interface BufferRequest {
  readonly label: string;
  readonly size: number;
  readonly usage: GPUBufferUsageFlags;
}

export interface MemoryStats {
  /** Bytes of every buffer this pool holds on the device: in use, waiting, or pooled. */
  readonly liveBytes: number;
  /** The highest `liveBytes` since the pool was made (or `resetPeak`). */
  readonly peakBytes: number;
  /** Bytes handed out and not yet released. */
  readonly inUseBytes: number;
  /** In-use bytes per label. */
  readonly byLabel: ReadonlyMap<string, number>;
  readonly bufferCount: number;
  /** Buffers handed out since the pool was made, new or pooled: a hot path that allocates shows here. */
  readonly acquired: number;
}

/** Sizes round up to this, so any binding may be read as vec4 and pooled sizes coincide. */
export const BUFFER_ALIGNMENT = 16;

interface Owned {
  size: number;
  usage: GPUBufferUsageFlags;
  label: string;
  inUse: boolean;
}

export class BufferPool {
  private readonly owned = new Map<GPUBuffer, Owned>();
  private readonly free = new Map<string, GPUBuffer[]>();
  private readonly byLabel = new Map<string, number>();
  private awaitingSubmit: GPUBuffer[] = [];
  private pendingChecks: Promise<GpuAllocationError | null>[] = [];
  private live = 0;
  private peak = 0;
  private inUse = 0;
  private acquisitions = 0;

  constructor(private readonly device: GPUDevice) {}

  /**
   * Checks a request against the device's limits before anything is allocated.
   * @throws GpuLimitError naming the tensor, its size and the limit.
   */
  preflight({ label, size, usage }: BufferRequest): void {
    const { limits } = this.device;
    const bytes = alignedSize(size);
    const applicable: [
      boolean,
      'maxBufferSize' | 'maxStorageBufferBindingSize' | 'maxUniformBufferBindingSize',
    ][] = [
      [true, 'maxBufferSize'],
      [(usage & GPUBufferUsage.STORAGE) !== 0, 'maxStorageBufferBindingSize'],
      [(usage & GPUBufferUsage.UNIFORM) !== 0, 'maxUniformBufferBindingSize'],
    ];
    for (const [applies, limit] of applicable) {
      if (applies && bytes > limits[limit])
        throw new GpuLimitError(label, bytes, limit, limits[limit]);
    }
  }

  /**
   * Hands out a buffer at once, from the pool when one of the size is free. Out-of-memory is
   * only known asynchronously: `settle()` reports it. Use `allocate` unless encoding a pass.
   */
  acquire(request: BufferRequest): GPUBuffer {
    this.preflight(request);
    const size = alignedSize(request.size);
    const key = poolKey(size, request.usage);
    const buffer = this.free.get(key)?.pop() ?? this.create(request.label, size, request.usage);
    const entry = this.owned.get(buffer)!;
    entry.inUse = true;
    entry.label = request.label;
    buffer.label = request.label;
    this.inUse += size;
    this.acquisitions++;
    this.byLabel.set(request.label, (this.byLabel.get(request.label) ?? 0) + size);
    return buffer;
  }

  /** `acquire`, then wait until the device has accepted the allocation. */
  async allocate(request: BufferRequest): Promise<GPUBuffer> {
    const buffer = this.acquire(request);
    await this.settle();
    return buffer;
  }

  /** Waits for the allocations made so far and throws the first the device refused. */
  async settle(): Promise<void> {
    const checks = this.pendingChecks;
    this.pendingChecks = [];
    const failures = (await Promise.all(checks)).filter((e) => e !== null);
    if (failures.length > 0) throw failures[0];
  }

  /** Gives a buffer back; it becomes reusable once the next submit's work has finished. */
  release(buffer: GPUBuffer): void {
    const entry = this.owned.get(buffer);
    if (!entry?.inUse)
      throw new Error(`release of a buffer this pool does not hold: "${buffer.label}"`);
    entry.inUse = false;
    this.inUse -= entry.size;
    this.dropLabel(entry.label, entry.size);
    this.awaitingSubmit.push(buffer);
  }

  /** Called by whoever submits (the runner) right after `queue.submit`. */
  submitted(): void {
    const batch = this.awaitingSubmit;
    if (batch.length === 0) return;
    this.awaitingSubmit = [];
    this.device.queue.onSubmittedWorkDone().then(() => {
      for (const buffer of batch) {
        const entry = this.owned.get(buffer);
        if (!entry || entry.inUse) continue;
        const key = poolKey(entry.size, entry.usage);
        this.free.set(key, [...(this.free.get(key) ?? []), buffer]);
      }
    });
  }

  /**
   * Destroys every buffer nobody holds once the queue is idle — also those released since the
   * last submit, which `trim` must leave alone (an engine's weights, released when it is
   * disposed, with no submit after). Without it they would stay alive into the next model's
   * peak.
   */
  async trimWhenIdle(): Promise<void> {
    const released = this.awaitingSubmit;
    this.awaitingSubmit = [];
    await this.device.queue.onSubmittedWorkDone();
    for (const buffer of released) if (!this.owned.get(buffer)?.inUse) this.forget(buffer);
    this.trim();
  }

  /** Destroys pooled buffers that nobody holds, returning their memory to the device. */
  trim(): void {
    for (const buffers of this.free.values()) for (const b of buffers) this.forget(b);
    this.free.clear();
  }

  /** Destroys every buffer this pool ever handed out. */
  destroy(): void {
    for (const buffer of [...this.owned.keys()]) this.forget(buffer);
    this.free.clear();
    this.awaitingSubmit = [];
    this.byLabel.clear();
    this.inUse = 0;
  }

  resetPeak(): void {
    this.peak = this.live;
  }

  stats(): MemoryStats {
    return {
      liveBytes: this.live,
      peakBytes: this.peak,
      inUseBytes: this.inUse,
      byLabel: new Map(this.byLabel),
      bufferCount: this.owned.size,
      acquired: this.acquisitions,
    };
  }

  private create(label: string, size: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const { device } = this;
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const buffer = device.createBuffer({ label, size, usage });
    const validation = device.popErrorScope();
    const outOfMemory = device.popErrorScope();
    this.owned.set(buffer, { size, usage, label, inUse: false });
    this.live += size;
    this.peak = Math.max(this.peak, this.live);
    this.pendingChecks.push(
      Promise.all([outOfMemory, validation]).then(([oom, invalid]) => {
        const error = oom ?? invalid;
        if (!error) return null;
        const entry = this.owned.get(buffer);
        if (entry?.inUse) {
          this.inUse -= size;
          this.acquisitions--; // a buffer the device refused was never handed out
          this.dropLabel(entry.label, size);
        }
        this.forget(buffer);
        return new GpuAllocationError(
          label,
          size,
          oom ? 'out-of-memory' : 'validation',
          error.message,
        );
      }),
    );
    return buffer;
  }

  private forget(buffer: GPUBuffer): void {
    const entry = this.owned.get(buffer);
    if (!entry) return;
    this.owned.delete(buffer);
    this.live -= entry.size;
    buffer.destroy();
  }

  private dropLabel(label: string, size: number): void {
    const left = (this.byLabel.get(label) ?? 0) - size;
    if (left > 0) this.byLabel.set(label, left);
    else this.byLabel.delete(label);
  }
}

export const alignedSize = (size: number) =>
  Math.max(BUFFER_ALIGNMENT, Math.ceil(size / BUFFER_ALIGNMENT) * BUFFER_ALIGNMENT);

const poolKey = (size: number, usage: GPUBufferUsageFlags) => `${usage}:${size}`;
