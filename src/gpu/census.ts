/**
 * A census of GPU buffers that code we do not own creates — onnxruntime-web allocates its
 * weights, activations and KV cache with `createBuffer` on a device of its own (its WebGPU
 * backend requests its own device, whatever `env.webgpu.device` was set to), so the
 * BufferPool never sees them. Wrapping `GPUDevice.prototype.createBuffer` (and each new
 * buffer's `destroy`) counts them exactly, per device — which is what lets the bench put a
 * measured figure for ORT beside ours.
 *
 * One census at a time; `stop()` puts the prototype back as it was.
 */

export interface DeviceBufferCount {
  /** Bytes of buffers created since the census began and not yet destroyed. */
  readonly liveBytes: number;
  /** The highest `liveBytes` since the census began or `resetPeak`. */
  readonly peakBytes: number;
  readonly liveBuffers: number;
}

export interface BufferCensus {
  /** Counts for one device: zeros if it created nothing during the census. */
  of(device: GPUDevice): DeviceBufferCount;
  /** Starts a device's peak again from its live bytes (before measuring the next model). */
  resetPeak(device: GPUDevice): void;
  stop(): void;
}

interface Tally {
  liveBytes: number;
  peakBytes: number;
  live: Map<GPUBuffer, number>;
}

let running = false;

export function startBufferCensus(): BufferCensus {
  if (running) throw new Error('a buffer census is already running');
  running = true;
  const prototype = GPUDevice.prototype;
  const original = prototype.createBuffer;
  const tallies = new WeakMap<GPUDevice, Tally>();

  prototype.createBuffer = function createCountedBuffer(
    this: GPUDevice,
    descriptor: GPUBufferDescriptor,
  ) {
    const buffer = original.call(this, descriptor);
    let tally = tallies.get(this);
    if (!tally) {
      tally = { liveBytes: 0, peakBytes: 0, live: new Map() };
      tallies.set(this, tally);
    }
    const counted = tally;
    counted.live.set(buffer, descriptor.size);
    counted.liveBytes += descriptor.size;
    counted.peakBytes = Math.max(counted.peakBytes, counted.liveBytes);
    const destroy = buffer.destroy;
    buffer.destroy = function destroyCountedBuffer() {
      const size = counted.live.get(buffer);
      if (size !== undefined) {
        counted.live.delete(buffer);
        counted.liveBytes -= size;
      }
      destroy.call(buffer);
    };
    return buffer;
  };

  return {
    of(device) {
      const tally = tallies.get(device);
      return {
        liveBytes: tally?.liveBytes ?? 0,
        peakBytes: tally?.peakBytes ?? 0,
        liveBuffers: tally?.live.size ?? 0,
      };
    },
    resetPeak(device) {
      const tally = tallies.get(device);
      if (tally) tally.peakBytes = tally.liveBytes;
    },
    stop() {
      prototype.createBuffer = original;
      running = false;
    },
  };
}
