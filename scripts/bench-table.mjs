#!/usr/bin/env node
// Markdown tables from bench records (the JSON of `npm run bench -- --json FILE`), for
// docs/benchmarks.md: every figure with its spread, our engine against ORT WebGPU, and, when
// the records hold both, our engine's f16 weights against its f32 ones.
//
//   node scripts/bench-table.mjs out.json [more.json …]
import { readFileSync } from 'node:fs';

const records = process.argv.slice(2).flatMap((file) => JSON.parse(readFileSync(file, 'utf8')));
const f = (n, digits = 1) => (n === null || n === undefined ? '—' : n.toFixed(digits));
const spread = (s) => (s ? `${f(s.median)} (${f(s.p10)}–${f(s.p90)}, cv ${f(s.cv, 2)})` : '—');
const mib = (bytes) => f(bytes / 2 ** 20);

console.log(
  '| model | params | engine, weights (provider) | weights MiB | load ms | first run ms | prefill ms | decode ms/token | peak GPU MiB | flags |',
);
console.log('|---|---:|---|---:|---:|---:|---|---|---:|---|');
for (const r of records) {
  const gpu = r.peakGpuBytes === null ? 'CPU' : mib(r.peakGpuBytes);
  console.log(
    `| ${r.model} | ${r.params.toLocaleString('en-US')} | ${r.engine} ${r.dtype} (${r.provider}) | ${mib(r.weightBytes)} | ${f(r.loadMs, 0)} | ${f(r.firstRunMs, 0)} | ${spread(r.prefillMs)} | ${spread(r.decodeMsPerToken)} | ${gpu} | ${r.flags.join(', ')} |`,
  );
}

/** Median ÷ median of each model's two records picked by `ours` and `theirs`, where both exist. */
function ratios(title, ours, theirs) {
  const byModel = new Map();
  for (const r of records) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
  const rows = [];
  for (const [model, list] of byModel) {
    const [a, b] = [list.find(ours), list.find(theirs)];
    if (!a || !b) continue;
    const ratio = (x, y) => (x && y ? (x.median / y.median).toFixed(3) : '—');
    rows.push(
      `| ${model} | ${ratio(a.decodeMsPerToken, b.decodeMsPerToken)} | ${ratio(a.prefillMs, b.prefillMs)} |`,
    );
  }
  if (rows.length === 0) return;
  console.log(`\n| model | decode: ${title} | prefill: ${title} |`);
  console.log('|---|---:|---:|');
  for (const row of rows) console.log(row);
}

const is = (engine, dtype) => (r) => r.engine === engine && r.dtype === dtype;
ratios('wgsl ÷ ort-webgpu', is('wgsl', 'f32'), is('ort-webgpu', 'f32'));
ratios('wgsl f16 ÷ wgsl f32', is('wgsl', 'f16'), is('wgsl', 'f32'));
