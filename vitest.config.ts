import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_PATH, dawnVulkanEnv, WEBGPU_FLAGS } from './e2e/chromium.ts';
import { ONE_ORT } from './vite.config.ts';

// Dawn (the `webgpu` package) on SwiftShader unless a Vulkan driver is chosen already.
const vulkanEnv = dawnVulkanEnv();

export default defineConfig({
  test: {
    projects: [
      {
        // Pure math, GPU layer and kernels: Node, with real WebGPU from Dawn.
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['src/components/**', 'src/**/*.browser.test.ts'],
          env: vulkanEnv,
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Components, and anything else that needs a browser (IndexedDB, onnxruntime-web's
        // WebGPU backend: `*.browser.test.ts`), run in Debian's Chromium, WebGPU on SwiftShader.
        // Bundled before the first test: a dependency Vite discovers mid-run (the ONNX
        // writer's protobufjs/minimal, behind a dynamic import) makes it reload the page under
        // a running test, which then fails to fetch its modules.
        optimizeDeps: {
          include: ['protobufjs/minimal', 'onnxruntime-web', '@huggingface/transformers'],
        },
        resolve: { alias: ONE_ORT },
        extends: true,
        test: {
          name: 'browser',
          // A hub on localhost serving paramscope/tiny-gpt2 (inject('tinyGpt2HubUrl')).
          globalSetup: ['src/models/hub/testing/tiny-hub-setup.ts'],
          include: ['src/components/**/*.test.ts', 'src/**/*.browser.test.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: CHROMIUM_PATH, args: WEBGPU_FLAGS },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
