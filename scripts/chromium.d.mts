export declare const CHROMIUM_PATH: string;
export declare const BASE_FLAGS: readonly string[];
export declare const WEBGPU_FLAGS: string[];
export declare function dawnVulkanEnv(): Record<string, string>;
