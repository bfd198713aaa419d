/** The Chromium the tests start: see scripts/chromium.mjs (shared with the bench CLI). */
export { BASE_FLAGS, CHROMIUM_PATH, dawnVulkanEnv, WEBGPU_FLAGS } from '../scripts/chromium.mjs';
