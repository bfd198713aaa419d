import { expect, test } from '@playwright/test';
import { gpt2ConfigJson } from '../src/models/hub/testing/gpt2-config-json';
import { type LocalHub, startLocalHub } from '../src/models/hub/testing/hub-server';
import { ladderModel } from '../src/models/ladder';
import { writeGpt2Safetensors } from '../src/models/safetensors';
import { collectErrors } from './console';

/** gpt2-3m as a hub repo on a local hub, on another origin than the page, as the real one is. */
let hub: LocalHub;
test.beforeAll(async () => {
  const { config } = ladderModel('gpt2-3m');
  hub = await startLocalHub([
    {
      repo: 'paramscope/gpt2-3m',
      files: {
        'config.json': gpt2ConfigJson(config),
        'model.safetensors': writeGpt2Safetensors(config),
        'onnx/model_q4.onnx': new Uint8Array(4321),
      },
    },
  ]);
});
test.afterAll(() => hub.close());

test('?predict= reads a hub model from its headers, then predicts it from this device’s runs', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const errors = collectErrors(page);
  await page.goto(
    `/?predict=paramscope/gpt2-3m&hub=${encodeURIComponent(hub.url)}&models=gpt2-3m,gpt2-7m&engines=wgsl&seq=8&decode=4&repeats=3`,
  );
  const predict = page.locator('ps-predict');
  await expect(predict.locator('[data-figure="params"]')).toHaveText('3,382,080');
  // Only headers came over: the weights (13.5 MB) were never downloaded.
  expect(
    hub.requests.filter(
      (r) =>
        r.startsWith('GET /paramscope/gpt2-3m/resolve/main/model.safetensors') &&
        !r.includes('bytes='),
    ),
  ).toEqual([]);
  await expect(predict.locator('tr[data-precision="f32"]')).toContainText('12.9 MiB');
  // 50257·64 + 1024·64 embedding parameters, from the config, agreeing with the headers.
  await expect(predict.locator('[data-figure="breakdown"]')).toContainText('3,281,984 / ');
  await expect(predict.locator('[data-figure="breakdown"]')).toContainText(
    'exact: the architecture gives the headers’ count',
  );
  await expect(predict.locator('tr[data-precision="f32"]')).toContainText('exact');
  await expect(predict.locator('tr[data-precision="q4"]')).toContainText('estimate');
  await expect(predict.locator('tr[data-onnx="q4"]')).toContainText('4.22 KiB');
  await expect(predict.locator('tr[data-onnx="fp32"]')).toHaveCount(0);
  await expect(predict.locator('[data-figure="fits"]')).toContainText('fits one binding here');
  await expect(predict.locator('[data-figure="prediction"]')).toHaveText('—');
  await expect(predict.locator('[data-figure="prefill"]')).toHaveText('—');
  // 13,528,320 bytes of f32 weights + 2 layers × K and V × 64 × 2 bytes × 1024 tokens.
  await expect(predict.locator('[data-figure="memory"]')).toHaveText('13.4 MiB');
  await expect(predict.locator('[data-figure="verdict"]')).toContainText(
    "fits this device's buffer and binding limits",
  );
  await expect(predict).toContainText('no measurements yet — run the ladder first');

  // Two sizes on our engine at f32 on this device: the prediction appears, labelled.
  await page.locator('ps-bench').getByRole('button', { name: 'Run' }).click();
  await expect(predict.locator('[data-figure="prediction"]')).toContainText('ms/token', {
    timeout: 200_000,
  });
  await expect(predict).toContainText("estimate: this device's fit of 2 sizes");
  // Prefill beside it, at the 8-token prompt the ladder ran.
  await expect(predict.locator('[data-figure="prefill"]')).toContainText('ms for 8 tokens');
  expect(errors).toEqual([]);
});
