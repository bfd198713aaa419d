/** The results table of <ps-bench>: every figure with its spread, and what it was measured on. */
import { html, nothing } from 'lit';
import type { ResultRecord } from '../../bench/result';
import type { Spread } from '../../bench/statistics';
import type { VerifyCrossCheck, VerifyReport, VerifyRow, VerifySkip } from '../../bench/verify';
import { formatBytes, formatCount } from '../../scaling/format';

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toPrecision(3));

const spread = (s: ResultRecord['prefillMs'] | null) =>
  s ? html`${ms(s.median)} <span class="spread">(${ms(s.p10)}–${ms(s.p90)}, n ${s.n})</span>` : '—';

export function resultsTable(records: readonly ResultRecord[]) {
  if (records.length === 0) return html`<p class="empty">No results yet.</p>`;
  return html`<div class="table-scroll">
    <table part="results">
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Parameters</th>
          <th scope="col">Engine, weights (provider that ran)</th>
          <th scope="col">Load ms</th>
          <th scope="col">First run ms</th>
          <th scope="col">Prefill ms, median (p10–p90)</th>
          <th scope="col">Decode ms/token, median (p10–p90)</th>
          <th scope="col">Tokens/s</th>
          <th scope="col">Peak GPU (measured)</th>
          <th scope="col">Memory (estimate)</th>
          <th scope="col">Flags</th>
        </tr>
      </thead>
      <tbody>
        ${records.map(
          (r) => html`<tr data-model=${r.model} data-engine=${r.engine}>
            <th scope="row">${r.model}</th>
            <td title=${r.params.toLocaleString('en-US')}>${formatCount(r.params)}</td>
            <td>${r.engine} ${r.dtype} <span class="provider">(${r.provider})</span></td>
            <td>${ms(r.loadMs)}</td>
            <td>${ms(r.firstRunMs)}</td>
            <td class="prefill">${spread(r.prefillMs)}</td>
            <td class="decode">${spread(r.decodeMsPerToken)}</td>
            <td>${r.tokensPerSecond === null ? '—' : r.tokensPerSecond.toFixed(1)}</td>
            <td>${r.peakGpuBytes === null ? 'CPU' : formatBytes(r.peakGpuBytes, 'binary')}</td>
            <td>${formatBytes(r.estimatedBytes, 'binary')}</td>
            <td class="flags">${r.flags.length > 0 ? r.flags.join(', ') : nothing}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** A rate with its spread: `412 (398–420)`. */
export const rate = (s: Spread) =>
  `${s.median.toPrecision(3)} (${s.p10.toPrecision(3)}–${s.p90.toPrecision(3)})`;

export function verifyTable(reports: readonly VerifyRow[]) {
  return html`<table part="verify">
    <thead>
      <tr>
        <th scope="col">Model</th>
        <th scope="col">Engine, weights</th>
        <th scope="col">Steps</th>
        <th scope="col">Largest |Δ logit|</th>
        <th scope="col">Same greedy tokens</th>
        <th scope="col">Verdict (tolerance)</th>
      </tr>
    </thead>
    <tbody>
      ${reports.map((r) =>
        'skipped' in r ? skippedRow(r) : 'crossCheck' in r ? crossCheckRow(r) : verifyRow(r),
      )}
    </tbody>
  </table>`;
}

const verifyRow = (r: VerifyReport) =>
  html`<tr data-engine=${r.engine} class=${r.pass ? 'pass' : 'fail'}>
    <th scope="row">${r.model}</th>
    <td>${r.engine} ${r.dtype}</td>
    <td>prefill + ${r.steps.length - 1} decode</td>
    <td>${Number.isFinite(r.maxAbsDiff) ? r.maxAbsDiff.toExponential(1) : 'no logits'}</td>
    <td>${r.steps.filter((s) => s.sameToken).length} of ${r.steps.length}</td>
    <td>${r.pass ? 'agrees' : 'DIFFERS'} (${r.tolerance})</td>
  </tr>`;

/** Our engine against another implementation, each choosing its own greedy tokens. */
const crossCheckRow = ({ model, crossCheck: c }: VerifyCrossCheck) =>
  html`<tr data-engine=${c.sides[0]} data-against=${c.sides[1]} class=${c.pass ? 'pass' : 'fail'}>
    <th scope="row">${model}</th>
    <td>${c.sides[0]} against ${c.sides[1]}</td>
    <td>${c.steps.length} greedy steps, each side its own</td>
    <td>${Number.isFinite(c.maxAbsDiff) ? c.maxAbsDiff.toExponential(1) : 'no logits'}</td>
    <td>${c.steps.filter((s) => s.tokens[0] === s.tokens[1]).length} of ${c.steps.length}</td>
    <td>${c.pass ? 'agrees' : 'DIFFERS'} (${c.tolerance})</td>
  </tr>`;

/** An engine that cannot hold the chosen weights: said in its row, as the bench says it. */
const skippedRow = (r: VerifySkip) =>
  html`<tr data-engine=${r.engine} class="skipped">
    <th scope="row">${r.model}</th>
    <td>${r.engine}</td>
    <td colspan="4">not checked: ${r.skipped}</td>
  </tr>`;
