import { afterEach, describe, expect, it } from 'vitest';
import type { ResultRecord } from '../../bench/result';
import { parseResults } from '../../bench/result';
import { sampleRecord } from '../../bench/testing';
import { fitPowerLaw } from '../../scaling/fit';
import { mount, nonFiniteText, unmountAll, until, untilChart } from '../testing';
import './chart';
import type { PsChart } from './chart.component';
import { chartData, LADDER_MAX_PARAMS } from './chart.data';

/** Runs in Chromium (vitest browser mode). */

afterEach(() => {
  unmountAll();
  for (const stand of document.querySelectorAll('.stand-in')) stand.remove();
});

const SIZES = [
  { model: 'gpt2-3m', params: 3_382_080, weightBytes: 13_528_320 },
  { model: 'gpt2-7m', params: 7_406_592, weightBytes: 29_626_368 },
  { model: 'gpt2-18m', params: 17_933_312, weightBytes: 71_733_248 },
];

/** The adapter the GPU engines' records were measured on. */
const SWIFTSHADER = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: '',
  description: '',
  isFallbackAdapter: false,
  features: ['timestamp-query'],
  limits: { maxBufferSize: 2 ** 30 },
};

/**
 * Three sizes on one engine, latencies ∝ N^exponent with a little noise; f16 weights take
 * half the bytes (near enough: the vectors stay f32).
 */
function sweep(
  engine: ResultRecord['engine'],
  provider: string,
  {
    scale,
    exponent,
    minute,
    dtype = 'f32',
  }: { scale: number; exponent: number; minute: number; dtype?: ResultRecord['dtype'] },
): ResultRecord[] {
  return SIZES.map(({ model, params, weightBytes: f32Bytes }, i) => {
    const weightBytes = dtype === 'f16' ? f32Bytes / 2 : f32Bytes;
    const noise = [1.03, 0.96, 1.02][i]!;
    const prefill = scale * (params / 1e6) ** exponent * noise;
    const decode = prefill / 8;
    return sampleRecord({
      model,
      params,
      engine,
      provider,
      dtype,
      weightBytes,
      prefillMs: { n: 10, median: prefill, p10: prefill * 0.9, p90: prefill * 1.2, cv: 0.08 },
      decodeMsPerToken: { n: 10, median: decode, p10: decode * 0.95, p90: decode * 1.1, cv: 0.05 },
      tokensPerSecond: 1000 / decode,
      peakGpuBytes: Math.round(weightBytes * 1.4),
      estimatedBytes: weightBytes * 1.3,
      time: `2026-11-22T12:${String(minute + i).padStart(2, '0')}:00.000Z`,
      device: SWIFTSHADER,
    });
  });
}

const WGSL = sweep('wgsl', 'webgpu', { scale: 2, exponent: 0.8, minute: 0 });
const ORT = sweep('ort-webgpu', 'webgpu+wasm', { scale: 3, exponent: 0.6, minute: 10 });
const RECORDS = [...WGSL, ...ORT];

/** The text of each row of the table, cells joined by '|'. */
function rows(element: PsChart): string[] {
  return [...element.shadowRoot!.querySelectorAll('table[part="table"] tbody tr')].map((tr) =>
    [...tr.children].map((cell) => cell.textContent!.trim()).join('|'),
  );
}

function head(element: PsChart): string[] {
  return [...element.shadowRoot!.querySelectorAll('table[part="table"] thead th')].map((th) =>
    th.textContent!.trim(),
  );
}

function legend(element: PsChart, series: string): string {
  const entry = element.shadowRoot!.querySelector(`[part="legend"] [data-series="${series}"]`);
  return (entry?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The chart once it shows the metric's axis label. */
async function untilAxis(element: PsChart, label: RegExp): Promise<SVGSVGElement> {
  return until(
    element,
    (root) => {
      const svg = root.querySelector<SVGSVGElement>('[part="chart"]:not(.stale) > svg');
      const text = svg?.querySelector('[aria-label="y-axis label"]')?.textContent ?? '';
      return label.test(text) && svg;
    },
    `a y axis labelled ${label}`,
  );
}

function untilRows(element: PsChart, count: number) {
  return until(element, () => rows(element).length === count, `${count} table rows`);
}

const prefillPoints = (records: readonly ResultRecord[]) =>
  records.map((r) => ({ x: r.params, y: r.prefillMs.median }));

describe('<ps-chart>', () => {
  it('draws one series per engine, its fit and exponent, and a table row per record', async () => {
    const unstable = { ...ORT[1]!, flags: ['unstable-prefill', 'software-adapter'] };
    const records = [...WGSL, ORT[0]!, unstable, ORT[2]!];
    const element = await mount('ps-chart', {}, { records });
    const svg = await untilAxis(element, /Prefill latency/);

    const series = [...svg.querySelectorAll('g.series')];
    expect(series.map((g) => g.getAttribute('aria-description'))).toEqual([
      'wgsl f32',
      'ort-webgpu f32',
    ]);
    for (const g of series) expect(g.querySelectorAll('circle')).toHaveLength(3);
    expect(svg.querySelectorAll('g.fit path')).toHaveLength(2);
    expect(svg.querySelectorAll('g.whisker line')).toHaveLength(6);
    // The unstable record is a ring, and says so in the table.
    const rings = [...svg.querySelectorAll('g.series circle')].filter(
      (c) => c.getAttribute('fill') === 'none',
    );
    expect(rings).toHaveLength(1);
    expect(rings[0]!.getAttribute('aria-label')).toBe('gpt2-7m (unstable)');

    for (const [engine, own] of [
      ['wgsl', WGSL],
      ['ort-webgpu', ORT],
    ] as const) {
      const fit = fitPowerLaw(prefillPoints(own));
      const [lo, hi] = fit.exponentInterval!;
      expect(legend(element, engine)).toContain(
        `∝ N^${fit.exponent.toFixed(2)} (R² ${fit.r2.toFixed(2)}, 95% CI ${lo.toFixed(2)}–${hi.toFixed(2)})`,
      );
    }
    expect(legend(element, 'ort-webgpu')).toMatch(
      /^ort-webgpu f32 \(webgpu\+wasm\) · google swiftshader \(software adapter\) · Chromium 156:/,
    );

    expect(rows(element)).toHaveLength(6);
    expect(head(element)).toEqual([
      'Model',
      'Parameters',
      'Engine',
      'Dtype',
      'Provider',
      'Median (ms)',
      'p10–p90 (ms)',
      'n',
      'cv',
      'Notes',
    ]);
    const row = rows(element).find((r) => r.startsWith('gpt2-7m|7,406,592|ort-webgpu|'))!;
    expect(row).toContain('|f32|webgpu+wasm|');
    expect(row.endsWith('|unstable; software adapter')).toBe(true);
    const text = element.shadowRoot!.textContent!;
    expect(text).toMatch(/software adapter \(SwiftShader.*not GPU timings/);
    expect(text).toMatch(/Hollow dots are unstable/);
    expect(nonFiniteText(element)).toEqual([]);
  });

  it('keeps f32 and f16 runs of an engine apart: two series, two fits, a row each', async () => {
    // Run after the f32 sweep: were the two one series, these would replace it.
    const F16 = sweep('wgsl', 'webgpu', { scale: 1.2, exponent: 0.7, minute: 30, dtype: 'f16' });
    const element = await mount('ps-chart', {}, { records: [...F16, ...WGSL] });
    const svg = await untilAxis(element, /Prefill latency/);

    // f32 first, in the engine's colour both; f16 told apart by its squares and dashed fit.
    const series = [...svg.querySelectorAll('g.series')];
    expect(series.map((g) => g.getAttribute('aria-description'))).toEqual(['wgsl f32', 'wgsl f16']);
    for (const g of series) expect(g.classList).toContain('engine-wgsl');
    expect(series[0]!.querySelectorAll('circle')).toHaveLength(3);
    expect(series[1]!.querySelectorAll('path')).toHaveLength(3);
    const fits = [...svg.querySelectorAll('g.fit')];
    expect(fits.map((g) => g.getAttribute('stroke-dasharray'))).toEqual([null, '6,3']);

    for (const [id, own, name] of [
      ['wgsl', WGSL, 'wgsl f32'],
      ['wgsl-f16', F16, 'wgsl f16'],
    ] as const) {
      const fit = fitPowerLaw(prefillPoints(own));
      expect(legend(element, id)).toContain(
        `${name} (webgpu) · google swiftshader (software adapter) · Chromium 156: ∝ N^${fit.exponent.toFixed(2)} (`,
      );
    }
    const swatch = (id: string) =>
      element.shadowRoot!.querySelector(`[data-series="${id}"] .swatch`)!;
    expect(getComputedStyle(swatch('wgsl-f16')).borderRadius).toBe('0px');
    expect(getComputedStyle(swatch('wgsl')).borderRadius).not.toBe('0px');

    expect(rows(element).map((r) => r.split('|').slice(0, 4).join('|'))).toEqual([
      'gpt2-3m|3,382,080|wgsl|f32',
      'gpt2-7m|7,406,592|wgsl|f32',
      'gpt2-18m|17,933,312|wgsl|f32',
      'gpt2-3m|3,382,080|wgsl|f16',
      'gpt2-7m|7,406,592|wgsl|f16',
      'gpt2-18m|17,933,312|wgsl|f16',
    ]);
    const text = element.shadowRoot!.textContent!;
    expect(text).toContain('Squares and dashed fits: f16 weights');
    expect(text).not.toMatch(/latest run is shown|different settings/);

    // Each record's floor comes from its own weight bytes: one floor line per precision.
    element.metric = 'decode';
    element.bandwidth = 400;
    const decode = await untilAxis(element, /Decode latency/);
    expect(decode.querySelectorAll('g.floor > path')).toHaveLength(2);
    for (const record of [...WGSL, ...F16]) {
      const floor = (record.weightBytes / 400e9) * 1e3;
      const row = rows(element).find((r) =>
        r.startsWith(
          `${record.model}|${record.params.toLocaleString('en-US')}|wgsl|${record.dtype}|`,
        ),
      )!;
      expect(row.split('|').at(-3)).toBe(String(Number(floor.toPrecision(3))));
    }
    expect(nonFiniteText(element)).toEqual([]);
  });

  it('gives details on hover', async () => {
    const element = await mount('ps-chart', {}, { records: RECORDS });
    const svg = await untilAxis(element, /Prefill latency/);
    const dot = svg.querySelector('g.series.engine-wgsl circle')!.getBoundingClientRect();
    svg.dispatchEvent(
      new PointerEvent('pointermove', {
        bubbles: true,
        clientX: dot.x + dot.width / 2,
        clientY: dot.y + dot.height / 2,
        pointerType: 'mouse',
      }),
    );
    const tip = await until(
      element,
      (root) => root.querySelector('[aria-label="tip"]')?.textContent,
      'a tip',
    );
    expect(tip).toContain('gpt2-3m on wgsl f32 (webgpu)');
    expect(tip).toContain('Parameters: 3,382,080');
    expect(tip).toContain('n = 10, cv 8.0%');
    expect(tip).toContain('Flags: software-adapter');
    expect(nonFiniteText(element)).toEqual([]);
  });

  it('switches metric on the tabs and the attribute, and shows the memory estimate apart', async () => {
    const element = await mount('ps-chart', {}, { records: RECORDS });
    await untilAxis(element, /Prefill latency, median \(ms\)/);

    element.shadowRoot!.querySelector<HTMLButtonElement>('[data-metric="decode"]')!.click();
    await untilAxis(element, /Decode latency, median \(ms per token\)/);
    expect(element.getAttribute('metric')).toBe('decode');
    const fit = fitPowerLaw(
      RECORDS.filter((r) => r.engine === 'wgsl').map((r) => ({
        x: r.params,
        y: r.decodeMsPerToken!.median,
      })),
    );
    expect(legend(element, 'wgsl')).toContain(`N^${fit.exponent.toFixed(2)}`);

    element.setAttribute('metric', 'throughput');
    let svg = await untilAxis(element, /tokens\/s/);
    // Throughput falls with size: a negative exponent, with a true minus sign.
    expect(legend(element, 'wgsl')).toContain('∝ N^−');

    element.metric = 'memory';
    svg = await untilAxis(element, /Peak GPU memory/);
    expect(svg.querySelectorAll('g.series')).toHaveLength(2);
    // One estimate per model size, drawn hollow and dashed, apart from the engines' series.
    const estimates = svg.querySelectorAll('g.estimate-dot circle');
    expect(estimates).toHaveLength(3);
    expect(svg.querySelector('g.estimate-dot')!.getAttribute('fill')).toBe('none');
    expect(svg.querySelector('g.series g.estimate-dot, g.estimate-dot.series')).toBeNull();
    expect(legend(element, 'estimate')).toContain('estimate');
    expect(head(element)).toEqual([
      'Model',
      'Parameters',
      'Engine',
      'Dtype',
      'Provider',
      'Peak GPU memory',
      'Estimate',
      'Weights',
      'Notes',
    ]);
    expect(rows(element)[0]).toBe('gpt2-3m|3,382,080|wgsl|f32|webgpu|18.9 MB|17.6 MB|13.5 MB|');
    // The legend names the adapter a software one, but memory counts are real: no timing note.
    expect(element.shadowRoot!.textContent).not.toMatch(/not GPU timings/);

    element.setAttribute('metric', 'sideways');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[data-problem="metric"]')!.textContent).toMatch(
      /no metric “sideways”/,
    );
    expect(element.shadowRoot!.querySelector('[aria-selected="true"]')!.textContent).toContain(
      'Memory',
    );
    expect(nonFiniteText(element)).toEqual([]);
  });

  it('takes ps-result events from the element named by `for`, and from anywhere with `listen`', async () => {
    const bench = document.createElement('div');
    bench.id = 'bench-1';
    bench.className = 'stand-in';
    const inside = document.createElement('button');
    bench.attachShadow({ mode: 'open' }).append(inside);
    const elsewhere = document.createElement('div');
    elsewhere.className = 'stand-in';
    document.body.append(bench, elsewhere);
    const result = (from: Element, detail: unknown) =>
      from.dispatchEvent(new CustomEvent('ps-result', { detail, bubbles: true, composed: true }));

    const element = await mount('ps-chart', { for: 'bench-1' });
    expect(element.shadowRoot!.textContent).toContain('No results yet — run a benchmark');
    expect(element.shadowRoot!.querySelector('svg')).toBeNull();
    expect(nonFiniteText(element)).toEqual([]);

    result(elsewhere, WGSL[0]); // not from the bench: ignored
    result(inside, WGSL[1]); // from the bench's shadow root
    result(bench, WGSL[2]);
    await untilRows(element, 2);
    expect(rows(element).map((r) => r.split('|')[0])).toEqual(['gpt2-7m', 'gpt2-18m']);
    expect(element.records).toHaveLength(2);
    await untilChart(element);

    // A later run of the same model and engine replaces it, and the table says so.
    const rerun = { ...WGSL[1]!, time: '2026-11-23T09:00:00.000Z' };
    result(inside, rerun);
    await until(element, () => rows(element)[0]?.includes('latest of 2 records'), 'the rerun');
    expect(rows(element)).toHaveLength(2);

    result(bench, { schema: 1, model: 'broken' });
    await until(element, (root) => root.querySelector('[data-problem="result"]'), 'a message');
    expect(element.shadowRoot!.querySelector('[data-problem="result"]')!.textContent).toMatch(
      /ps-result event was ignored: not a paramscope result \(schema 1\): params: .*missing/,
    );

    const listener = await mount('ps-chart', { listen: '' });
    result(elsewhere, ORT[0]);
    await untilRows(listener, 1);
    expect(rows(listener)[0]).toMatch(/^gpt2-3m\|3,382,080\|ort-webgpu\|f32\|webgpu\+wasm\|/);
    expect(nonFiniteText(element)).toEqual([]);
    expect(nonFiniteText(listener)).toEqual([]);
  });

  it('replaces its records with a bench history (ps-history: restored, imported, cleared)', async () => {
    const bench = document.createElement('div');
    bench.id = 'bench-2';
    bench.className = 'stand-in';
    document.body.append(bench);
    const history = (records: unknown[]) =>
      bench.dispatchEvent(
        new CustomEvent('ps-history', { detail: { records }, bubbles: true, composed: true }),
      );
    const element = await mount('ps-chart', { for: 'bench-2' });
    history([WGSL[0], WGSL[1]]);
    await untilRows(element, 2);
    history([]);
    await until(element, (root) => root.textContent?.includes('No results yet'), 'the empty state');
    expect(element.records).toEqual([]);
  });

  it('reads the records attribute, and keeps the last good chart when it is bad', async () => {
    const element = await mount('ps-chart', { records: JSON.stringify(RECORDS) });
    const svg = await untilAxis(element, /Prefill latency/);
    expect(rows(element)).toHaveLength(6);

    element.setAttribute('records', '[{"schema": 1, "model": "gpt2-3m"');
    const problem = await until(
      element,
      (root) => root.querySelector('[data-problem="records"]'),
      'a message about the attribute',
    );
    expect(problem.textContent).toMatch(/records attribute could not be read: not JSON/);
    expect(problem.closest('[role="alert"]')).not.toBeNull();

    element.setAttribute('records', JSON.stringify([{ ...RECORDS[0], schema: 2 }]));
    await until(
      element,
      (root) => root.querySelector('[data-problem="records"]')?.textContent?.includes('schema 1'),
      'the schema message',
    );
    expect(element.shadowRoot!.querySelector('[part="chart"] > svg')).toBe(svg);
    expect(rows(element)).toHaveLength(6);
    expect(nonFiniteText(element)).toEqual([]);

    element.setAttribute('records', JSON.stringify(WGSL));
    await untilRows(element, 3);
    expect(element.shadowRoot!.querySelector('[data-problem="records"]')).toBeNull();
  });

  it('draws the bandwidth floor and the share reached only when a bandwidth is set', async () => {
    const element = await mount('ps-chart', { metric: 'decode' }, { records: RECORDS });
    let svg = await untilAxis(element, /Decode latency/);
    expect(svg.querySelector('g.floor')).toBeNull();
    expect(head(element).some((h) => /floor/.test(h))).toBe(false);
    expect(element.shadowRoot!.textContent).not.toMatch(/bandwidth/i);

    element.setAttribute('bandwidth', '400');
    await until(element, () => head(element).includes('% of floor'), 'the floor columns');
    svg = await untilChart(element);
    expect(svg.querySelectorAll('g.floor > path')).toHaveLength(1);
    expect(legend(element, 'floor')).toContain('weight bytes ÷ 400 GB/s');
    for (const record of RECORDS) {
      const floor = (record.weightBytes / 400e9) * 1e3;
      const share = ((floor / record.decodeMsPerToken!.median) * 100).toFixed(1);
      const row = rows(element).find((r) =>
        r.startsWith(`${record.model}|${record.params.toLocaleString('en-US')}|${record.engine}|`),
      )!;
      expect(row.split('|').slice(-3, -1)).toEqual([
        String(Number(floor.toPrecision(3))),
        `${share}%`,
      ]);
    }
    expect(nonFiniteText(element)).toEqual([]);

    // The floor is the GPU's: a CPU engine's row gets none rather than a share of it.
    const cpu = sampleRecord({
      engine: 'ort-wasm',
      provider: 'wasm',
      device: null,
      peakGpuBytes: null,
    });
    element.records = [...RECORDS, cpu];
    await until(element, () => rows(element).length === RECORDS.length + 1, 'the CPU row');
    const cpuRow = rows(element).find((r) => r.includes('|ort-wasm|'))!;
    expect(cpuRow.split('|').slice(-3, -1)).toEqual(['—', 'CPU engine: no GPU floor']);
    element.records = RECORDS;

    // Nothing about it on the other metrics.
    element.metric = 'prefill';
    svg = await untilAxis(element, /Prefill latency/);
    expect(svg.querySelector('g.floor')).toBeNull();
    expect(head(element).some((h) => /floor/.test(h))).toBe(false);

    element.metric = 'decode';
    element.setAttribute('bandwidth', 'fast');
    await untilAxis(element, /Decode latency/);
    expect(element.shadowRoot!.querySelector('[data-problem="bandwidth"]')!.textContent).toMatch(
      /number of GB\/s above 0/,
    );
    expect(element.shadowRoot!.querySelector('[part="chart"] g.floor')).toBeNull();

    element.removeAttribute('bandwidth');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[data-problem]')).toBeNull();
    expect(nonFiniteText(element)).toEqual([]);
  });

  it('says what a metric lacks, and never prints a non-finite number', async () => {
    const prefillOnly = RECORDS.map((r) => ({
      ...r,
      decodeMsPerToken: null,
      tokensPerSecond: null,
    }));
    const element = await mount('ps-chart', { metric: 'decode' }, { records: prefillOnly });
    await element.updateComplete;
    expect(element.shadowRoot!.textContent).toMatch(/No decode timings in these results/);
    expect(element.shadowRoot!.querySelector('svg')).toBeNull();
    expect(rows(element)[0]).toMatch(/\|—\|—\|—\|—\|software adapter; no decode measured$/);
    expect(nonFiniteText(element)).toEqual([]);

    // Two sizes fit with no interval; one size has no fit.
    element.records = [WGSL[0]!, WGSL[1]!, ORT[0]!];
    element.metric = 'prefill';
    await untilAxis(element, /Prefill latency/);
    expect(legend(element, 'wgsl')).toMatch(/\(R² 1\.00, 2 sizes: no interval\)$/);
    expect(legend(element, 'ort-webgpu')).toMatch(/1 size: no fit$/);
    expect(nonFiniteText(element)).toEqual([]);
  });
});

/** A discrete GPU's adapter, as Chrome describes it. */
const RTX_4090 = {
  vendor: 'nvidia',
  architecture: 'lovelace',
  device: '',
  description: 'NVIDIA GeForce RTX 4090',
  isFallbackAdapter: false,
  features: ['shader-f16', 'timestamp-query'],
  limits: { maxBufferSize: 2 ** 32 },
};

describe('<ps-chart> with results from several devices', () => {
  it('gives two imported files from different devices two series, each with its own fit', async () => {
    // Two exported files, as a reader would import them: this machine's and a desktop's.
    const here = toJsonFile(WGSL);
    const desktop = toJsonFile(
      sweep('wgsl', 'webgpu', { scale: 0.05, exponent: 0.95, minute: 40 }).map((r) => ({
        ...r,
        device: RTX_4090,
        browser: 'Chrome 140',
        flags: [],
      })),
    );
    const [mine, theirs] = [parseResults(here), parseResults(desktop)];
    const element = await mount('ps-chart', {}, { records: [...mine, ...theirs] });
    const svg = await untilAxis(element, /Prefill latency/);

    const series = [...svg.querySelectorAll('g.series')];
    expect(series.map((g) => g.getAttribute('aria-description'))).toEqual([
      'wgsl f32 · google swiftshader (software adapter) · Chromium 156',
      'wgsl f32 · NVIDIA GeForce RTX 4090 · Chrome 140',
    ]);
    for (const g of series) expect(g.querySelectorAll('circle')).toHaveLength(3);
    expect(svg.querySelectorAll('g.fit path')).toHaveLength(2);

    const ids = [...element.shadowRoot!.querySelectorAll('[part="legend"] [data-series]')].map(
      (li) => li.getAttribute('data-series'),
    );
    expect(ids).toEqual([
      'wgsl@google-swiftshader-software-adapter-chromium-156',
      'wgsl@nvidia-geforce-rtx-4090-chrome-140',
    ]);
    for (const [id, own] of [
      [ids[0]!, mine],
      [ids[1]!, theirs],
    ] as const) {
      const fit = fitPowerLaw(prefillPoints(own));
      expect(legend(element, id)).toContain(
        `∝ N^${fit.exponent.toFixed(2)} (R² ${fit.r2.toFixed(2)}`,
      );
    }
    expect(legend(element, ids[1]!)).toMatch(
      /^wgsl f32 \(webgpu\) · NVIDIA GeForce RTX 4090 · Chrome 140:/,
    );
    // Same engine, another device: a shade of the engine's colour, not the same colour.
    const swatch = (id: string) =>
      getComputedStyle(element.shadowRoot!.querySelector(`[data-series="${id}"] .swatch`)!)
        .backgroundColor;
    expect(swatch(ids[0]!)).not.toBe(swatch(ids[1]!));
    // Each model has a row per device, and the table names the device.
    expect(rows(element)).toHaveLength(6);
    expect(head(element).at(-2)).toBe('Device');
    expect(
      rows(element).filter((r) => r.includes('|NVIDIA GeForce RTX 4090 · Chrome 140|')),
    ).toHaveLength(3);
    expect(element.shadowRoot!.textContent).toMatch(/Results from 2 devices/);
    expect(nonFiniteText(element)).toEqual([]);
  });

  it('hides and shows a series from its legend entry, keeping its rows', async () => {
    const element = await mount('ps-chart', {}, { records: RECORDS });
    let svg = await untilAxis(element, /Prefill latency/);
    expect(svg.querySelectorAll('g.series')).toHaveLength(2);
    const toggle = element.shadowRoot!.querySelector<HTMLButtonElement>(
      '[data-series="ort-webgpu"] button.toggle',
    )!;
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    toggle.click();
    svg = await until(
      element,
      (root) => {
        const drawn = root.querySelector<SVGSVGElement>('[part="chart"]:not(.stale) > svg');
        return drawn && drawn.querySelectorAll('g.series').length === 1 && drawn;
      },
      'one series drawn',
    );
    expect(svg.querySelector('g.series')!.getAttribute('aria-description')).toBe('wgsl f32');
    expect(svg.querySelectorAll('g.fit path')).toHaveLength(1);
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(rows(element)).toHaveLength(6);
    toggle.click();
    await until(
      element,
      (root) =>
        root.querySelector('[part="chart"]:not(.stale) > svg')?.querySelectorAll('g.series')
          .length === 2,
      'both series again',
    );
  });
});

function toJsonFile(records: readonly ResultRecord[]): string {
  return JSON.stringify(records, null, 2);
}

describe('<ps-chart> compare view', () => {
  it('gives the ratio of two series at each shared size and of their fits, with ranges', async () => {
    const element = await mount('ps-chart', {}, { records: RECORDS });
    await untilAxis(element, /Prefill latency/);
    const view = element.shadowRoot!.querySelector<HTMLDetailsElement>('details.compare')!;
    const selects = [...view.querySelectorAll('select')];
    expect(selects.map((s) => s.value)).toEqual(['wgsl', 'ort-webgpu']);
    const cells = () =>
      [...view.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.children].map((c) => c.textContent!.trim()),
      );
    expect(cells()).toHaveLength(3);
    const fitA = fitPowerLaw(prefillPoints(WGSL));
    const fitB = fitPowerLaw(prefillPoints(ORT));
    const sig = (v: number) => String(Number(v.toPrecision(3)));
    for (const [i, row] of cells().entries()) {
      const a = WGSL[i]!.prefillMs;
      const b = ORT[i]!.prefillMs;
      const n = WGSL[i]!.params;
      expect(row.slice(0, 3)).toEqual([
        WGSL[i]!.model,
        n.toLocaleString('en-US'),
        sig(a.median / b.median),
      ]);
      expect(row[3]).toBe(`${sig(a.p10 / b.p90)}–${sig(a.p90 / b.p10)}`);
      expect(row[4]).toBe(sig(fitA.predict(n) / fitB.predict(n)));
      const [aLo, aHi] = fitA.predictionInterval(n)!;
      const [bLo, bHi] = fitB.predictionInterval(n)!;
      expect(row[5]).toBe(`${sig(aLo / bHi)}–${sig(aHi / bLo)}`);
    }
    const exponent = (fitA.exponent - fitB.exponent).toFixed(2).replace('-', '−');
    expect(view.textContent).toContain(`(N / 1M)^${exponent}`);

    // Swapped: the ratios invert.
    selects[0]!.value = 'ort-webgpu';
    selects[0]!.dispatchEvent(new Event('change'));
    selects[1]!.value = 'wgsl';
    selects[1]!.dispatchEvent(new Event('change'));
    await element.updateComplete;
    expect(cells()[0]![2]).toBe(sig(ORT[0]!.prefillMs.median / WGSL[0]!.prefillMs.median));
    expect(nonFiniteText(element)).toEqual([]);
  });
});

describe('<ps-chart> prediction', () => {
  it('extends each fit dashed to the ladder’s largest size, with its 95% prediction interval', async () => {
    const data = chartData({ records: WGSL, metric: 'prefill', bandwidth: undefined });
    const fit = fitPowerLaw(prefillPoints(WGSL));
    const [line] = data.fits;
    expect(line!.prediction[0]!.x).toBe(WGSL[2]!.params);
    const end = line!.prediction.at(-1)!;
    expect(end.x).toBe(LADDER_MAX_PARAMS);
    expect(LADDER_MAX_PARAMS).toBeGreaterThan(1.5e9);
    expect(end.y).toBeCloseTo(fit.predict(LADDER_MAX_PARAMS), 6);
    const [lo, hi] = fit.predictionInterval(LADDER_MAX_PARAMS)!;
    expect([end.lo, end.hi]).toEqual([lo, hi]);
    expect(data.notes.join(' ')).toMatch(/prediction up to 1\.\d+B parameters .* not measured/);

    const element = await mount('ps-chart', {}, { records: WGSL });
    const svg = await untilAxis(element, /Prefill latency/);
    expect(svg.querySelectorAll('g.prediction path')).toHaveLength(1);
    expect(svg.querySelector('g.prediction')!.getAttribute('stroke-dasharray')).toBe('2,4');
    expect(svg.querySelectorAll('g.prediction-band path')).toHaveLength(1);
    // The x axis reaches the ladder's largest size.
    const ticks = [...svg.querySelectorAll('[aria-label="x-axis tick label"] text')].map(
      (t) => t.textContent,
    );
    expect(ticks.at(-1)).toMatch(/B$/);

    // Two sizes give no interval: the line, no band.
    const two = chartData({ records: WGSL.slice(0, 2), metric: 'prefill', bandwidth: undefined });
    expect(two.fits[0]!.prediction.every((p) => p.lo === null && p.hi === null)).toBe(true);
  });
});

describe('<ps-chart> layout', () => {
  it('draws as wide as it is given, and every point can be focused with its details', async () => {
    const element = await mount('ps-chart', {}, { records: RECORDS });
    element.style.display = 'block';
    element.style.width = '400px';
    const narrow = await until(
      element,
      (root) => {
        const svg = root.querySelector<SVGSVGElement>('[part="chart"]:not(.stale) > svg');
        return svg?.getAttribute('width') === '400' && svg;
      },
      'a 400 px chart',
    );
    // Shorter on a narrow screen, down to 260 px.
    expect(Number(narrow.getAttribute('height'))).toBe(260);
    element.style.width = '900px';
    await until(
      element,
      (root) =>
        root.querySelector('[part="chart"]:not(.stale) > svg')?.getAttribute('width') === '900',
      'a 900 px chart',
    );
    const dots = [
      ...element.shadowRoot!.querySelectorAll<SVGElement>('[part="chart"] g.series > *'),
    ];
    expect(dots).toHaveLength(6);
    for (const dot of dots) {
      expect(dot.getAttribute('tabindex')).toBe('0');
      expect(dot.querySelector('title')!.textContent).toMatch(
        /^gpt2-\d+m on (wgsl|ort-webgpu) f32 /,
      );
    }
    dots[0]!.focus();
    expect(element.shadowRoot!.activeElement).toBe(dots[0]);
  });
});

describe('<ps-chart> memory estimate', () => {
  it('draws a line per precision and way of holding it: our q4 and ORT’s q4 are different bytes', async () => {
    // Our engine holds q4 scales as f16, our ONNX decoder as f32: the same sizes, two estimates.
    const q4 = (engine: 'wgsl' | 'ort-webgpu', extra: number) =>
      sweep(engine, 'webgpu', { scale: 2, exponent: 0.8, minute: extra, dtype: 'q4' }).map((r) => ({
        ...r,
        estimatedBytes: r.estimatedBytes + extra * 1e5,
      }));
    const records = [...q4('wgsl', 0), ...q4('ort-webgpu', 10)];
    const data = chartData({ records, metric: 'memory', bandwidth: undefined });
    expect(new Set(data.estimates.map((p) => p.line))).toEqual(
      new Set(['q4 wgsl', 'q4 onnx-decoder']),
    );
    expect(data.estimates).toHaveLength(6);
    expect(data.estimates.find((p) => p.line === 'q4 wgsl')!.title).toMatch(
      /as our engine holds them/,
    );
    const element = await mount('ps-chart', { metric: 'memory' }, { records });
    const svg = await untilAxis(element, /Peak GPU memory/);
    expect(svg.querySelectorAll('g.estimate > path')).toHaveLength(2);
  });
});
