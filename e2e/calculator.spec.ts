import { expect, test } from '@playwright/test';
import { collectErrors } from './console';

test('the calculator answers on the page and validates at the field', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  const calculator = page.locator('ps-calculator');
  await expect(calculator.locator('[data-figure="total"]')).toHaveText('6,738,415,616');
  await calculator.getByLabel('Preset').selectOption('bert-base');
  await expect(calculator.locator('[data-figure="total"]')).toHaveText('109,482,240');

  await calculator.getByLabel('Heads').fill('5');
  await expect(calculator.locator('#heads-error')).toContainText('must divide d_model');
  await expect(calculator.locator('[data-figure="total"]')).toHaveText('109,482,240');
  await expect(calculator).not.toContainText('NaN');
  expect(errors).toEqual([]);
});

test('a plain page embeds <ps-calculator> with its attributes', async ({ page }) => {
  await page.route('**/embed-calculator.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>a blog</title>
        <ps-calculator model="llama-2-7b" dtype="int4" context="4096"></ps-calculator>
        <script type="module" src="/paramscope.js"></script>`,
    }),
  );
  await page.goto('/embed-calculator.html');
  const calculator = page.locator('ps-calculator');
  await expect(calculator.locator('[data-figure="inferenceWeights"]')).toHaveText('3.47 GB');
  await expect(calculator.locator('[data-figure="kvCache"]')).toHaveText('2.15 GB');
  await expect(calculator.getByLabel('Context (tokens)')).toHaveValue('4096');
});
