// How paramscope starts Debian's Chromium, for the tests and the bench CLI (docs/testing.md).
// Never a downloaded browser: nothing can be downloaded on these machines, and users of the
// project don't want a second browser either. Plain JavaScript, so `node scripts/bench.mjs`
// runs it without a TypeScript step; types in chromium.d.mts.
import { existsSync } from 'node:fs';

/** Override with PARAMSCOPE_CHROMIUM=/path/to/chrome. */
export const CHROMIUM_PATH = process.env.PARAMSCOPE_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that every run needs on a machine with no network and as root. */
export const BASE_FLAGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Without these, headless Chromium has no WebGPU adapter (`requestAdapter()` returns null).
 * SwiftShader is WebGPU in software: correct, slow, and not a GPU timing. On a machine with a
 * GPU, drop `--use-webgpu-adapter=swiftshader` to measure the GPU.
 */
export const WEBGPU_FLAGS = [
  ...BASE_FLAGS,
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
];

/**
 * Environment for Dawn in Node (the `webgpu` package: the node tests, the Node bench): Dawn
 * finds a Vulkan driver through VK_ICD_FILENAMES, and Debian's Chromium ships SwiftShader's.
 * Empty when the variable is already set (a developer's own GPU) or SwiftShader is absent.
 */
export function dawnVulkanEnv() {
  const icd = '/usr/lib/chromium/vk_swiftshader_icd.json';
  if (process.env.VK_ICD_FILENAMES || !existsSync(icd)) return {};
  // SwiftShader's window-system code complains without a runtime dir; we draw nothing.
  return { VK_ICD_FILENAMES: icd, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' };
}
