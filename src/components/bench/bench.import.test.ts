import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toJson } from '../../bench/export';
import type { ResultRecord } from '../../bench/result';
import { ResultStore, resultsDbName } from '../../bench/storage';
import { sampleRecord } from '../../bench/testing';
import { fitPowerLaw } from '../../scaling/fit';
import '../chart/chart';
import { mount, unmountAll, until, untilChart } from '../testing';
import './bench';

/** Runs in Chromium: real IndexedDB, real File objects and a real drop event. */

async function clearStore() {
  for (const name of ['', 'bench']) {
    const store = await ResultStore.open(resultsDbName(name));
    await store.clear();
    store.close();
  }
}

beforeEach(clearStore);
afterEach(async () => {
  unmountAll();
  await clearStore();
});

const SIZES = [
  [3_382_080, 'gpt2-3m'],
  [7_406_592, 'gpt2-7m'],
  [17_933_312, 'gpt2-18m'],
] as const;

/** A wgsl sweep measured on `device` in `browser`: prefill ∝ N^exponent. */
function sweep(
  device: ResultRecord['device'],
  browser: string,
  scale: number,
  exponent: number,
): ResultRecord[] {
  return SIZES.map(([params, model], i) => {
    const median = scale * (params / 1e6) ** exponent * [1.02, 0.97, 1.01][i]!;
    return sampleRecord({
      model,
      params,
      engine: 'wgsl',
      device,
      browser,
      prefillMs: { n: 10, median, p10: median * 0.95, p90: median * 1.1, cv: 0.04 },
      time: `2026-11-2${i}T12:00:00.000Z`,
    });
  });
}

const LAPTOP = sweep(
  {
    vendor: 'intel',
    architecture: 'xe-lpg',
    device: '',
    description: 'Intel(R) Arc(TM) Graphics',
    isFallbackAdapter: false,
    features: [],
    limits: {},
  },
  'Chrome 139',
  3,
  0.9,
);
const DESKTOP = sweep(
  {
    vendor: 'nvidia',
    architecture: 'lovelace',
    device: '',
    description: 'NVIDIA GeForce RTX 4090',
    isFallbackAdapter: false,
    features: ['shader-f16'],
    limits: {},
  },
  'Chrome 140',
  0.2,
  0.6,
);

const file = (name: string, text: string) => new File([text], name, { type: 'application/json' });

function chartSeries(chart: HTMLElement): string[] {
  const svg = chart.shadowRoot!.querySelector('[part="chart"]:not(.stale) > svg');
  return [...(svg?.querySelectorAll('g.series') ?? [])].map(
    (g) => g.getAttribute('aria-description') ?? '',
  );
}

describe('<ps-bench> import', () => {
  it('takes two files from different devices at once: two series beside each other, each with its own fit', async () => {
    // The chart first, at the top of the page: a chart draws only once it is in view.
    const chart = await mount('ps-chart', { for: 'bench', metric: 'prefill' });
    const bench = await mount('ps-bench', { id: 'bench' });
    const input = bench.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
    expect(input.multiple).toBe(true);
    const transfer = new DataTransfer();
    transfer.items.add(file('laptop.json', toJson(LAPTOP)));
    transfer.items.add(file('desktop.json', toJson(DESKTOP)));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));

    await until(chart, () => chartSeries(chart).length === 2, 'two series');
    expect(chartSeries(chart)).toEqual([
      'wgsl f32 · Intel(R) Arc(TM) Graphics · Chrome 139',
      'wgsl f32 · NVIDIA GeForce RTX 4090 · Chrome 140',
    ]);
    const svg = await untilChart(chart);
    expect(svg.querySelectorAll('g.fit path')).toHaveLength(2);
    for (const [own, label] of [
      [LAPTOP, 'Intel(R) Arc(TM) Graphics · Chrome 139'],
      [DESKTOP, 'NVIDIA GeForce RTX 4090 · Chrome 140'],
    ] as const) {
      const fit = fitPowerLaw(own.map((r) => ({ x: r.params, y: r.prefillMs.median })));
      const entry = [...chart.shadowRoot!.querySelectorAll('[part="legend"] li')].find((li) =>
        li.textContent!.includes(label),
      )!;
      expect(entry.textContent!.replace(/\s+/g, ' ')).toContain(
        `∝ N^${fit.exponent.toFixed(2)} (R² ${fit.r2.toFixed(2)}`,
      );
    }
    expect(bench.results).toHaveLength(6);
  });

  it('takes files dropped on the results, and names a bad one without losing the good', async () => {
    const bench = await mount('ps-bench', { id: 'bench' });
    const errors: string[] = [];
    bench.addEventListener('ps-error', (e) => errors.push((e as CustomEvent).detail.message));
    const results = bench.shadowRoot!.querySelector<HTMLElement>('section.results')!;
    const transfer = new DataTransfer();
    transfer.items.add(file('desktop.json', toJson(DESKTOP)));
    transfer.items.add(file('notes.json', '{"schema": 1, "model": ""}'));
    const over = new DragEvent('dragover', {
      dataTransfer: transfer,
      cancelable: true,
      bubbles: true,
    });
    results.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    results.dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, cancelable: true, bubbles: true }),
    );

    await until(bench, () => bench.results.length === 3, 'three imported records');
    const notice = await until(
      bench,
      (root) => root.querySelector('[role="alert"]')?.textContent,
      'a notice',
    );
    expect(notice).toMatch(
      /^Imported 3 records; not imported — notes\.json: not a paramscope result \(schema 1\): 0\.model: Too small/,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^notes\.json: /);
    // Kept across a reload: the good file went into IndexedDB, in the store named by its id.
    const store = await ResultStore.open(resultsDbName('bench'));
    expect(await store.all()).toHaveLength(3);
    store.close();
  });
});
