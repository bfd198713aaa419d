import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResultRecord } from '../../bench/result';
import { ResultStore } from '../../bench/storage';
import { mount, SMALL_WASM_RUN, unmountAll, until } from '../testing';
import './bench';
import { parseSettings, settingsFromQuery, settingsToQuery } from './bench.options';

/** Runs in Chromium: real onnxruntime-web (WASM) and real IndexedDB. */

async function clearStore() {
  const store = await ResultStore.open();
  await store.clear();
  store.close();
}

beforeEach(clearStore);
afterEach(unmountAll);

describe('bench settings', () => {
  it('round-trip through the URL form of ARCHITECTURE.md', () => {
    const { text, autorun } = settingsFromQuery(
      '?models=gpt2-3m,gpt2-7m&engines=ort-webgpu,ort-wasm&dtype=f32&seq=128&decode=32&repeats=10&autorun=1',
    );
    expect(autorun).toBe(true);
    const { settings, errors } = parseSettings(text);
    expect(errors).toEqual({});
    expect(settings).toEqual({
      models: ['gpt2-3m', 'gpt2-7m'],
      engines: ['ort-webgpu', 'ort-wasm'],
      dtype: 'f32',
      seq: 128,
      decode: 32,
      repeats: 10,
      hub: 'https://huggingface.co',
    });
    expect(settingsToQuery(settings)).toBe(
      '?models=gpt2-3m,gpt2-7m&engines=ort-webgpu,ort-wasm&dtype=f32&seq=128&decode=32&repeats=10',
    );
  });

  it('name each bad field and keep its default', () => {
    const { settings, errors } = parseSettings({
      models: 'gpt2-3m,gpt-9',
      engines: 'wgsl,tvm',
      dtype: 'int8',
      seq: '1000',
      decode: '100',
      repeats: '0',
    });
    expect(errors.models).toMatch(/^unknown: gpt-9/);
    expect(errors.engines).toMatch(
      /^unknown: tvm \(engines: wgsl, ort-webgpu, ort-wasm, hub-webgpu, hub-wasm\)/,
    );
    expect(errors.dtype).toBe('unknown: int8 (weights: f32, f16, q8, q4)');
    expect(errors.decode).toMatch(/exceeds the ladder's context of 1024/);
    expect(errors.repeats).toBe('must be at least 1');
    expect(settings.repeats).toBe(10);
    expect(settings.dtype).toBe('f32');
  });

  it('take hub models beside ladder ids, and the hub they come from', () => {
    const { text } = settingsFromQuery(
      '?models=gpt2-3m,hub:paramscope/tiny-gpt2@v2&engines=wgsl,hub-webgpu,hub-wasm&hub=http://127.0.0.1:9/',
    );
    const { settings, errors } = parseSettings(text);
    expect(errors).toEqual({});
    expect(settings.models).toEqual(['gpt2-3m', 'hub:paramscope/tiny-gpt2@v2']);
    expect(settings.hub).toBe('http://127.0.0.1:9');
    expect(settingsToQuery(settings)).toContain(
      '?models=gpt2-3m,hub:paramscope/tiny-gpt2@v2&engines=wgsl,hub-webgpu,hub-wasm&',
    );
    expect(settingsToQuery(settings)).toContain('&hub=http://127.0.0.1:9');
    const bad = parseSettings({ models: 'hub:nobody', hub: 'ftp://x' }).errors;
    expect(bad.models).toMatch(/^not a hub model id: hub:nobody/);
    expect(bad.hub).toBe('not an http(s) address: ftp://x');
  });

  it('accept f16 weights, and keep them in the URL', () => {
    const { settings, errors } = parseSettings({ engines: 'wgsl,ort-wasm', dtype: 'f16' });
    expect(errors).toEqual({});
    expect(settings.dtype).toBe('f16');
    expect(settingsToQuery(settings)).toContain('&dtype=f16&');
  });
});

describe('<ps-bench>', () => {
  it('shows field errors and refuses to run with them', async () => {
    const errors: string[] = [];
    const listener = (e: Event) => errors.push((e as CustomEvent).detail.reason);
    document.addEventListener('ps-error', listener);
    const bench = await mount('ps-bench', { models: 'gpt2-3m', repeats: 'many' });
    expect(bench.shadowRoot!.querySelector('[data-field="repeats"]')!.textContent).toBe(
      'must be a number',
    );
    await bench.start();
    expect(errors).toEqual(['invalid-settings']);
    document.removeEventListener('ps-error', listener);
  });

  it('measures gpt2-3m on WASM, fires ps-result, and keeps it across a reload of the element', async () => {
    const results: ResultRecord[] = [];
    const listener = (e: Event) => results.push((e as CustomEvent<ResultRecord>).detail);
    document.addEventListener('ps-result', listener);
    const bench = await mount('ps-bench', SMALL_WASM_RUN);
    await bench.start();
    document.removeEventListener('ps-result', listener);

    expect(results).toHaveLength(1);
    const [record] = results;
    expect(record).toMatchObject({ model: 'gpt2-3m', engine: 'ort-wasm', provider: 'wasm' });
    expect(record!.params).toBe(3_382_080);
    for (const figure of [
      record!.loadMs,
      record!.prefillMs.median,
      record!.decodeMsPerToken!.median,
    ]) {
      expect(Number.isFinite(figure) && figure > 0).toBe(true);
    }
    expect(record!.prefillMs.n).toBe(2);
    const row = await until(
      bench,
      (root) => root.querySelector('tr[data-engine="ort-wasm"]'),
      'a row',
    );
    expect(row.textContent).toContain('3.38M');

    unmountAll();
    const again = await mount('ps-bench');
    await until(again, (root) => root.querySelector('tr[data-model="gpt2-3m"]'), 'the stored row');
    expect(again.results).toEqual(results);
  }, 120_000);

  it('cancels a run after the step in progress, keeping what was measured', async () => {
    const steps: string[] = [];
    const bench = await mount('ps-bench', {
      models: 'gpt2-3m,gpt2-7m',
      engines: 'ort-wasm',
      seq: '8',
      decode: '2',
      repeats: '200',
    });
    const listener = (e: Event) => {
      const { step } = (e as CustomEvent).detail;
      steps.push(step);
      if (step === 'prefill') bench.cancel();
    };
    bench.addEventListener('ps-progress', listener);
    await bench.start();
    bench.removeEventListener('ps-progress', listener);
    expect(steps.at(-1)).toBe('cancelled');
    expect(steps).not.toContain('done');
    expect(bench.results).toEqual([]);
    expect(bench.shadowRoot!.querySelector('button.run')!.hasAttribute('disabled')).toBe(false);
  });

  it('skips a size past the limits and says why', async () => {
    const progress: { step: string; message?: string }[] = [];
    const listener = (e: Event) => progress.push((e as CustomEvent).detail);
    document.addEventListener('ps-progress', listener);
    const bench = await mount('ps-bench', {
      models: 'gpt2-1.5b',
      engines: 'ort-wasm',
      repeats: '1',
    });
    await bench.start();
    document.removeEventListener('ps-progress', listener);
    const skipped = progress.find((p) => p.step === 'skipped');
    expect(skipped?.message).toMatch(
      /5\.80 GiB of f32 weights: onnxruntime-web parses a model in its 4 GiB/,
    );
    const li = bench.shadowRoot!.querySelector('li.skipped')!;
    expect(li.textContent).toContain('skipped');
    expect(bench.results).toEqual([]);
  });

  it('verifies our engine and ORT against the CPU reference, and says so in a table', async () => {
    const bench = await mount('ps-bench', { models: 'gpt2-3m', engines: 'wgsl,ort-wasm' });
    await bench.verify();
    await bench.updateComplete;
    expect(bench.shadowRoot!.querySelector('[role="alert"]')).toBeNull();
    const rows = [...bench.shadowRoot!.querySelectorAll('.verify-results tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-engine'))).toEqual(['wgsl', 'ort-wasm']);
    for (const row of rows) {
      expect(row.className).toBe('pass');
      expect(row.textContent).toContain('9 of 9'); // prefill + 8 decode steps, same tokens
    }
  }, 120_000);

  it('verifies our engine and ORT WASM on q4 weights, each against the reference on its own bytes', async () => {
    const bench = await mount('ps-bench', {
      models: 'gpt2-3m',
      engines: 'wgsl,ort-wasm',
      dtype: 'q4',
    });
    expect(bench.shadowRoot!.querySelector('select')!.value).toBe('q4');
    await bench.verify();
    await bench.updateComplete;
    const [wgsl, ort] = bench.shadowRoot!.querySelectorAll('.verify-results tbody tr');
    expect(wgsl!.className).toBe('pass');
    expect(wgsl!.textContent).toContain('wgsl q4');
    expect(ort!.className).toBe('pass');
    expect(ort!.textContent).toContain('ort-wasm q4');
  }, 120_000);

  it('measures the roofline and fires ps-roofline', async () => {
    const figures: { bandwidthGBs: number; matmulGflops: number }[] = [];
    const listener = (e: Event) => figures.push((e as CustomEvent).detail);
    document.addEventListener('ps-roofline', listener);
    const bench = await mount('ps-bench');
    await bench.measureRoofline();
    await bench.updateComplete;
    document.removeEventListener('ps-roofline', listener);
    expect(figures).toHaveLength(1);
    expect(figures[0]!.bandwidthGBs).toBeGreaterThan(0);
    expect(figures[0]!.matmulGflops).toBeGreaterThan(0);
    const text = bench.shadowRoot!.querySelector('[data-figure="bandwidth"]')!.textContent!;
    expect(text).toMatch(/^[\d.]+ \([\d.]+–[\d.]+\) GB\/s$/);
  }, 120_000);
});
