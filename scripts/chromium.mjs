// How paramscope starts Debian's Chromium, for the tests and the bench CLI (TESTING.md).
// Never a downloaded browser: nothing can be downloaded on these machines, and users of the
// project don't want a second browser either. Plain JavaScript, so `node scripts/bench.mjs`
// runs it without a TypeScript step; types in chromium.d.mts.

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
