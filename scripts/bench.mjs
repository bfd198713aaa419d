#!/usr/bin/env node
// The bench CLI: drives the built page (dist/) in headless Chromium with the same options as
// the URL, prints a table and writes the ResultRecords (docs/results.md).
//
//   npm run build
//   npm run bench -- --models gpt2-3m,gpt2-7m --engines ort-webgpu,ort-wasm --json out.json
//
// Options: --models, --engines, --dtype (f32, f16, q8 or q4; an engine that holds no such weights
// is skipped with the reason), --seq, --decode, --repeats (as the URL: see docs/methodology.md), --json FILE,
// --chromium PATH (default /usr/bin/chromium or PARAMSCOPE_CHROMIUM), --gpu (use the machine's
// GPU instead of SwiftShader), --port N, --timeout SECONDS (default 1800).
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { BASE_FLAGS, CHROMIUM_PATH, WEBGPU_FLAGS } from './chromium.mjs';

const RUN_KEYS = ['models', 'engines', 'dtype', 'seq', 'decode', 'repeats'];

const { values: args } = parseArgs({
  options: {
    ...Object.fromEntries(RUN_KEYS.map((key) => [key, { type: 'string' }])),
    json: { type: 'string' },
    chromium: { type: 'string', default: CHROMIUM_PATH },
    gpu: { type: 'boolean', default: false },
    port: { type: 'string', default: '4174' },
    timeout: { type: 'string', default: '1800' },
  },
});

if (!existsSync('dist/index.html')) {
  console.error('dist/ has no page: run `npm run build` first.');
  process.exit(2);
}

const query = new URLSearchParams({ autorun: '1' });
for (const key of RUN_KEYS) if (args[key] !== undefined) query.set(key, args[key]);

const server = await preview({
  preview: { port: Number(args.port), strictPort: true, host: '127.0.0.1' },
  logLevel: 'warn',
});
const flags = args.gpu ? [...BASE_FLAGS, '--enable-unsafe-webgpu'] : WEBGPU_FLAGS;
const browser = await chromium.launch({ executablePath: args.chromium, args: flags });

const records = [];
const problems = [];
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const finished = new Promise((resolve) => {
    page.exposeFunction('psBenchReport', (kind, detail) => {
      if (kind === 'result') {
        records.push(detail);
        console.error(`  ${detail.model} on ${detail.engine}: done`);
      } else if (kind === 'error') {
        problems.push(`${detail.source}: ${detail.message}`);
        // Bad options (`--dtype int8`): the page refuses to start, so no sweep will end.
        if (detail.reason === 'invalid-settings') resolve(detail.reason);
      } else if (kind === 'roofline') {
        const { bandwidthGBs, matmulGflops } = detail;
        console.error(
          `  roofline: copy ${bandwidthGBs.toFixed(2)} GB/s, matmul ${matmulGflops.toFixed(2)} GFLOP/s`,
        );
      } else if (detail.step === 'skipped' || detail.step === 'failed') {
        console.error(`  ${detail.model} on ${detail.engine}: ${detail.step} — ${detail.message}`);
      } else if (detail.step === 'sweep-done' || detail.step === 'cancelled') {
        resolve(detail.step);
      }
    });
  });
  await page.addInitScript(() => {
    const report = (kind) => (event) => window.psBenchReport(kind, event.detail);
    document.addEventListener('ps-result', report('result'));
    document.addEventListener('ps-progress', report('progress'));
    document.addEventListener('ps-error', report('error'));
    document.addEventListener('ps-roofline', report('roofline'));
  });
  const url = `http://127.0.0.1:${args.port}/?${query.toString().replaceAll('%2C', ',')}`;
  console.error(`paramscope bench: ${url}`);
  await page.goto(url);
  const timeout = new Promise((_, reject) =>
    setTimeout(
      () => reject(new Error(`no end after ${args.timeout} s`)),
      Number(args.timeout) * 1000,
    ),
  );
  await Promise.race([finished, timeout]);
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}

const fixed = (n, digits = 2) => (n === null || n === undefined ? '—' : n.toFixed(digits));
console.table(
  records.map((r) => ({
    model: r.model,
    params: r.params,
    engine: r.engine,
    dtype: r.dtype,
    provider: r.provider,
    'load ms': fixed(r.loadMs, 0),
    'prefill ms (median)': fixed(r.prefillMs.median),
    'prefill p10–p90': `${fixed(r.prefillMs.p10)}–${fixed(r.prefillMs.p90)}`,
    'decode ms/token': fixed(r.decodeMsPerToken?.median),
    'decode p10–p90': r.decodeMsPerToken
      ? `${fixed(r.decodeMsPerToken.p10)}–${fixed(r.decodeMsPerToken.p90)}`
      : '—',
    'peak GPU MiB': r.peakGpuBytes === null ? 'CPU' : fixed(r.peakGpuBytes / 2 ** 20, 1),
    flags: r.flags.join(' '),
  })),
);
if (args.json) {
  writeFileSync(args.json, `${JSON.stringify(records, null, 2)}\n`);
  console.error(`wrote ${records.length} records to ${args.json}`);
}
for (const problem of problems) console.error(`error: ${problem}`);
process.exit(problems.length > 0 ? 1 : 0);
