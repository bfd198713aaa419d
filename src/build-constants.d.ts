/**
 * Set by vite.config.ts: where onnxruntime-web's .wasm files sit, relative to the chunk that
 * loads ORT, in the embed build; null where the bundler serves them itself (the page, dev,
 * tests).
 */
declare const __ORT_WASM_DIR__: string | null;
