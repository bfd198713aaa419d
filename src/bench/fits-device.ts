/**
 * Whether a model, held at a precision with its KV cache at a context, fits this device as
 * WebGPU lets one see it: every buffer under `maxBufferSize`, every tensor a shader reads
 * under `maxStorageBufferBindingSize` (one binding), and the total beside what the device
 * holds where that is known. WebGPU does not tell a device's memory, so the total is a sum to
 * compare, not a verdict, unless the caller knows the memory. Each "won't fit" says why.
 */
import { formatBytes } from '../scaling';

export interface MemoryNeed {
  /** The weights at the chosen precision (exact when stored so, else an estimate). */
  readonly weightBytes: number;
  /** The KV cache at the chosen context, all layers. */
  readonly kvBytes: number;
  /** Layers the KV cache is split over: one K and one V buffer each. */
  readonly layers: number;
  readonly context: number;
  readonly largestTensor: { readonly name: string; readonly bytes: number } | null;
}

export interface DeviceLimits {
  readonly maxBufferSize: number;
  readonly maxStorageBufferBindingSize: number;
  /** The device's memory where it is known (a datasheet, the user); WebGPU never says. */
  readonly memoryBytes?: number;
}

export interface FitVerdict {
  /** Weights + KV cache; activations and runtime workspace are not counted. */
  readonly totalBytes: number;
  /** False with reasons; true when every check passed; null without a device to check. */
  readonly fits: boolean | null;
  /** Every reason it won't fit, each a sentence. */
  readonly reasons: readonly string[];
}

const size = (bytes: number) => formatBytes(bytes, 'binary');

export function fitsDevice(need: MemoryNeed, limits: DeviceLimits | null): FitVerdict {
  const totalBytes = need.weightBytes + need.kvBytes;
  if (!limits) return { totalBytes, fits: null, reasons: [] };
  const reasons: string[] = [];
  const { maxBufferSize: buffer, maxStorageBufferBindingSize: binding } = limits;
  const tensor = need.largestTensor;
  if (tensor && tensor.bytes > buffer) {
    reasons.push(
      `its largest tensor, ${tensor.name} (${size(tensor.bytes)}), is larger than one buffer here (maxBufferSize ${size(buffer)})`,
    );
  } else if (tensor && tensor.bytes > binding) {
    reasons.push(
      `its largest tensor, ${tensor.name} (${size(tensor.bytes)}), is larger than one storage binding here (maxStorageBufferBindingSize ${size(binding)})`,
    );
  }
  const kvPerBuffer = need.layers > 0 ? need.kvBytes / (2 * need.layers) : 0;
  if (kvPerBuffer > Math.min(buffer, binding)) {
    reasons.push(
      `one layer's K cache at ${need.context} tokens (${size(kvPerBuffer)}) is larger than one storage binding here (${size(Math.min(buffer, binding))})`,
    );
  }
  if (limits.memoryBytes !== undefined && totalBytes > limits.memoryBytes) {
    reasons.push(
      `weights and KV cache (${size(totalBytes)}) are more than the device's ${size(limits.memoryBytes)}`,
    );
  }
  return { totalBytes, fits: reasons.length === 0, reasons };
}

/** "won't fit because …" for a verdict that fails; null for one that does not. */
export function wontFitBecause(verdict: FitVerdict): string | null {
  return verdict.fits === false ? `won't fit because ${verdict.reasons.join('; and ')}` : null;
}
