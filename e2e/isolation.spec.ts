import { expect, type Page, test } from '@playwright/test';

/** Runs gpt2-3m on ORT WASM and returns its record's flags and the page's core count. */
async function ortWasmFlags(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { psFlags: string[][]; psDone: boolean };
    w.psFlags = [];
    w.psDone = false;
    document.addEventListener('ps-result', (e) => w.psFlags.push((e as CustomEvent).detail.flags));
    document.addEventListener('ps-progress', (e) => {
      const { step } = (e as CustomEvent).detail;
      if (step === 'sweep-done' || step === 'cancelled') w.psDone = true;
    });
  });
  await page.goto('/?models=gpt2-3m&engines=ort-wasm&seq=8&decode=2&repeats=2&autorun=1');
  await page.waitForFunction(() => (window as unknown as { psDone: boolean }).psDone, null, {
    timeout: 100_000,
  });
  return page.evaluate(() => ({
    flags: (window as unknown as { psFlags: string[][] }).psFlags,
    cores: navigator.hardwareConcurrency,
    isolated: crossOriginIsolated,
  }));
}

test('not cross-origin isolated: the record says ORT WASM ran on 1 thread', async ({ page }) => {
  const { flags, isolated } = await ortWasmFlags(page);
  expect(isolated).toBe(false);
  expect(flags).toHaveLength(1);
  expect(flags[0]).toContain('wasm-threads-1');
  expect(flags[0]).not.toContain('cross-origin-isolated');
});

test('cross-origin isolated: the record says so, and ORT WASM ran on min(4, cores) threads', async ({
  page,
}) => {
  // The headers that make the page cross-origin isolated, on every response as a host sends
  // them: ORT's worker script needs COEP too, or the browser blocks it and the start hangs.
  await page.route(
    () => true,
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: {
          ...response.headers(),
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        },
      });
    },
  );
  const { flags, cores, isolated } = await ortWasmFlags(page);
  expect(isolated).toBe(true);
  expect(flags).toHaveLength(1);
  expect(flags[0]).toContain('cross-origin-isolated');
  expect(flags[0]).toContain(`wasm-threads-${Math.min(4, cores)}`);
});
