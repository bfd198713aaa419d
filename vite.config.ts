import { defineConfig } from 'vite';

/**
 * Two builds into dist/:
 * - the playground page (`vite build`): index.html and its assets;
 * - the embed (`vite build --mode lib`): dist/paramscope.js, one ES module that defines every
 *   <ps-*> element. Lit is bundled into it, so a blog needs one script tag and nothing else;
 *   heavy dependencies stay in chunks beside it, loaded on first use.
 */
export default defineConfig(({ mode }) =>
  mode === 'lib'
    ? {
        publicDir: false,
        build: {
          outDir: 'dist',
          emptyOutDir: false,
          lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'paramscope.js' },
        },
      }
    : {
        base: './',
        build: { outDir: 'dist', emptyOutDir: true },
        server: { host: '127.0.0.1' },
        preview: { host: '127.0.0.1' },
      },
);
