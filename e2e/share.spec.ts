import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { collectErrors } from './console';

/** Records this project measured (public/reference-results.json), imported as a user's file. */
const MEASURED = readFileSync('public/reference-results.json', 'utf8');

/** The chart's table rows and drawn series, as text. */
async function chartState(page: Page) {
  const chart = page.locator('ps-chart#results');
  await chart.scrollIntoViewIfNeeded();
  await expect(chart.locator('[part="chart"]:not(.stale) g.series').first()).toBeVisible();
  return {
    rows: await chart.locator('table[part="table"] tbody tr').allTextContents(),
    series: await chart
      .locator('[part="chart"]:not(.stale) g.series')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-description'))),
    dots: await chart.locator('[part="chart"]:not(.stale) g.series > *').count(),
  };
}

test('a shared link reopens with the same records and chart, without running anything', async ({
  page,
  browser,
}) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await page.locator('ps-bench input[type="file"]').setInputFiles({
    name: 'measured.json',
    mimeType: 'application/json',
    buffer: Buffer.from(MEASURED),
  });
  await expect(page.locator('ps-bench table tbody tr')).toHaveCount(9);
  const before = await chartState(page);
  // Beside the page's reference results (public/), which are the same figures from a file.
  expect(before.series).toHaveLength(6);
  expect(before.rows.length).toBeGreaterThanOrEqual(9);

  await page.locator('ps-bench button.share').click();
  const link = await page.locator('ps-bench input.share-link').inputValue();
  expect(link).toMatch(/#r=1\.[A-Za-z0-9_-]+$/);

  // A new visitor: another context, so nothing in IndexedDB, and no run may start.
  const context = await browser.newContext();
  const other = await context.newPage();
  const otherErrors = collectErrors(other);
  let progress = 0;
  await other.exposeFunction('psProgress', () => {
    progress++;
  });
  await other.addInitScript(() =>
    document.addEventListener('ps-progress', () =>
      (window as unknown as { psProgress: () => void }).psProgress(),
    ),
  );
  await other.goto(link);
  await expect(other.locator('#shared')).toContainText(
    'Shared results: 9 records measured on google swiftshader (software adapter) · Chromium 156, 2026-12-02. Nothing was re-run.',
  );
  const after = await chartState(other);
  expect(after).toEqual(before);
  expect(progress).toBe(0);
  expect(otherErrors).toEqual([]);
  await context.close();

  // A damaged link says so, and the page still works.
  await page.goto(`${link.slice(0, link.indexOf('#'))}#r=1.AAAA`);
  await expect(page.locator('#shared')).toContainText(
    "This link's results could not be shown: the link is damaged",
  );
  expect(errors).toEqual([]);
});

test('a first visit shows the reference results, and the chart downloads as an SVG with its series', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto('/');
  const chart = page.locator('ps-chart#results');
  await chart.scrollIntoViewIfNeeded();
  await expect(chart.locator('[part="chart"]:not(.stale) g.series')).toHaveCount(3);
  await expect(chart.locator('[part="legend"]')).toContainText(
    'google swiftshader (software adapter) · Chromium 156 · reference-results.json, 2026-12-02',
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    chart.locator('button.save-svg').click(),
  ]);
  expect(download.suggestedFilename()).toBe('paramscope-decode.svg');
  const svg = readFileSync(await download.path(), 'utf8');
  for (const name of ['wgsl f32', 'ort-webgpu f32', 'ort-wasm f32']) {
    expect(svg).toContain(`class="series engine-${name.split(' ')[0]} dtype-f32 device-0"`);
  }
  expect(svg).toContain('reference-results.json, 2026-12-02');
  expect(svg).toMatch(/Measured 2026-12-02 · paramscope/);
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    chart.locator('button.save-png').click(),
  ]);
  expect(png.suggestedFilename()).toBe('paramscope-decode.png');
  expect(
    readFileSync(await png.path())
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');
  expect(errors).toEqual([]);
});
