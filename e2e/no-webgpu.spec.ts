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
