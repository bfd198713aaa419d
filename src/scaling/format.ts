/**
 * Short human-readable numbers for labels and tables. Every formatter returns '—' for NaN,
 * ±Infinity or a missing value rather than printing them, so a broken input shows as a gap.
 */

export const MISSING = '—';

function isPrintable(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** 3 significant figures below 10, one decimal from 10 up: 6.74, 51.5, 124.4. */
function scaled(value: number): string {
  return Math.abs(value) < 10 ? value.toFixed(2) : value.toFixed(1);
}

/**
 * Pick the largest unit whose value is ≥ 1 and format with it, moving up a unit when
 * rounding would print 1000.0 (999.96M → 1.00B).
 */
function withUnit(
  value: number,
  base: number,
  units: readonly string[],
  separator: string,
): string {
  let index = 0;
  while (index < units.length - 1 && Math.abs(value) >= base ** (index + 1)) index++;
  if (index === 0 && Number.isInteger(value)) return `${value}${separator}${units[0]}`;
  let text = scaled(value / base ** index);
  if (Math.abs(Number(text)) >= base && index < units.length - 1) {
    index++;
    text = scaled(value / base ** index);
  }
  return `${text}${separator}${units[index]}`;
}

const COUNT_UNITS = ['', 'K', 'M', 'B', 'T'] as const;

/** Parameter or token counts: 124439808 → '124.4M', 6738415616 → '6.74B', 512 → '512'. */
export function formatCount(value: number | null | undefined): string {
  if (!isPrintable(value)) return MISSING;
  if (Math.abs(value) < 1000) return Number.isInteger(value) ? String(value) : scaled(value);
  if (Math.abs(value) >= 1e15) return value.toExponential(2);
  return withUnit(value, 1000, COUNT_UNITS, '');
}

const SI_BYTES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;
const BINARY_BYTES = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/**
 * Bytes with a labelled unit system: 'si' (default) uses powers of 1000 (GB = 10⁹ bytes, as
 * GPU datasheets), 'binary' powers of 1024 (GiB = 2³⁰ bytes, as operating systems).
 * 14e9 → '14.0 GB'; 2 ** 31 with 'binary' → '2.00 GiB'.
 */
export function formatBytes(
  bytes: number | null | undefined,
  system: 'si' | 'binary' = 'si',
): string {
  if (!isPrintable(bytes)) return MISSING;
  return system === 'si'
    ? withUnit(bytes, 1000, SI_BYTES, ' ')
    : withUnit(bytes, 1024, BINARY_BYTES, ' ');
}

/**
 * Two byte counts to be read side by side ("needs A but at most B"), in one binary unit chosen
 * by the larger, with as many decimals as it takes for different counts to print differently:
 * (150_994_944, 134_217_728) → ['144.00 MiB', '128.00 MiB'];
 * (2 ** 30, 2 ** 30 - 1) → ['1.000000000 GiB', '0.999999999 GiB'].
 */
export function formatBytesApart(a: number, b: number): [string, string] {
  if (!isPrintable(a) || !isPrintable(b))
    return [formatBytes(a, 'binary'), formatBytes(b, 'binary')];
  const larger = Math.max(Math.abs(a), Math.abs(b));
  let index = 0;
  while (index < BINARY_BYTES.length - 1 && larger >= 1024 ** (index + 1)) index++;
  const unit = BINARY_BYTES[index];
  if (index === 0) return [`${a} ${unit}`, `${b} ${unit}`];
  for (let digits = 2; digits <= 15; digits++) {
    const [x, y] = [a, b].map((v) => (v / 1024 ** index).toFixed(digits));
    if (x !== y || a === b) return [`${x} ${unit}`, `${y} ${unit}`];
  }
  return [`${a} B`, `${b} B`]; // beyond 15 decimals: whole bytes always differ
}

/** FLOPs in scientific notation, 3 significant figures: 3.14e23 → '3.14e23 FLOP'. */
export function formatFlops(flops: number | null | undefined): string {
  if (!isPrintable(flops)) return MISSING;
  return `${flops.toExponential(2).replace('e+', 'e')} FLOP`;
}

const RATE_UNITS = ['FLOP/s', 'kFLOP/s', 'MFLOP/s', 'GFLOP/s', 'TFLOP/s', 'PFLOP/s', 'EFLOP/s'];

/** Throughput: 312e12 → '312.0 TFLOP/s'. */
export function formatFlopRate(flopsPerSecond: number | null | undefined): string {
  if (!isPrintable(flopsPerSecond)) return MISSING;
  return withUnit(flopsPerSecond, 1000, RATE_UNITS, ' ');
}

/** Durations from seconds to years: 90 → '1.50 min', 3.1e6 → '35.9 days'. */
export function formatDuration(seconds: number | null | undefined): string {
  if (!isPrintable(seconds)) return MISSING;
  const steps: readonly [number, string][] = [
    [365.25 * 86_400, 'years'],
    [86_400, 'days'],
    [3600, 'h'],
    [60, 'min'],
  ];
  for (const [size, unit] of steps) {
    if (Math.abs(seconds) >= size) return `${scaled(seconds / size)} ${unit}`;
  }
  return `${scaled(seconds)} s`;
}

/** US dollars: 4.6e6 → '$4.60M'. */
export function formatUsd(usd: number | null | undefined): string {
  if (!isPrintable(usd)) return MISSING;
  return `${usd < 0 ? '-' : ''}$${formatCount(Math.abs(usd))}`;
}
