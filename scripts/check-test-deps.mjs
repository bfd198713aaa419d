// Before `npm test`: the system pieces the tests need, with the command that installs them.
// (.ci/run installs them itself; this is for a developer's first run.)
import { existsSync } from 'node:fs';

const chromium = process.env.PARAMSCOPE_CHROMIUM ?? '/usr/bin/chromium';
const vulkanLoaders = [
  '/usr/lib/x86_64-linux-gnu/libvulkan.so.1',
  '/usr/lib/aarch64-linux-gnu/libvulkan.so.1',
];

const missing = [];
if (!existsSync(chromium)) missing.push(`Chromium at ${chromium} (Debian package: chromium)`);
if (!vulkanLoaders.some(existsSync))
  missing.push('the Vulkan loader for Dawn in Node (Debian package: libvulkan1)');

if (missing.length > 0) {
  console.error(`npm test needs:\n  - ${missing.join('\n  - ')}`);
  console.error(
    'Install them with:  sudo apt-get update && sudo apt-get install -y chromium libvulkan1',
  );
  process.exit(1);
}
