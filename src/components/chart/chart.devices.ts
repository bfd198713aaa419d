/**
 * Which machine a record was measured on, as the chart names it: the adapter and the browser.
 * Two records share a device when both agree; a series of <ps-chart> is engine × precision ×
 * device, so records imported from another machine never fall into this one's fit.
 */

import type { ResultRecord } from '../../bench/result';
import { isSoftwareAdapter } from '../../gpu/describe';

/** How the legend names the adapter: its description, else vendor and architecture. */
export function adapterName(device: ResultRecord['device']): string {
  if (device === null) return 'CPU (no GPU adapter)';
  const name =
    device.description.trim() ||
    [device.vendor, device.architecture, device.device].filter((s) => s.trim()).join(' ') ||
    'unnamed adapter';
  // A software adapter is not a GPU: say so, whatever it calls itself.
  return isSoftwareAdapter(device) ? `${name} (software adapter)` : name;
}

/**
 * Where a record came from when it is not this page's own: `reference-results.json,
 * 2026-12-02`. Records of one device from a published file stay a series of their own.
 */
export interface Sourced {
  /** Not the record's own `source` (where a hub model came from): the file it was published in. */
  readonly publishedIn?: string;
}

/**
 * `NVIDIA GeForce RTX 4090 · Chrome 140`, or `google swiftshader (software adapter) ·
 * Chromium 156 · reference-results.json, 2026-12-02` for a published record.
 */
export function deviceLabel(record: Pick<ResultRecord, 'device' | 'browser'> & Sourced): string {
  const source = record.publishedIn ? ` · ${record.publishedIn}` : '';
  return `${adapterName(record.device)} · ${shortBrowser(record.browser)}${source}`;
}

/** A user-agent string cut to its browser and major version; a short name stays as it is. */
export function shortBrowser(browser: string): string {
  if (browser.length <= 32) return browser;
  const match = /(Edg|Chrome|Chromium|Firefox|Version)\/(\d+)/.exec(browser);
  if (!match) return browser.slice(0, 32);
  const name = { Edg: 'Edge', Version: 'Safari' }[match[1]!] ?? match[1]!;
  return `${name} ${match[2]}`;
}

/** The key two records of one device share (the label can repeat for different limits: fine). */
export const deviceKey = deviceLabel;

/** `google-swiftshader-software-adapter-chromium-156`: a device label fit for an id. */
export function deviceSlug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
