import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

/**
 * What a first visit costs before the reader asks for anything: every JavaScript response the
 * page loads until the network is idle, gzipped here (as a server would send it). A change
 * that pulls a heavy dependency back into the first load fails this test.
 */
const BUDGET_GZIP_BYTES = 150 * 1024;

test('the first visit loads at most 150 KB of gzipped JavaScript', async ({ page }) => {
  const scripts: { url: string; gzip: number }[] = [];
  page.on('response', async (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (!/javascript/.test(type) && !response.url().endsWith('.js')) return;
    const body = await response.body().catch(() => null);
    if (body)
      scripts.push({
        url: new URL(response.url()).pathname,
        gzip: gzipSync(body, { level: 9 }).length,
      });
  });
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  // Charts below the fold wait: nothing more arrives while the reader has not scrolled.
  await page.waitForTimeout(500);
  const total = scripts.reduce((sum, s) => sum + s.gzip, 0);
  console.log(
    `first visit: ${(total / 1024).toFixed(1)} KB gzipped JS in ${scripts.length} files\n${scripts
      .sort((a, b) => b.gzip - a.gzip)
      .map((s) => `  ${(s.gzip / 1024).toFixed(1).padStart(6)} KB ${s.url}`)
      .join('\n')}`,
  );
  expect(total).toBeGreaterThan(0);
  expect(total).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);

  // Scrolled to, the chart loads Plot and draws the reference results.
  const before = scripts.length;
  const chart = page.locator('ps-chart#results');
  await chart.scrollIntoViewIfNeeded();
  await expect(chart.locator('[part="chart"] g.series')).toHaveCount(3);
  await expect.poll(() => scripts.length).toBeGreaterThan(before);
});

test('a dark theme reaches the chart through the custom properties', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  const chart = page.locator('ps-chart#results');
  await chart.scrollIntoViewIfNeeded();
  await expect(chart.locator('[part="chart"] g.series')).toHaveCount(3);
  const colours = await chart.evaluate((element) => {
    const svg = element.shadowRoot!.querySelector('[part="chart"] svg')!;
    return {
      text: getComputedStyle(svg).color,
      page: getComputedStyle(document.documentElement).backgroundColor,
    };
  });
  expect(colours).toEqual({ text: 'rgb(227, 230, 236)', page: 'rgb(21, 24, 30)' });
});
