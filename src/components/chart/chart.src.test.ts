import { afterEach, describe, expect, it } from 'vitest';
import { parseResults } from '../../bench/result';
import { fitPowerLaw } from '../../scaling/fit';
import { mount, nonFiniteText, unmountAll, until, untilChart } from '../testing';
import './chart';
import type { PsChart } from './chart.component';

/** Runs in Chromium; public/reference-results.json is served by Vite at the root. */

afterEach(unmountAll);

const SOURCE = 'reference-results.json';

async function reference() {
  return parseResults(await (await fetch(`/${SOURCE}`)).text());
}

const seriesOf = (svg: ParentNode) =>
  [...svg.querySelectorAll('g.series')].map((g) => g.getAttribute('aria-description'));

describe('<ps-chart src>', () => {
  it('draws published records with no bench on the page, labelled with file and day', async () => {
    const records = await reference();
    const day = records[0]!.time.slice(0, 10);
    const element = await mount('ps-chart', { src: `/${SOURCE}`, metric: 'decode' });
    const svg = await untilChart(element);
    expect(seriesOf(svg)).toEqual(['wgsl f32', 'ort-webgpu f32', 'ort-wasm f32']);
    const legend = element.shadowRoot!.querySelector('[part="legend"]')!.textContent!;
    expect(legend.replace(/\s+/g, ' ')).toContain(
      `wgsl f32 (webgpu) · google swiftshader (software adapter) · Chromium 156 · ${SOURCE}, ${day}`,
    );
    const own = records.filter((r) => r.engine === 'wgsl');
    const fit = fitPowerLaw(own.map((r) => ({ x: r.params, y: r.decodeMsPerToken!.median })));
    expect(legend).toContain(`∝ N^${fit.exponent.toFixed(2).replace('-', '−')}`);
    expect(element.shadowRoot!.textContent).toMatch(/software adapter \(SwiftShader/);

    // This page's own records stand beside the published ones, not in their series.
    (element as PsChart).records = records.slice(0, 3);
    await until(
      element,
      () =>
        seriesOf(element.shadowRoot!.querySelector('[part="chart"]:not(.stale) > svg') ?? document)
          .length === 6,
      'six series',
    );
    expect(nonFiniteText(element)).toEqual([]);
  });

  it('says when the file cannot be read', async () => {
    const element = await mount('ps-chart', { src: '/no-such-results.json' });
    const message = await until(
      element,
      (root) => root.querySelector('[data-problem="src"]')?.textContent,
      'a problem',
    );
    expect(message).toMatch(/^The results at \/no-such-results\.json could not be read: /);
  });

  it('downloads as an SVG that holds every series, its colours, device and date', async () => {
    const element = await mount('ps-chart', { src: `/${SOURCE}`, metric: 'prefill' });
    await untilChart(element);
    const svg = new DOMParser().parseFromString(element.pictureSvg()!, 'image/svg+xml');
    expect(svg.querySelector('parsererror')).toBeNull();
    expect(seriesOf(svg)).toEqual(['wgsl f32', 'ort-webgpu f32', 'ort-wasm f32']);
    for (const g of svg.querySelectorAll('g.series')) {
      expect(g.querySelectorAll('circle')).toHaveLength(3);
      expect((g as SVGElement).style.color).toMatch(/^rgb/);
    }
    const caption = [...svg.querySelectorAll('g.caption text')].map((t) => t.textContent);
    expect(caption[0]).toMatch(
      /^wgsl f32 \(webgpu\) · google swiftshader \(software adapter\) · Chromium 156 · reference-results\.json, \d{4}-\d\d-\d\d: ∝ N\^/,
    );
    expect(caption.at(-1)).toMatch(
      /^Prefill latency against parameters\. Measured \d{4}-\d\d-\d\d · paramscope$/,
    );
    const drawn = element.shadowRoot!.querySelector('[part="chart"] > svg')!;
    const height = Number(drawn.getAttribute('height'));
    expect(svg.documentElement.getAttribute('height')).toBe(
      String(height + 12 + 16 * caption.length),
    );
  });
});
