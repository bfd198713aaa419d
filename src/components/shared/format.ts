/**
 * Formatting for what elements show, beside src/scaling/format.ts. Numbers that are not
 * finite never reach the screen.
 */

/** An integer with thousands separators: `65535` → `"65,535"`. */
export function integer(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}
