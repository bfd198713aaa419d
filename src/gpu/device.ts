import { BufferPool } from './buffers';
import { type DeviceDescription, describeDevice, KEY_LIMITS, OPTIONAL_FEATURES } from './describe';
import { GpuUnavailableError } from './errors';

/** A device and what belongs to it. A lost device takes all of it along. */
export interface GpuContext {
  readonly device: GPUDevice;
  readonly description: DeviceDescription;
  readonly buffers: BufferPool;
}

export interface DeviceLoss {
  readonly reason: GPUDeviceLostReason;
  readonly message: string;
  readonly description: DeviceDescription;
}

export interface GpuProviderOptions {
  /** Where WebGPU comes from: `navigator.gpu` in a page, Dawn's `create([])` in Node. */
  readonly gpu: () => GPU | undefined;
  /** WebGPU exists only in secure contexts; without one, say so instead of "no WebGPU". */
  readonly isSecureContext?: () => boolean;
  /** Errors that no scope caught. Default: console.error — never silent. */
  readonly onUncapturedError?: (error: GPUError) => void;
}

/**
 * Hands out one device to everything that asks, so models, engines and timers share it.
 * The device asks for the adapter's real limits — the spec defaults (128 MiB buffers,
 * 256 MiB bindings among them) would turn away any model past a few tens of millions of
 * parameters. When the device is lost, listeners are told and the next `acquire` makes a
 * fresh one.
 */
export class GpuProvider {
  private current: Promise<GpuContext> | null = null;
  private readonly lostListeners = new Set<(loss: DeviceLoss) => void>();
  private readonly acquiredListeners = new Set<(context: GpuContext) => void>();

  constructor(private readonly options: GpuProviderOptions) {}

  acquire(): Promise<GpuContext> {
    if (!this.current) {
      const attempt = this.create();
      this.current = attempt;
      // A failed attempt is not remembered: the next call tries again.
      attempt.catch(() => {
        if (this.current === attempt) this.current = null;
      });
    }
    return this.current;
  }

  /** Calls `listener` whenever the shared device is lost; returns the unsubscribe. */
  onLost(listener: (loss: DeviceLoss) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /**
   * Calls `listener` whenever a fresh device is made, by whoever asked for it: a panel that
   * showed a loss learns that a re-run got a new device. Returns the unsubscribe.
   */
  onAcquired(listener: (context: GpuContext) => void): () => void {
    this.acquiredListeners.add(listener);
    return () => this.acquiredListeners.delete(listener);
  }

  /** Destroys the current device (tests, or a user's "reset GPU"); listeners hear of it. */
  async destroyDevice(): Promise<void> {
    const current = this.current;
    if (!current) return;
    const context = await current.catch(() => null);
    context?.device.destroy();
  }

  private async create(): Promise<GpuContext> {
    const { gpu: getGpu, isSecureContext, onUncapturedError } = this.options;
    if (isSecureContext && !isSecureContext()) throw new GpuUnavailableError('insecure-context');
    const gpu = getGpu();
    if (!gpu) throw new GpuUnavailableError('no-webgpu');

    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new GpuUnavailableError('no-adapter');

    const requiredLimits = Object.fromEntries(KEY_LIMITS.map((key) => [key, adapter.limits[key]]));
    const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));
    let device: GPUDevice;
    try {
      device = await adapter.requestDevice({
        label: 'paramscope',
        requiredLimits,
        requiredFeatures,
      });
    } catch (error) {
      throw new GpuUnavailableError('device-request-failed', String(error));
    }

    const context: GpuContext = {
      device,
      description: describeDevice(adapter.info, device),
      buffers: new BufferPool(device),
    };
    device.addEventListener('uncapturederror', (event) => {
      const { error } = event as GPUUncapturedErrorEvent;
      (onUncapturedError ?? ((e) => console.error(`WebGPU: ${e.message}`)))(error);
    });
    const thisAttempt = this.current;
    device.lost.then((info) => {
      if (this.current === thisAttempt) this.current = null;
      context.buffers.destroy();
      const loss = { reason: info.reason, message: info.message, description: context.description };
      for (const listener of this.lostListeners) listener(loss);
    });
    for (const listener of this.acquiredListeners) listener(context);
    return context;
  }
}

/**
 * An engine's `lost()` (src/engines/engine.ts): settles with why once a device it watches is
 * lost, and never before. Made with the engine, so the protocol can race it from the start.
 */
export class LossSignal {
  readonly lost: Promise<string>;
  private settle: (why: string) => void = () => {};

  constructor() {
    this.lost = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /**
   * Watches `device`, called `what` in the reason: `the GPU device was lost (destroyed: …)`,
   * with the reason and message of its `lost` info. `onLost` hears it first.
   */
  watch(device: GPUDevice, what: string, onLost?: (why: string) => void): void {
    void device.lost.then((info) => {
      const why = `${what} was lost (${info.reason || 'unknown reason'}: ${info.message || 'no message'})`;
      onLost?.(why);
      this.settle(why);
    });
  }
}

let pageProvider: GpuProvider | undefined;

/** The page's shared provider, over `navigator.gpu`. Made on first use, not at import. */
export function pageGpu(): GpuProvider {
  pageProvider ??= new GpuProvider({
    gpu: () => (typeof navigator === 'undefined' ? undefined : navigator.gpu),
    isSecureContext: () => globalThis.isSecureContext !== false,
  });
  return pageProvider;
}
