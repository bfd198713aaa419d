import { expect, test } from '@playwright/test';
import { collectErrors } from './console';

test('the page loads without console errors and <ps-device> shows SwiftShader', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'paramscope', level: 1 })).toBeVisible();
  const device = page.locator('ps-device');
  await expect(device.getByText('Available:')).toBeVisible();
  await expect(device.locator('.adapter')).toContainText('swiftshader');
  await expect(device.locator('.software')).toContainText('timings say nothing about a GPU');
  await expect(device.locator('[data-limit="maxBufferSize"]')).toHaveText('1.00 GiB');
  await expect(device.locator('ul.features')).toContainText('timestamp-query');
  expect(errors).toEqual([]);
});

test('a plain page embeds <ps-device> with one script tag from dist/paramscope.js', async ({
  page,
}) => {
  const errors = collectErrors(page);
  // A page that is not ours: only the script tag and the element, as a blog post would have.
  await page.route('**/embed-test.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>a blog</title><p>Before.</p>
        <ps-device></ps-device>
        <script type="module" src="/paramscope.js"></script>`,
    }),
  );
  await page.goto('/embed-test.html');
  await expect(page.locator('ps-device .adapter')).toContainText('swiftshader');
  expect(errors).toEqual([]);
});
