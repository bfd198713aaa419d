import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type LocalHub, startLocalHub } from '../src/models/hub/testing/hub-server';
import { countParams, gpt2Config } from '../src/scaling';
import { collectErrors } from './console';

/** paramscope/tiny-gpt2, and repos that are wrong in one way each, on a hub of another origin. */
let hub: LocalHub;
/** The repo as the build wrote it (npm run fixtures, scripts/fixtures): served as the hub would. */
const REPO_DIR = 'dist/models/paramscope/tiny-gpt2';
const files: Record<string, Uint8Array> = Object.fromEntries(
  readdirSync(REPO_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return [relative(REPO_DIR, path), new Uint8Array(readFileSync(path))];
    }),
);
const config = JSON.parse(new TextDecoder().decode(files['config.json']));
const TINY_GPT2_CONFIG = gpt2Config({
  layers: config.n_layer,
  dModel: config.n_embd,
  heads: config.n_head,
  vocabSize: config.vocab_size,
  contextLength: config.n_positions,
});
const onnx = files['onnx/model.onnx'];
const withoutOnnx = Object.fromEntries(
  Object.entries(files).filter(([path]) => !path.startsWith('onnx/')),
);
test.beforeAll(async () => {
  hub = await startLocalHub([
    { repo: 'paramscope/tiny-gpt2', files },
    { repo: 'paramscope/no-onnx', files: withoutOnnx },
    {
      repo: 'paramscope/html-onnx',
      files: { ...withoutOnnx, 'onnx/model.onnx': '<!DOCTYPE html><html>Sign in</html>' },
    },
    {
      repo: 'paramscope/truncated',
      files: { ...files, 'onnx/model.onnx': onnx!.subarray(0, 1000) },
      listedSizes: { 'onnx/model.onnx': onnx!.length },
    },
    {
      repo: 'paramscope/huge',
      files,
      listedSizes: { 'onnx/model.onnx': 3 * 2 ** 30 },
    },
  ]);
});
test.afterAll(() => hub.close());

async function watchBench(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { psResults: unknown[]; psProgress: unknown[]; psDone: boolean };
    w.psResults = [];
    w.psProgress = [];
    w.psDone = false;
    document.addEventListener('ps-result', (e) => w.psResults.push((e as CustomEvent).detail));
    document.addEventListener('ps-progress', (e) => {
      const detail = (e as CustomEvent).detail;
      w.psProgress.push(detail);
      if (detail.step === 'sweep-done' || detail.step === 'cancelled') w.psDone = true;
    });
  });
  return {
    finished: () =>
      page.waitForFunction(() => (window as unknown as { psDone: boolean }).psDone, null, {
        timeout: 240_000,
      }),
    get: () =>
      page.evaluate(() => {
        const w = window as unknown as {
          psResults: Record<string, unknown>[];
          psProgress: Record<string, unknown>[];
        };
        const results = w.psResults;
        const progress = w.psProgress;
        w.psResults = [];
        w.psProgress = [];
        return { results, progress };
      }),
  };
}

const run = (models: string) =>
  `/?models=${models}&engines=hub-webgpu,hub-wasm&hub=${encodeURIComponent(hub.url)}&seq=8&decode=4&repeats=2&autorun=1`;

test('hub:paramscope/tiny-gpt2 runs through transformers.js on WebGPU and WASM, download apart from load, then from cache', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const errors = collectErrors(page);
  const bench = await watchBench(page);
  await page.goto(run('hub:paramscope/tiny-gpt2'));
  await bench.finished();
  const { results, progress } = await bench.get();
  const failed = progress.filter((p) => p.step === 'failed').map((p) => p.message);
  expect(failed).toEqual([]);
  expect(results.map((r) => r.engine)).toEqual(['hub-webgpu', 'hub-wasm']);
  for (const r of results) {
    expect(r.model).toBe('paramscope/tiny-gpt2');
    expect(r.params).toBe(countParams(TINY_GPT2_CONFIG).total);
    expect(r.params).toBe(128_768);
    const prefill = r.prefillMs as { median: number; n: number };
    const decode = r.decodeMsPerToken as { median: number; n: number };
    for (const figure of [r.loadMs, r.firstRunMs, prefill.median, decode.median, r.tokensPerSecond])
      expect(typeof figure === 'number' && Number.isFinite(figure) && figure > 0).toBe(true);
    expect(prefill.n).toBe(2);
    const source = r.source as Record<string, unknown>;
    expect(source).toMatchObject({
      kind: 'hub',
      hub: hub.url,
      repo: 'paramscope/tiny-gpt2',
      revision: 'main',
      file: 'onnx/model.onnx',
    });
    expect(source.downloadMs).toBeGreaterThan(0);
    expect(r.runtime).toMatch(
      /^transformers\.js 4\.\d+\.\d+, onnxruntime-web 1\.31\.0-dev.* \(JSEP\)$/,
    );
  }
  const [gpu, cpu] = results;
  // The hub-export graph computes nothing from shapes: every node runs on WebGPU.
  expect(gpu!.provider).toBe('webgpu');
  expect(gpu!.flags).not.toContain('cpu-fallback');
  expect(gpu!.peakGpuBytes).toBeGreaterThan(0);
  expect(cpu!.provider).toBe('wasm');
  // The first engine downloaded every byte, the second found them in the cache.
  expect((gpu!.source as { fromCache: boolean }).fromCache).toBe(false);
  expect((cpu!.source as { fromCache: boolean }).fromCache).toBe(true);
  expect(cpu!.flags).toContain('from-cache');
  const downloads = progress.filter((p) => p.step === 'download' && p.engine === 'hub-webgpu');
  const last = downloads.at(-1)!;
  const size = (f: Uint8Array | string) =>
    typeof f === 'string' ? new TextEncoder().encode(f).length : f.length;
  // The configs, the tokenizer and the f32 export: not model.safetensors, nor other exports.
  const read = Object.entries(files).filter(
    ([path]) =>
      path === 'onnx/model.onnx' || !(path.startsWith('onnx/') || path.endsWith('.safetensors')),
  );
  expect(last.total).toBe(read.reduce((sum, [, f]) => sum + size(f), 0));
  expect(last.done).toBe(last.total);
  expect(String(last.message)).toContain('onnx/model.onnx');
  // The weights crossed the network once: transformers.js read them from the cache.
  const onnxGets = hub.requests.filter(
    (r) => r === 'GET /paramscope/tiny-gpt2/resolve/main/onnx/model.onnx',
  );
  expect(onnxGets).toHaveLength(1);
  // The cache, seen and cleared: the five files the run read.
  const cache = page.locator('ps-bench [data-figure="hub-cache"]');
  await expect(cache).toContainText('Hub cache: 5 files');
  await page.locator('ps-bench').getByRole('button', { name: 'Clear hub cache' }).click();
  await expect(cache).toContainText('Hub cache: 0 files');
  expect(errors).toEqual([]);
  // For the report: the figures of this run (2 cores, SwiftShader), not an assertion.
  for (const r of results) {
    const s = r.source as { downloadMs: number };
    console.log(
      `${r.engine}: load ${(r.loadMs as number).toFixed(0)} ms, first ${(r.firstRunMs as number).toFixed(0)} ms, prefill ${(r.prefillMs as { median: number }).median.toFixed(1)} ms, decode ${(r.decodeMsPerToken as { median: number }).median.toFixed(1)} ms/token, download ${s.downloadMs.toFixed(0)} ms, peak GPU ${r.peakGpuBytes}`,
    );
  }
});

test('bad hub repos fail with the file and the reason, and the results before them stay', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const bench = await watchBench(page);
  await page.goto(
    run(
      'hub:paramscope/tiny-gpt2,hub:paramscope/nobody,hub:paramscope/no-onnx,hub:paramscope/html-onnx,hub:paramscope/truncated,hub:paramscope/huge',
    ).replace('hub-webgpu,hub-wasm', 'hub-wasm'),
  );
  await bench.finished();
  const { results, progress } = await bench.get();
  expect(results.map((r) => r.model)).toEqual(['paramscope/tiny-gpt2']);
  const failures = Object.fromEntries(
    progress.filter((p) => p.step === 'failed').map((p) => [p.model, String(p.message)]),
  );
  expect(failures['hub:paramscope/nobody']).toMatch(/paramscope\/nobody on http/);
  expect(failures['paramscope/no-onnx']).toMatch(/publishes no ONNX export/);
  expect(failures['paramscope/html-onnx']).toMatch(
    /onnx\/model\.onnx: the hub answered an HTML page/,
  );
  expect(failures['paramscope/truncated']).toMatch(
    /onnx\/model\.onnx: truncated: 1000 of the \d+ bytes/,
  );
  expect(failures['paramscope/huge']).toMatch(
    /onnx\/model\.onnx: 3\.00 GiB .*too big before downloading/,
  );
  // Nothing of the huge model was downloaded.
  expect(
    hub.requests.filter((r) => r.startsWith('GET /paramscope/huge/resolve/main/onnx/')),
  ).toEqual([]);
  await expect(page.locator('ps-bench')).toContainText('paramscope/tiny-gpt2');
});
