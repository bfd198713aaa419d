import { expect, test } from '@playwright/test';
import { collectErrors } from './console';

test('a plain page embeds <ps-laws> and <ps-timeline> from dist/paramscope.js', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const loaded: string[] = [];
  page.on('request', (request) => loaded.push(new URL(request.url()).pathname));
  await page.route('**/embed-theory.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>a blog</title>
        <ps-laws view="frontier"></ps-laws>
        <ps-timeline domain="language"></ps-timeline>
        <script type="module" src="/paramscope.js"></script>`,
    }),
  );
  await page.goto('/embed-theory.html');
  const laws = page.locator('ps-laws');
  await expect(laws.locator('[part="chart"] .marker-label', { hasText: 'GPT-3 175B' })).toHaveCount(
    1,
  );
  await laws.getByRole('tab', { name: 'IsoFLOP curves' }).click();
  await expect(laws).toHaveAttribute('view', 'isoflop');

  const timeline = page.locator('ps-timeline');
  await expect(timeline.locator('.gap-band')).toHaveCount(1);
  await expect(timeline.getByText(/of 100 models/)).toBeVisible();
  await timeline.getByLabel('Weights').selectOption('open');
  await expect(timeline).toHaveAttribute('weights', 'open');

  // The heavy parts arrived as their own chunks, after the element asked for them.
  expect(loaded.some((path) => /\/notable-models-[\w-]+\.js$/.test(path))).toBe(true);
  await expect(page.locator('body')).not.toContainText('NaN');
  expect(errors).toEqual([]);
});
