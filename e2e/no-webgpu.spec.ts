import { expect, test } from '@playwright/test';

test('without WebGPU the page says so, says why, and still renders', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { psErrors: string[] };
    w.psErrors = [];
    document.addEventListener('ps-error', (e) => w.psErrors.push((e as CustomEvent).detail.reason));
  });
  await page.goto('/');
  const device = page.locator('ps-device');
  await expect(device.getByText('WebGPU not available')).toBeVisible();
  await expect(device.locator('.why')).toHaveAttribute('data-reason', 'no-adapter');
  await expect(device.locator('.why')).toContainText('offered no GPU adapter');
  await expect(device.getByText('still works')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'paramscope', level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { psErrors: string[] }).psErrors)).toEqual(
    ['no-adapter'],
  );
});

test('without WebGPU the roofline says it does not apply, not that it failed', async ({ page }) => {
  await page.goto('/');
  const bench = page.locator('ps-bench');
  await bench.getByRole('button', { name: 'Measure roofline' }).click();
  await expect(bench.locator('.roofline-not-applicable')).toHaveText(
    'No roofline: it measures a GPU through WebGPU, which this page does not have.',
  );
  await expect(bench.locator('.error')).toHaveCount(0);
  await expect(bench.getByText('failed')).toHaveCount(0);
});
