/**
 * Typed GPU errors. Each says what went wrong and what the user can do about it, because
 * the components show `message` as it is.
 */

/** Why WebGPU could not be had on this page. */
export type GpuUnavailableReason =
  | 'insecure-context'
  | 'no-webgpu'
  | 'no-adapter'
  | 'device-request-failed';

const ADVICE: Readonly<Record<GpuUnavailableReason, string>> = {
  'insecure-context':
    'WebGPU only exists on secure pages: open paramscope over https or from localhost.',
  'no-webgpu':
    'This browser has no WebGPU. Chrome or Edge 113+, Safari 26 and Firefox 141+ (Windows) have it.',
  'no-adapter':
    'The browser has WebGPU but offered no GPU adapter: the GPU may be blocklisted or WebGPU disabled (see chrome://gpu).',
  'device-request-failed':
    'The GPU adapter refused to create a device; another tab may hold it, or the driver failed. Reload to try again.',
};

export class GpuUnavailableError extends Error {
  override readonly name = 'GpuUnavailableError';
  /** What the user can do about it. */
  readonly advice: string;

  constructor(
    readonly reason: GpuUnavailableReason,
    detail?: string,
  ) {
    super(detail ? `${ADVICE[reason]} (${detail})` : ADVICE[reason]);
    this.advice = ADVICE[reason];
  }
}

/** A tensor that does not fit a device limit, found before anything was allocated. */
export class GpuLimitError extends Error {
  override readonly name = 'GpuLimitError';

  constructor(
    readonly tensor: string,
    readonly bytes: number,
    readonly limit: string,
    readonly limitBytes: number,
  ) {
    super(
      `tensor "${tensor}" needs ${exactBytes(bytes)} but this device's ${limit} is ${exactBytes(limitBytes)}`,
    );
  }
}

/** The device refused an allocation: out of memory, or the request was invalid. */
export class GpuAllocationError extends Error {
  override readonly name = 'GpuAllocationError';

  constructor(
    readonly tensor: string,
    readonly bytes: number,
    readonly kind: 'out-of-memory' | 'validation',
    detail: string,
  ) {
    super(
      kind === 'out-of-memory'
        ? `out of GPU memory allocating "${tensor}" (${exactBytes(bytes)}): ${detail}`
        : `could not allocate "${tensor}" (${exactBytes(bytes)}): ${detail}`,
    );
  }
}

/** GPU work failed validation (only seen when validation scopes are on, or in tests). */
export class GpuValidationError extends Error {
  override readonly name = 'GpuValidationError';

  constructor(
    readonly what: string,
    detail: string,
  ) {
    super(`WebGPU validation failed in ${what}: ${detail}`);
  }
}

/** `1073741824` → `"1.00 GiB (1073741824 bytes)"`: exact bytes beside the readable size. */
function exactBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(2)} ${units[unit]} (${bytes} bytes)`;
}
