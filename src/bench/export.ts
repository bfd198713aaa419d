/** Results out of the page: JSON (the schema itself) and CSV (one row per record). */
import type { ResultRecord } from './result';

export function toJson(records: readonly ResultRecord[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}

/** Columns of the CSV, in order: flat figures only; the device is summarised. */
const CSV_COLUMNS: readonly [string, (r: ResultRecord) => string | number | null][] = [
  ['model', (r) => r.model],
  ['params', (r) => r.params],
  ['engine', (r) => r.engine],
  ['provider', (r) => r.provider],
  ['dtype', (r) => r.dtype],
  ['prompt_tokens', (r) => r.promptTokens],
  ['decode_tokens', (r) => r.decodeTokens],
  ['load_ms', (r) => r.loadMs],
  ['first_run_ms', (r) => r.firstRunMs],
  ['prefill_ms_median', (r) => r.prefillMs.median],
  ['prefill_ms_p10', (r) => r.prefillMs.p10],
  ['prefill_ms_p90', (r) => r.prefillMs.p90],
  ['prefill_cv', (r) => r.prefillMs.cv],
  ['decode_ms_median', (r) => r.decodeMsPerToken?.median ?? null],
  ['decode_ms_p10', (r) => r.decodeMsPerToken?.p10 ?? null],
  ['decode_ms_p90', (r) => r.decodeMsPerToken?.p90 ?? null],
  ['decode_cv', (r) => r.decodeMsPerToken?.cv ?? null],
  ['tokens_per_second', (r) => r.tokensPerSecond],
  ['peak_gpu_bytes', (r) => r.peakGpuBytes],
  ['weight_bytes', (r) => r.weightBytes],
  ['estimated_bytes', (r) => r.estimatedBytes],
  ['device', (r) => (r.device ? `${r.device.vendor} ${r.device.architecture}`.trim() : null)],
  ['browser', (r) => r.browser],
  ['time', (r) => r.time],
  ['flags', (r) => r.flags.join(' ')],
];

/** RFC 4180: quote a field when it holds a comma, a quote or a line break. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(records: readonly ResultRecord[]): string {
  const header = CSV_COLUMNS.map(([name]) => name).join(',');
  const rows = records.map((r) => CSV_COLUMNS.map(([, get]) => csvField(get(r))).join(','));
  return `${[header, ...rows].join('\r\n')}\r\n`;
}
