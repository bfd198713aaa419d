import { expect, type Page, test } from '@playwright/test';
import { collectErrors } from './console';

/** Collects the page's ps-result records and resolves when the sweep ends. */
async function watchBench(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { psResults: unknown[]; psDone: boolean };
    w.psResults = [];
    w.psDone = false;
    document.addEventListener('ps-result', (e) => w.psResults.push((e as CustomEvent).detail));
    document.addEventListener('ps-progress', (e) => {
      const { step } = (e as CustomEvent).detail;
      if (step === 'sweep-done' || step === 'cancelled') w.psDone = true;
    });
  });
  return {
    finished: () =>
      page.waitForFunction(() => (window as unknown as { psDone: boolean }).psDone, null, {
        timeout: 240_000,
      }),
    results: () =>
      page.evaluate(
        () => (window as unknown as { psResults: Record<string, unknown>[] }).psResults,
      ),
  };
}

const SMALL = 'seq=8&decode=2&repeats=2';

test('autorun measures gpt2-3m on our engine and ORT WebGPU and WASM; a reload keeps the results', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const errors = collectErrors(page);
  const bench = await watchBench(page);
  await page.goto(`/?models=gpt2-3m&engines=wgsl,ort-webgpu,ort-wasm&${SMALL}&autorun=1`);
  await bench.finished();
  const results = await bench.results();
  expect(results.map((r) => r.engine)).toEqual(['wgsl', 'ort-webgpu', 'ort-wasm']);
  for (const r of results) {
    const prefill = r.prefillMs as { median: number; p10: number; p90: number };
    const decode = r.decodeMsPerToken as { median: number };
    for (const figure of [
      r.loadMs,
      r.firstRunMs,
      prefill.median,
      decode.median,
      r.tokensPerSecond,
    ]) {
      expect(typeof figure === 'number' && Number.isFinite(figure) && figure > 0).toBe(true);
    }
    expect(prefill.p10).toBeLessThanOrEqual(prefill.p90);
    expect(r.params).toBe(3_382_080);
  }
  const [wgsl, ortWebgpu, ortWasm] = results;
  expect(wgsl!.provider).toBe('webgpu');
  // The hub-export graph (ortgraph) computes nothing from shapes: every node on WebGPU.
  expect(ortWebgpu!.provider).toBe('webgpu');
  expect(ortWasm!.provider).toBe('wasm');
  for (const gpu of [wgsl!, ortWebgpu!]) {
    expect(gpu.peakGpuBytes).toBeGreaterThan(gpu.weightBytes as number);
  }

  const rows = page.locator('ps-bench .results tbody tr');
  await expect(rows).toHaveCount(3);
  // Beside the page's three reference series (public/reference-results.json). The chart draws
  // once it is scrolled into view.
  await page.locator('ps-chart').scrollIntoViewIfNeeded();
  const series = page.locator('ps-chart [part="chart"] g.series');
  await expect(series).toHaveCount(6);
  // The page measures the roofline before a GPU sweep: the decode view draws the floor.
  await expect(page.locator('ps-bench [data-figure="bandwidth"]')).toContainText('GB/s');
  await page.reload();
  await expect(rows).toHaveCount(3);
  await page.locator('ps-chart').scrollIntoViewIfNeeded();
  await expect(series).toHaveCount(6); // the chart redraws from the restored history
  await expect(page.locator('ps-bench .results tr[data-engine="ort-webgpu"] .provider')).toHaveText(
    '(webgpu)',
  );
  expect(errors).toEqual([]);
});

test('a sweep gpt2-3m…gpt2-18m draws a power-law fit with its exponent', async ({ page }) => {
  test.setTimeout(240_000);
  const bench = await watchBench(page);
  await page.goto(`/?models=gpt2-3m,gpt2-7m,gpt2-18m&engines=ort-wasm&${SMALL}&autorun=1`);
  await bench.finished();
  expect((await bench.results()).map((r) => r.model)).toEqual(['gpt2-3m', 'gpt2-7m', 'gpt2-18m']);
  const chart = page.locator('ps-chart');
  await chart.scrollIntoViewIfNeeded();
  // This run's fit, and each of the three reference series' (public/reference-results.json).
  await expect(chart.locator('[part="chart"] g.fit path')).toHaveCount(4);
  const own = '[data-series="ort-wasm@cpu-no-gpu-adapter-chromium-156"]';
  await expect(chart.locator(`[part="legend"] ${own}`)).toContainText(/∝ N\^−?\d/);
});

test('a size past the limits is skipped with its reason, the others are measured', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const bench = await watchBench(page);
  await page.goto(`/?models=gpt2-3m,gpt2-1.5b&engines=ort-wasm&${SMALL}&autorun=1`);
  await bench.finished();
  expect((await bench.results()).map((r) => r.model)).toEqual(['gpt2-3m']);
  const skipped = page.locator('ps-bench li.skipped');
  await expect(skipped).toContainText('gpt2-1.5b/ort-wasm');
  await expect(skipped).toContainText('5.80 GiB of f32 weights');
});

test('f16 weights run on our engine, holding exactly the f16 bytes, and on ORT WASM', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = collectErrors(page);
  const bench = await watchBench(page);
  await page.goto(
    '/?models=gpt2-3m&engines=wgsl,ort-wasm&dtype=f16&seq=8&decode=4&repeats=2&autorun=1',
  );
  await expect(page.locator('ps-bench select[name="dtype"]')).toHaveValue('f16');
  await bench.finished();
  const results = await bench.results();
  expect(results.map((r) => [r.engine, r.dtype])).toEqual([
    ['wgsl', 'f16'],
    ['ort-wasm', 'f16'],
  ]);
  const [wgsl] = results;

  // gpt2-3m: V 50257, T 1024, C 64, 2 layers. Matrices (wte, wpe, and per layer c_attn,
  // attn.c_proj, c_fc, mlp.c_proj: 12 C²) are held in f16; biases and LayerNorms (13 C per
  // layer, 2 C for ln_f) stay f32.
  const [V, T, C, L] = [50257, 1024, 64, 2];
  const matrices = V * C + T * C + L * 12 * C * C;
  const vectors = L * 13 * C + 2 * C;
  expect(matrices + vectors).toBe(wgsl!.params);
  expect(wgsl!.weightBytes).toBe(2 * matrices + 4 * vectors);
  // Without shader-f16 (SwiftShader) the matrices are read as packed words, and it says so.
  const features = (wgsl!.device as { features: string[] }).features;
  expect((wgsl!.flags as string[]).includes('f16-packed')).toBe(!features.includes('shader-f16'));

  await expect(page.locator('ps-bench .results tr[data-engine="wgsl"]')).toContainText('wgsl f16');
  await expect(page.locator('ps-bench .results tr[data-engine="ort-wasm"]')).toContainText(
    'ort-wasm f16',
  );
  expect(errors).toEqual([]);
});

test('the bench CLI drives the built page and writes schema-1 records', async () => {
  test.setTimeout(180_000);
  const { execFile } = await import('node:child_process');
  const { readFile, mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const out = `${await mkdtemp(`${tmpdir()}/paramscope-`)}/out.json`;
  const args = ['scripts/bench.mjs', '--models', 'gpt2-3m', '--engines', 'ort-wasm', '--seq', '8'];
  args.push('--decode', '2', '--repeats', '2', '--json', out, '--port', '4175');
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile('node', args, { timeout: 170_000 }, (error, text, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(text),
    ),
  );
  expect(stdout).toContain('gpt2-3m');
  const records = JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>[];
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({
    schema: 1,
    model: 'gpt2-3m',
    engine: 'ort-wasm',
    provider: 'wasm',
  });
});

test('the Node bench (dist-node) measures our engine on Dawn and reports the floor', async () => {
  test.setTimeout(120_000);
  const { execFile } = await import('node:child_process');
  const { readFile, mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const out = `${await mkdtemp(`${tmpdir()}/paramscope-`)}/node.json`;
  const args = ['dist-node/node-bench.mjs', '--swiftshader', '--models', 'gpt2-3m'];
  args.push('--dtype', 'f16', '--seq', '4', '--decode', '2', '--repeats', '2', '--json', out);
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile('node', args, { timeout: 110_000 }, (error, text, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(text),
    ),
  );
  const records = JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>[];
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({
    schema: 1,
    model: 'gpt2-3m',
    engine: 'wgsl',
    dtype: 'f16',
    provider: 'webgpu',
    weightBytes: 6_767_744,
  });
  expect(records[0]!.browser).toMatch(/^Node v\d+.*Dawn/);
  expect(stdout).toContain('copy bandwidth:');
  expect(stdout).toMatch(
    /\| gpt2-3m \| f16 \(packed\) \| 6\.5 \| [\d.]+ \([\d.]+–[\d.]+\) \| [\d.]+ \| [\d.]+ % \|/,
  );
});
