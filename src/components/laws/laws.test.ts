import { afterEach, describe, expect, it } from 'vitest';
import { formatCount, formatFlops } from '../../scaling/format';
import {
  BESIROGLU_2024,
  chinchillaLoss,
  computeOptimal,
  HOFFMANN_2022,
  kaplanLossN,
} from '../../scaling/laws';
import { formatLoss } from '../shared/format';
import { mount, nonFiniteText, unmountAll, until, untilChart } from '../testing';
import './laws';
import type { PsLaws } from './laws.component';

/** Runs in Chromium (vitest browser mode). */

afterEach(unmountAll);

/** The text of each row of the table `id`, cells joined by '|'. */
function rows(element: PsLaws, id: string): string[] {
  const table = element.shadowRoot!.querySelector(`table[data-table="${id}"]`);
  return [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) =>
    [...tr.children].map((cell) => cell.textContent!.trim()).join('|'),
  );
}

function untilTable(element: PsLaws, id: string) {
  return until(
    element,
    (root) =>
      root.querySelector(`[part="chart"]:not(.stale) svg`) &&
      root.querySelector(`table[data-table="${id}"]`),
    `the ${id} table`,
  );
}

/** Types `text` into a field and commits it, as a reader pressing Enter. */
async function type(element: PsLaws, id: string, text: string) {
  const input = element.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
  input.value = text;
  input.dispatchEvent(new Event('change'));
  await element.updateComplete;
  return input;
}

describe('<ps-laws>', () => {
  it('places GPT-3, Chinchilla and Llama 2 on the frontier with the Hoffmann optimum', async () => {
    const element = await mount('ps-laws', { view: 'frontier' });
    await untilTable(element, 'models');
    const svg = await untilChart(element);

    // Chinchilla's 5.76e23 FLOPs: Hoffmann's N_opt is 3.22e10 (laws.test.ts in src/scaling).
    const hoffmann = formatCount(computeOptimal(5.76e23, HOFFMANN_2022).N);
    const besiroglu = formatCount(computeOptimal(5.76e23, BESIROGLU_2024).N);
    expect(hoffmann).toBe('32.2B');
    const chinchilla = rows(element, 'models').find((row) => row.startsWith('Chinchilla|'));
    expect(chinchilla).toBe(
      `Chinchilla|70.0B|1.40T|20|${formatFlops(5.76e23)} (reported)|${hoffmann}|${besiroglu}|arxiv.org/abs/2203.15556`,
    );
    const llama = rows(element, 'models').find((row) => row.startsWith('Llama 2 70B|'));
    expect(llama).toContain(`${formatFlops(6 * 70e9 * 2e12)} (6ND)`);
    // The default budget is Chinchilla's: the frontier table has its row too.
    expect(rows(element, 'frontier')).toContain(
      `${formatFlops(5.76e23)} (your budget)|${hoffmann}|${formatCount(computeOptimal(5.76e23).D)}|${besiroglu}|${formatCount(computeOptimal(5.76e23, BESIROGLU_2024).D)}|${formatCount(Math.sqrt(5.76e23 / 120))}|${formatCount(20 * Math.sqrt(5.76e23 / 120))}`,
    );

    const labels = [...svg.querySelectorAll('.marker-label text')].map((t) => t.textContent);
    expect(labels.sort()).toEqual(['Chinchilla', 'GPT-3 175B', 'Llama 2 70B']);
    // Three lines, each named in the legend and cited under the chart.
    expect(svg.querySelectorAll('.curve path')).toHaveLength(3);
    const sources = element.shadowRoot!.querySelector('.sources')!.textContent!;
    expect(sources).toContain(HOFFMANN_2022.citation);
    expect(sources).toContain(BESIROGLU_2024.citation);
    expect(element.shadowRoot!.querySelector('.caption')!.textContent).toMatch(
      /not comparable in absolute value/,
    );
    expect(nonFiniteText(element)).toEqual([]);
  });

  it('switches view on the attribute and on the tabs', async () => {
    const element = await mount('ps-laws');
    await untilTable(element, 'n');
    // Kaplan L(1e9) and Chinchilla L(1e9, 2e10) in the row for N = 1e9.
    const row = rows(element, 'n').find((r) => r.startsWith('1.00B|'));
    expect(row).toBe(
      `1.00B|20.0B|${formatLoss(kaplanLossN(1e9))}|${formatLoss(chinchillaLoss(1e9, 20e9))}`,
    );
    const before = element.shadowRoot!.querySelector('[part="chart"] svg');

    element.setAttribute('view', 'd');
    await untilTable(element, 'd');
    expect(element.shadowRoot!.querySelector('[part="chart"] svg')).not.toBe(before);
    expect(element.shadowRoot!.querySelector('[aria-selected="true"]')!.textContent).toContain(
      'Loss vs data',
    );

    element.shadowRoot!.querySelector<HTMLButtonElement>('[data-view="c"]')!.click();
    await untilTable(element, 'c');
    expect(element.getAttribute('view')).toBe('c');
    // 8.64e19 FLOPs is one PF-day: the top axis counts PF-days.
    // Kaplan's L(C) takes PF-days: 1e20 FLOPs is 1.157 PF-days, L = (3.1e8 / 1.157)^0.05.
    expect(rows(element, 'c').find((r) => r.startsWith(formatFlops(1e20)))).toContain(
      `|1.16|${formatLoss((3.1e8 / (1e20 / 8.64e19)) ** 0.05)}|`,
    );
    expect(element.shadowRoot!.textContent).toContain('Training compute C (PF-days)');

    element.view = 'isoflop';
    await untilTable(element, 'isoflop');
    const minima = rows(element, 'isoflop');
    expect(minima).toHaveLength(7 + 1); // 1e18 … 1e24 and the default budget, 5.76e23
    expect(minima[0]).toContain(`${formatFlops(1e18)}|${formatCount(computeOptimal(1e18).N)}`);
    expect(nonFiniteText(element)).toEqual([]);
  });

  it('redraws for the other fit', async () => {
    const element = await mount('ps-laws', { view: 'isoflop', fit: 'besiroglu-2024' });
    await untilTable(element, 'isoflop');
    const row = rows(element, 'isoflop').find((r) => r.startsWith(formatFlops(1e21)));
    expect(row).toContain(formatCount(computeOptimal(1e21, BESIROGLU_2024).N));
    expect(element.shadowRoot!.querySelector('.sources')!.textContent).toContain(
      BESIROGLU_2024.citation,
    );
  });

  it('names a bad budget at the field and keeps the last good chart', async () => {
    const element = await mount('ps-laws', { view: 'isoflop' });
    await untilTable(element, 'isoflop');
    let input = await type(element, 'budget', '1e21');
    await until(
      element,
      () =>
        rows(element, 'isoflop').some((r) => r.startsWith(`${formatFlops(1e21)} (your budget)`)),
      'the 1e21 budget',
    );
    expect(element.budget).toBe(1e21);
    const chart = element.shadowRoot!.querySelector('[part="chart"] svg');

    for (const [text, message] of [
      ['-5', /more than 0/],
      ['0', /more than 0/],
      ['abc', /Enter a number/],
      ['', /Enter a number/],
      ['Infinity', /at most 1e30 FLOPs/],
      ['1e31', /at most 1e30 FLOPs/],
      ['NaN', /Enter a number/],
    ] as const) {
      input = await type(element, 'budget', text);
      expect(input.getAttribute('aria-invalid')).toBe('true');
      const error = element.shadowRoot!.querySelector('#budget-message.field-error');
      expect(error?.textContent, text).toMatch(message);
      expect(input.getAttribute('aria-describedby')).toBe('budget-message');
      // The property and the chart keep the last good budget.
      expect(element.budget).toBe(1e21);
      expect(element.shadowRoot!.querySelector('[part="chart"] svg')).toBe(chart);
      if (text !== 'NaN' && text !== 'Infinity') expect(nonFiniteText(element)).toEqual([]);
    }

    await type(element, 'budget', '3e22');
    expect(element.shadowRoot!.querySelector('.field-error')).toBeNull();
    await until(
      element,
      () =>
        rows(element, 'isoflop').some((r) => r.startsWith(`${formatFlops(3e22)} (your budget)`)),
      'the 3e22 budget',
    );
  });

  it('checks a budget given as an attribute, and never prints NaN', async () => {
    const element = await mount('ps-laws', { view: 'frontier', budget: 'lots' });
    await untilTable(element, 'frontier');
    expect(element.shadowRoot!.querySelector('#budget-message')!.textContent).toMatch(
      /Enter a number/,
    );
    // The chart falls back to the default budget.
    expect(rows(element, 'frontier').some((r) => r.includes('5.76e23 FLOP (your budget)'))).toBe(
      true,
    );
    expect(nonFiniteText(element)).toEqual([]);

    element.setAttribute('view', 'sideways');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('#attribute-error')!.textContent).toMatch(
      /no view “sideways”/,
    );
    expect(element.shadowRoot!.querySelector('[aria-selected="true"]')!.textContent).toContain(
      'Compute-optimal frontier',
    );
  });
});
