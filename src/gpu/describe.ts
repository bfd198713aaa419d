/**
 * What the UI and every result record say about the device a figure was measured on.
 */

/** The limits that decide which models fit and how kernels are shaped. */
export const KEY_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxUniformBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
] as const;

export type KeyLimit = (typeof KEY_LIMITS)[number];

/** Optional features paramscope uses when the adapter has them. */
export const OPTIONAL_FEATURES: readonly GPUFeatureName[] = [
  'timestamp-query',
  'shader-f16',
  'subgroups',
];

export interface DeviceDescription {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** True for a software or otherwise reduced adapter; SwiftShader may not set it. */
  readonly isFallbackAdapter: boolean;
  /** Features enabled on the device (not merely offered by the adapter), sorted. */
  readonly features: readonly string[];
  readonly limits: Readonly<Record<KeyLimit, number>>;
}

export function describeDevice(info: GPUAdapterInfo, device: GPUDevice): DeviceDescription {
  const limits = Object.fromEntries(KEY_LIMITS.map((key) => [key, device.limits[key]]));
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: Boolean((info as { isFallbackAdapter?: boolean }).isFallbackAdapter),
    features: [...device.features].sort(),
    limits: limits as Record<KeyLimit, number>,
  };
}

/** A software adapter: its timings say nothing about a GPU. */
export const isSoftwareAdapter = (
  d: Pick<DeviceDescription, 'architecture' | 'vendor' | 'isFallbackAdapter'>,
) =>
  d.isFallbackAdapter ||
  /swiftshader|llvmpipe|lavapipe|warp/i.test(`${d.vendor} ${d.architecture}`);
