import { defineConfig } from '@playwright/test';
import { BASE_FLAGS, CHROMIUM_PATH, WEBGPU_FLAGS } from './e2e/chromium.ts';

// PARAMSCOPE_E2E_PORT lets two checkouts run their e2e tests side by side.
const PORT = Number(process.env.PARAMSCOPE_E2E_PORT ?? 4173);

/**
 * End-to-end tests of the built page (dist/) in Debian's Chromium, served by `vite preview`
 * over http: onnxruntime-web fetches its .wasm, which file:// would not allow.
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  reporter: process.env.CI ? 'list' : [['list']],
  use: { baseURL: `http://127.0.0.1:${PORT}` },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /no-webgpu\.spec\.ts/,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: CHROMIUM_PATH, args: WEBGPU_FLAGS },
      },
    },
    {
      // The same Chromium without the flags: it has no adapter, as a user's blocklisted GPU.
      name: 'no-webgpu',
      testMatch: /no-webgpu\.spec\.ts/,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: CHROMIUM_PATH, args: [...BASE_FLAGS] },
      },
    },
  ],
});
