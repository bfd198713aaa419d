import { existsSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_PATH, WEBGPU_FLAGS } from './e2e/chromium.ts';

// Dawn (the `webgpu` package) finds a Vulkan driver through this variable; Debian's Chromium
// ships SwiftShader's. A developer with a real GPU can set it to their own ICD or unset it.
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const vulkanEnv: Record<string, string> =
  process.env.VK_ICD_FILENAMES || !existsSync(SWIFTSHADER_ICD)
    ? {}
    : // SwiftShader's window-system code complains without a runtime dir; we draw nothing.
      { VK_ICD_FILENAMES: SWIFTSHADER_ICD, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' };

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
        extends: true,
        test: {
          name: 'browser',
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
