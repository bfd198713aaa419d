import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AliasOptions, defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * Two builds into dist/:
 * - the playground page (`vite build`): index.html and its assets;
 * - the embed (`vite build --mode lib`): dist/paramscope.js, one ES module that defines every
 *   <ps-*> element. Lit is bundled into it, so a blog needs one script tag and nothing else;
 *   heavy dependencies (Plot, the dataset, onnxruntime-web) stay in chunks beside it, loaded
 *   on first use.
 *
 * Library mode inlines every asset, which would put onnxruntime-web's 28 MB .wasm into a
 * chunk as base64. So the embed uses onnxruntime-web's build that loads its .wasm from a URL
 * (the `onnxruntime-web-use-extern-wasm` export condition), and `ortWasmFiles` copies those
 * files next to the chunks, where the ORT engine points `env.wasm.wasmPaths`.
 */
const ORT_DIST = 'node_modules/onnxruntime-web/dist';
const ORT_FILES = ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'];
const ORT_WASM_DIR = 'ort/';

function ortWasmFiles(): Plugin {
  return {
    name: 'paramscope:ort-wasm-files',
    apply: 'build',
    generateBundle(output) {
      const chunks = typeof output.chunkFileNames === 'string' ? output.chunkFileNames : '';
      const chunkDir = dirname(chunks) === '.' ? '' : `${dirname(chunks)}/`;
      for (const file of ORT_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: `${chunkDir}${ORT_WASM_DIR}${file}`,
          source: readFileSync(`${ORT_DIST}/${file}`),
        });
      }
    },
  };
}

/**
 * One onnxruntime-web in the bundle. transformers.js imports `onnxruntime-web/webgpu` (ORT's
 * build with the native WebGPU EP) and `onnxruntime-common`; we hand it ours instead: the same
 * package version (package.json pins the one transformers.js pins), the same entry our ORT
 * engines use (JSEP), and onnxruntime-common from it. So the page holds one ORT module, one
 * `env`, one WebAssembly instance and one buffer census, whichever engine runs.
 */
export const ONE_ORT: AliasOptions = [
  { find: /^onnxruntime-web\/webgpu$/, replacement: 'onnxruntime-web' },
  {
    find: /^onnxruntime-common$/,
    replacement: fileURLToPath(new URL('src/engines/hub/ort-common.ts', import.meta.url)),
  },
];

/**
 * The Node bench (`npm run bench:node`, scripts/node-bench): one ES module for Node with all
 * of our code and its dependencies inside, so that a machine with a GPU and no npm needs only
 * it, a Node binary and the `webgpu` package (Dawn's native addon, left outside the bundle).
 */
const nodeBench: UserConfig = {
  publicDir: false,
  define: { __ORT_WASM_DIR__: 'null' },
  ssr: { noExternal: true, external: ['webgpu'] },
  build: {
    outDir: 'dist-node',
    emptyOutDir: true,
    target: 'node20',
    ssr: 'scripts/node-bench/main.ts',
    rollupOptions: { output: { entryFileNames: 'node-bench.mjs' } },
  },
};

/** The fixture writer (`npm run fixtures`, scripts/fixtures): one ES module for Node. */
const fixtures: UserConfig = {
  publicDir: false,
  define: { __ORT_WASM_DIR__: 'null' },
  ssr: { noExternal: true },
  logLevel: 'warn',
  build: {
    outDir: 'dist-fixtures',
    emptyOutDir: true,
    target: 'node20',
    ssr: 'scripts/fixtures/main.ts',
    rollupOptions: { output: { entryFileNames: 'fixtures.mjs' } },
  },
};

export default defineConfig(({ mode }) =>
  mode === 'node-bench'
    ? nodeBench
    : mode === 'fixtures'
      ? fixtures
      : mode === 'lib'
        ? {
            publicDir: false,
            define: { __ORT_WASM_DIR__: JSON.stringify(ORT_WASM_DIR) },
            resolve: { alias: ONE_ORT, conditions: ['onnxruntime-web-use-extern-wasm'] },
            plugins: [ortWasmFiles()],
            build: {
              outDir: 'dist',
              emptyOutDir: false,
              lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'paramscope.js' },
              rollupOptions: { output: { chunkFileNames: '[name]-[hash].js' } },
            },
          }
        : {
            base: './',
            define: { __ORT_WASM_DIR__: 'null' },
            resolve: { alias: ONE_ORT },
            build: { outDir: 'dist', emptyOutDir: true },
            server: { host: '127.0.0.1' },
            preview: { host: '127.0.0.1' },
          },
);
