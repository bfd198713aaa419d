#!/usr/bin/env node
// Markdown tables from bench records (the JSON of `npm run bench -- --json FILE`), for
// docs/benchmarks.md: every figure with its spread, and our engine against ORT WebGPU.
//
//   node scripts/bench-table.mjs out.json
import { readFileSync } from 'node:fs';

const records = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const f = (n, digits = 1) => (n === null || n === undefined ? '—' : n.toFixed(digits));
const spread = (s) => (s ? `${f(s.median)} (${f(s.p10)}–${f(s.p90)}, cv ${f(s.cv, 2)})` : '—');

console.log(
  '| model | params | engine (provider) | load ms | first run ms | prefill ms | decode ms/token | peak GPU MiB | flags |',
);
console.log('|---|---:|---|---:|---:|---|---|---:|---|');
for (const r of records) {
  const gpu = r.peakGpuBytes === null ? 'CPU' : f(r.peakGpuBytes / 2 ** 20);
  console.log(
    `| ${r.model} | ${r.params.toLocaleString('en-US')} | ${r.engine} (${r.provider}) | ${f(r.loadMs, 0)} | ${f(r.firstRunMs, 0)} | ${spread(r.prefillMs)} | ${spread(r.decodeMsPerToken)} | ${gpu} | ${r.flags.join(', ')} |`,
  );
}

const byModel = new Map();
for (const r of records) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
console.log('\n| model | decode: wgsl ÷ ort-webgpu | prefill: wgsl ÷ ort-webgpu |');
console.log('|---|---:|---:|');
for (const [model, rows] of byModel) {
  const ours = rows.find((r) => r.engine === 'wgsl');
  const ort = rows.find((r) => r.engine === 'ort-webgpu');
  if (!ours || !ort) continue;
  const ratio = (a, b) => (a && b ? (a.median / b.median).toFixed(3) : '—');
  console.log(
    `| ${model} | ${ratio(ours.decodeMsPerToken, ort.decodeMsPerToken)} | ${ratio(ours.prefillMs, ort.prefillMs)} |`,
  );
}
