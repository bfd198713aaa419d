/**
 * transformers.js as one object per page, the way ../ort/runtime.ts is onnxruntime-web: the
 * module is imported on first use, after the page's OrtRuntime has loaded ORT (so the buffer
 * census sees transformers.js's first buffer too), and pointed at our ORT files and our cache.
 *
 * The bundle holds one onnxruntime-web (vite.config.ts, ONE_ORT): transformers.js's import of
 * `onnxruntime-web/webgpu` is ours, so its sessions run on the same module, `env` and
 * WebAssembly instance as our ORT engines, with JSEP as the WebGPU backend.
 */
import type * as Transformers from '@huggingface/transformers';
import { type OrtRuntime, pageOrtRuntime } from '../ort/runtime';

export type TransformersModule = typeof Transformers;

/** The Cache API store the hub files live in: ours and transformers.js's are one. */
export const HUB_CACHE = 'paramscope-hub';

let module: Promise<TransformersModule> | undefined;

/** transformers.js, configured; imported once per page. */
export function loadTransformers(
  runtime: OrtRuntime = pageOrtRuntime(),
): Promise<TransformersModule> {
  module ??= (async () => {
    const ort = await runtime.load();
    // Ours: where the embed build ships ORT's .wasm, or unset where Vite bundles ORT's own
    // reference to it (the page build). transformers.js replaces an unset path with a CDN's
    // at import; we put ours back.
    const wasmPaths = ort.env.wasm.wasmPaths;
    const transformers = await import('@huggingface/transformers');
    const { env } = transformers;
    if (env.backends.onnx.wasm) env.backends.onnx.wasm.wasmPaths = wasmPaths;
    // Files come from a hub (env.remoteHost, set per model) and its cache, never from
    // `/models/` of the page's own origin.
    env.allowLocalModels = false;
    env.useBrowserCache = typeof caches !== 'undefined';
    env.cacheKey = HUB_CACHE;
    // Our ORT start (runtime.ts) compiles the WebAssembly; transformers.js must not fetch and
    // cache a second copy from elsewhere.
    env.useWasmCache = false;
    return transformers;
  })();
  module.catch(() => {
    module = undefined;
  });
  return module;
}

/** Which ORT build and WebGPU backend really run transformers.js's sessions. */
export function ortBuild(transformers: TransformersModule): string {
  const versions = (transformers.env.backends.onnx as { versions?: { web?: string } }).versions;
  // The plain `onnxruntime-web` entry, which ours is, runs WebGPU through JSEP.
  return `onnxruntime-web ${versions?.web ?? 'unknown'} (JSEP)`;
}
