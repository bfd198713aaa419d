import { afterEach, describe, expect, it } from 'vitest';
import { formatCount } from '../../scaling/format';
import { DATA_CUTOFF, DOMAINS, notableModels } from '../../scaling/notable-models';
import { mount, nonFiniteText, unmountAll, until, untilChart } from '../testing';
import './timeline';
import type { PsTimeline } from './timeline.component';
import { DOMAIN_FILTERS } from './timeline.data';

/** Runs in Chromium (vitest browser mode). */

afterEach(unmountAll);

function tableRows(element: PsTimeline): HTMLTableRowElement[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLTableRowElement>('[part="table"] tbody tr')];
}

/** Waits for a fresh chart whose table has `count` rows. */
async function untilRows(element: PsTimeline, count: number) {
  await until(
    element,
    (root) =>
      root.querySelector('[part="chart"]:not(.stale)') && tableRows(element).length === count,
    `${count} table rows`,
  );
  return untilChart(element);
}

const count = (test: (m: ReturnType<typeof notableModels>[number]) => boolean) =>
  notableModels().filter(test).length;

describe('<ps-timeline>', () => {
  it('offers every domain of the dataset as a filter', () => {
    expect(DOMAIN_FILTERS.filter((d) => d !== 'all').sort()).toEqual([...DOMAINS].sort());
  });

  it('draws every model, the gap band and the cut-off', async () => {
    const element = await mount('ps-timeline');
    const svg = await untilRows(element, notableModels().length);

    const band = svg.querySelector('.gap-band rect');
    expect(band?.getAttribute('aria-label')).toMatch(
      /^parameter gap, 20B–70B \(Villalobos et al\. 2022/,
    );
    // The band lies between the 20B and 70B marks of the y axis: check its height in pixels
    // against log10(70/20) of a decade, using the axis' own 1B and 10B ticks.
    const ticks = new Map(
      [...svg.querySelectorAll('[aria-label="y-axis tick label"] text')].map((t) => [
        t.textContent,
        Number(/translate\([^,]+,([^)]+)\)/.exec(t.getAttribute('transform')!)![1]),
      ]),
    );
    const decade = ticks.get('1B')! - ticks.get('10B')!;
    expect(Number(band!.getAttribute('height'))).toBeCloseTo(decade * Math.log10(70 / 20), 0);
    expect(svg.textContent).toContain('parameter gap, 20B–70B (Villalobos et al. 2022)');

    // One dot per model: estimates as rings, labelled.
    const estimates = count((m) => m.estimate === true);
    expect(svg.querySelectorAll('.model circle')).toHaveLength(notableModels().length - estimates);
    expect(svg.querySelectorAll('.estimate circle')).toHaveLength(estimates);
    expect(svg.querySelector('.estimate-label')!.textContent).toContain('GPT-4 (estimate)');

    const gpt3 = tableRows(element).find((tr) => tr.cells[0]!.textContent === 'GPT-3 175B')!;
    expect([...gpt3.cells].map((c) => c.textContent!.trim())).toEqual([
      'GPT-3 175B',
      'OpenAI',
      '2020-05-28',
      'language',
      formatCount(175e9),
      '3.14e23 FLOP (reported)',
      'closed',
      'arxiv.org/abs/2005.14165',
    ]);
    expect(gpt3.querySelector('a')!.href).toBe('https://arxiv.org/abs/2005.14165');
    const alexnet = tableRows(element).find((tr) => tr.cells[0]!.textContent === 'AlexNet')!;
    expect(alexnet.cells[5]!.textContent).toBe('unknown');
    const gpt4 = tableRows(element).find((tr) => tr.cells[0]!.textContent === 'GPT-4')!;
    expect(gpt4.cells[4]!.textContent).toBe('1.76T (estimate)');

    expect(element.shadowRoot!.textContent).toContain('Data cut-off: August 2025');
    expect(DATA_CUTOFF).toBe('2025-08');
    expect(nonFiniteText(element)).toEqual([]);
  });

  it('filters by attribute and by the selects', async () => {
    const element = await mount('ps-timeline', { domain: 'language', weights: 'open' });
    await untilRows(
      element,
      count((m) => m.domain === 'language' && m.weights === 'open'),
    );
    expect(tableRows(element).every((tr) => tr.cells[3]!.textContent === 'language')).toBe(true);

    const weights = element.shadowRoot!.querySelector<HTMLSelectElement>('#weights-select')!;
    weights.value = 'closed';
    weights.dispatchEvent(new Event('change'));
    const svg = await untilRows(
      element,
      count((m) => m.domain === 'language' && m.weights === 'closed'),
    );
    expect(element.getAttribute('weights')).toBe('closed');
    expect(svg.querySelectorAll('.model circle, .estimate circle')).toHaveLength(
      tableRows(element).length,
    );

    element.domain = 'all';
    element.weights = 'all';
    await untilRows(element, notableModels().length);
  });

  it('colours by open or closed weights', async () => {
    const element = await mount('ps-timeline', { 'color-by': 'weights' });
    const svg = await untilRows(element, notableModels().length);
    const legend = element.shadowRoot!.querySelector('[part="chart"] figure')!.textContent;
    expect(legend).toContain('open weights');
    expect(legend).toContain('closed weights');
    const fills = new Set(
      [...svg.querySelectorAll('.model circle')].map((c) => c.getAttribute('fill')),
    );
    expect(fills.size).toBe(2);
  });

  it('names a bad filter at its select and keeps the last good chart', async () => {
    const element = await mount('ps-timeline', { domain: 'vision' });
    await untilRows(
      element,
      count((m) => m.domain === 'vision'),
    );
    element.setAttribute('domain', 'robots');
    await element.updateComplete;
    const message = element.shadowRoot!.querySelector('#domain-message');
    expect(message?.textContent).toMatch(/No domain “robots”/);
    expect(element.shadowRoot!.querySelector('#domain-select')!.getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(tableRows(element)).toHaveLength(count((m) => m.domain === 'vision'));
    expect(nonFiniteText(element)).toEqual([]);
  });
});

describe('<ps-timeline> frame', () => {
  it('draws no mark outside its frame, whatever the filter', async () => {
    for (const domain of ['all', 'language', 'vision']) {
      const element = await mount('ps-timeline', { domain });
      const svg = await untilChart(element);
      await element.updateComplete;
      // The frame: the plot area inside the margins, from the axes' own scale ranges.
      const width = Number(svg.getAttribute('width'));
      const height = Number(svg.getAttribute('height'));
      const [left, right, top, bottom] = [52, width - 16, 20, height - 30];
      for (const dot of svg.querySelectorAll<SVGCircleElement>(
        'g.model circle, g.estimate circle',
      )) {
        const r = Number(dot.getAttribute('r') ?? 0);
        const cx = Number(dot.getAttribute('cx'));
        const cy = Number(dot.getAttribute('cy'));
        expect(cx - r, `${domain}: a dot's left edge`).toBeGreaterThanOrEqual(left);
        expect(cx + r).toBeLessThanOrEqual(right);
        expect(cy - r).toBeGreaterThanOrEqual(top - 1);
        expect(cy + r).toBeLessThanOrEqual(bottom + 1);
      }
      // The band and the estimate labels are cut at the frame.
      for (const g of svg.querySelectorAll('g.gap-band, g.estimate-label')) {
        expect(
          g.closest('[clip-path]') ?? g.querySelector('[clip-path]'),
          'a clip at the frame',
        ).toBeTruthy();
      }
      unmountAll();
    }
  });
});
