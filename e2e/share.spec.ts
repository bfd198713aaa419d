import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { collectErrors } from './console';

/** Records this project measured (public/reference-results.json), imported as a user's file. */
const MEASURED = readFileSync('public/reference-results.json', 'utf8');

/** The chart's table rows and drawn series, as text. */
async function chartState(page: Page) {
  const chart = page.locator('ps-chart#results');
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
  expect(before.series).toHaveLength(3);
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
