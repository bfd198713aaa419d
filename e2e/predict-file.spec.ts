import { expect, test } from '@playwright/test';
import { tinyGpt2Gguf } from '../src/models/gguf/testing/write-gguf';
import { startLocalHub } from '../src/models/hub/testing/hub-server';
import { collectErrors } from './console';

const gguf = tinyGpt2Gguf();

test('your own .gguf: exact parameters per ggml type, read locally; a cut file says why', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  await page.goto('/');
  const predict = page.locator('ps-predict');
  await predict.locator('input[type="file"]').setInputFiles({
    name: 'tiny.gguf',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(gguf),
  });
  // 64·512 + 64·192 + 64·256 + 64 = 61,504 parameters.
  await expect(predict.locator('[data-figure="params"]')).toHaveText('61,504');
  await expect(predict.locator('tr[data-dtype="Q8_0"]')).toContainText('45,056 parameters');
  await expect(predict.locator('tr[data-dtype="Q8_0"]')).toContainText('exact (47,872 bytes)');
  await expect(predict.locator('tr[data-dtype="Q4_0"]')).toContainText('exact (9,216 bytes)');
  await expect(predict.locator('tr[data-precision="q8"]')).toContainText('exact');
  // 1 layer × K and V × 64 × 2 bytes per token, at the model's 1024 tokens.
  await expect(predict.locator('[data-figure="kvPerToken"]')).toHaveText('256 B');
  await expect(predict).toContainText('no measurements yet — run the ladder first');
  // 57,344 bytes of weights (held as q8) + 256 B × 1024 tokens of KV cache.
  await expect(predict.locator('[data-figure="memory"]')).toHaveText('312.0 KiB');

  await predict.locator('input[type="file"]').setInputFiles({
    name: 'cut.safetensors',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from([0xff, 0xff, 0, 0, 0, 0, 0, 0, 0x7b]),
  });
  await expect(predict.locator('[part="status"]')).toHaveText(
    'Could not read cut.safetensors: header length 65535 runs past the end of the 9-byte file',
  );
  expect(errors).toEqual([]);
});

test('?predict=<a .gguf URL> reads it by Range requests, not whole', async ({ page }) => {
  const hub = await startLocalHub([{ repo: 'someone/tiny', files: { 'tiny.gguf': gguf } }]);
  try {
    const errors = collectErrors(page);
    const url = `${hub.url}/someone/tiny/resolve/main/tiny.gguf`;
    await page.goto(`/?predict=${encodeURIComponent(url)}`);
    const predict = page.locator('ps-predict');
    await expect(predict.locator('[data-figure="params"]')).toHaveText('61,504');
    await expect(predict.locator('tr[data-dtype="Q4_0"]')).toContainText('16,384 parameters');
    expect(hub.requests.filter((r) => r.startsWith('GET') && !r.includes('bytes='))).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await hub.close();
  }
});
