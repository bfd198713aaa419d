import { afterEach, describe, expect, it } from 'vitest';
import { mount as mountElement, nonFiniteText, unmountAll } from '../testing';
import './calculator';
import type { PsCalculator } from './calculator.component';

/** Runs in Chromium (vitest browser mode). */

afterEach(unmountAll);

const mount = (attributes: Record<string, string> = {}) =>
  mountElement('ps-calculator', attributes);

const figure = (el: PsCalculator, name: string) =>
  el.shadowRoot!.querySelector(`[data-figure="${name}"]`)?.textContent?.trim().replace(/\s+/g, ' ');

async function type(el: PsCalculator, name: string, value: string) {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
}

const errorOf = (el: PsCalculator, name: string) =>
  el.shadowRoot!.querySelector(`#${name}-error`)?.textContent?.trim();

describe('<ps-calculator>', () => {
  it('shows GPT-2 124M exactly, matching its published total', async () => {
    const el = await mount({ model: 'gpt2-124m' });
    expect(figure(el, 'total')).toBe('124,439,808');
    expect(el.shadowRoot!.querySelector('.published')!.textContent).toContain('exact');
    expect(figure(el, 'embedding')).toBe('39,383,808'); // wte 50257·768 + wpe 1024·768
  });

  it('gives the seed tables: Llama-2-7B is ≈13.5 GB in fp16 and ≈3.5 GB in int4 plus scales', async () => {
    const el = await mount({ model: 'llama-2-7b', dtype: 'fp16', context: '4096' });
    const row = (dtype: string) =>
      el.shadowRoot!.querySelector(`tr[data-dtype="${dtype}"] td`)!.textContent!.trim();
    expect(row('f16')).toBe('13.5 GB'); // 6,738,415,616 × 2 bytes = 13.48 GB
    expect(row('q4')).toBe('3.47 GB'); // × (0.5 + 2/128) bytes
    expect(figure(el, 'kvCache')).toBe('2.15 GB'); // 2 GiB exactly: 32·2·32·128·4096·2
    expect(figure(el, 'inferenceFits')).toContain('Fits on one 80 GB GPU');
  });

  it('shows what each engine holds a GPT-2 in, byte for byte, beside the rule of thumb', async () => {
    const el = await mount({ model: 'gpt2-124m' });
    const cell = (dtype: string, column: string) =>
      el.shadowRoot!.querySelector(`tr[data-dtype="${dtype}"] td[data-held="${column}"] span`)!;
    const exact = (dtype: string, column: string) => cell(dtype, column).getAttribute('title');
    // src/scaling/held.test.ts works these by hand; the engines' records say the same.
    expect(exact('q4', 'wgsl')).toMatch(/^201,815,040 bytes/);
    expect(exact('q8', 'wgsl')).toMatch(/^248,263,680 bytes/);
    expect(exact('f16', 'onnx')).toMatch(/^248,879,616 bytes/); // every initializer f16
    expect(cell('bf16', 'wgsl').textContent).toBe('—');
    const headers = [...el.shadowRoot!.querySelectorAll('.weights thead th')].map((th) =>
      th.textContent!.trim(),
    );
    expect(headers).toEqual(['Precision', 'Every weight', 'Our engine', 'ORT (our ONNX)']);
    // A Llama is no engine's: only the rule of thumb.
    const llama = await mount({ model: 'llama-2-7b' });
    expect(llama.shadowRoot!.querySelectorAll('td[data-held]')).toHaveLength(0);
  });

  it('mirrors attributes into the inputs and answers "how many GPUs?" for training', async () => {
    const el = await mount({ model: 'llama-2-70b', 'gpu-memory': '80', 'zero-stage': '3' });
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('input[name="gpuMemory"]')!.value).toBe(
      '80',
    );
    // 12 of the 16 bytes per parameter are Adam's fp32 states: 12 × 68,976,648,192 on one GPU.
    expect(figure(el, 'trainOptimizer')).toBe('827.7 GB');
    // Unsharded activations of 4096-token sequences (≈520 GB) defeat any ZeRO degree…
    expect(figure(el, 'trainingFits')).toContain('No number of 80 GB GPUs fits it');
    // …until full recomputation keeps only each layer's input.
    el.recomputation = 'full';
    await el.updateComplete;
    expect(figure(el, 'trainingFits')).toMatch(
      /it needs \d+ GPUs? of 80 GB \(\d+ data × 1 tensor × 1 pipeline\)/,
    );
  });

  it('shows a validation message at the field and keeps the last valid figures', async () => {
    const el = await mount({ model: 'gpt2-124m' });
    await type(el, 'heads', '7');
    expect(errorOf(el, 'heads')).toMatch(/must divide d_model/);
    expect(el.shadowRoot!.querySelector('input[name="heads"]')!.getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(el.shadowRoot!.querySelector('.stale')).not.toBeNull();
    expect(figure(el, 'total')).toBe('124,439,808');

    await type(el, 'layers', '-3');
    expect(errorOf(el, 'layers')).toBe('must not be negative');
    await type(el, 'layers', '2.5');
    expect(errorOf(el, 'layers')).toMatch(/whole number/);
    await type(el, 'dModel', '1e300');
    await type(el, 'context', 'abc');
    expect(errorOf(el, 'context')).toBe('must be a number');
    expect(nonFiniteText(el)).toEqual([]);

    await type(el, 'layers', '24');
    await type(el, 'dModel', '1024'); // the FFN width follows: 4 × 1024
    await type(el, 'heads', '16');
    await type(el, 'context', '1024');
    expect(el.model).toBe('custom');
    expect(el.shadowRoot!.querySelector('.stale')).toBeNull();
    expect(figure(el, 'total')).toBe('354,823,168'); // GPT-2 medium, edited into being
  });

  it('validates grouped-query and expert fields', async () => {
    const el = await mount({ model: 'mixtral-8x7b' });
    expect(figure(el, 'active')).toBe('12,879,925,248');
    await type(el, 'kvHeads', '3');
    expect(errorOf(el, 'kvHeads')).toMatch(/must divide heads/);
    await type(el, 'kvHeads', '8');
    await type(el, 'expertsPerToken', '9');
    expect(errorOf(el, 'expertsPerToken')).toMatch(/must not exceed the number of experts/);
  });

  it('reports an unknown model attribute instead of guessing', async () => {
    const el = await mount({ model: 'gpt-5' });
    expect(errorOf(el, 'model')).toBe('unknown model "gpt-5"');
  });
});
