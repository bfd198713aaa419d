/**
 * A census of the buffers that code we do not own creates on our device — onnxruntime-web
 * allocates its weights, activations and KV cache with `device.createBuffer` directly, so the
 * BufferPool never sees them. Wrapping `createBuffer` (and each buffer's `destroy`) counts
 * them exactly, which is what lets the bench put a measured figure for ORT beside ours.
 *
 * One census per device at a time; `stop()` puts the device back as it was.
 */

export interface BufferCensus {
  /** Bytes of buffers created since the census began and not yet destroyed. */
  readonly liveBytes: number;
  /** The highest `liveBytes` since the census began (or `resetPeak`). */
  readonly peakBytes: number;
  readonly liveBuffers: number;
  resetPeak(): void;
  stop(): void;
}

const active = new WeakMap<GPUDevice, BufferCensus>();

export function startBufferCensus(device: GPUDevice): BufferCensus {
  if (active.has(device)) throw new Error('a buffer census is already running on this device');
  const original = device.createBuffer;
  const live = new Map<GPUBuffer, number>();
  let liveBytes = 0;
  let peakBytes = 0;

  device.createBuffer = function createCountedBuffer(descriptor: GPUBufferDescriptor) {
    const buffer = original.call(device, descriptor);
    live.set(buffer, descriptor.size);
    liveBytes += descriptor.size;
    peakBytes = Math.max(peakBytes, liveBytes);
    const destroy = buffer.destroy;
    buffer.destroy = function destroyCountedBuffer() {
      const size = live.get(buffer);
      if (size !== undefined) {
        live.delete(buffer);
        liveBytes -= size;
      }
      destroy.call(buffer);
    };
    return buffer;
  };

  const census: BufferCensus = {
    get liveBytes() {
      return liveBytes;
    },
    get peakBytes() {
      return peakBytes;
    },
    get liveBuffers() {
      return live.size;
    },
    resetPeak() {
      peakBytes = liveBytes;
    },
    stop() {
      device.createBuffer = original;
      active.delete(device);
    },
  };
  active.set(device, census);
  return census;
}
