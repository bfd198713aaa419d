import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toJson } from '../../bench/export';
import type { ResultRecord } from '../../bench/result';
import { ResultStore, resultsDbName } from '../../bench/storage';
import { sampleRecord } from '../../bench/testing';
import { mount, SMALL_WASM_RUN, unmountAll, until } from '../testing';
import './bench';

/** Runs in Chromium: real IndexedDB, with faults injected into its prototypes. */

async function storedModels(name = ''): Promise<string[]> {
  const store = await ResultStore.open(resultsDbName(name));
  const records = await store.all();
  store.close();
  return records.map((r) => r.model);
}

/** Every store these tests use: the page-wide one and the named ones. */
const STORES = ['', 'left', 'right', 'notes'];

async function clearStore() {
  for (const name of STORES) {
    const store = await ResultStore.open(resultsDbName(name));
    await store.clear();
    store.close();
  }
}

const restore: (() => void)[] = [];

/** Replaces `target[key]` until the test ends. */
function inject<T extends object, K extends keyof T>(target: T, key: K, value: T[K]) {
  const original = target[key];
  target[key] = value;
  restore.push(() => {
    target[key] = original;
  });
}

/** IndexedDB refuses every write as a full disk does. */
function quotaExceeded() {
  inject(IDBObjectStore.prototype, 'add', () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  });
}

const unhandled: unknown[] = [];
const onUnhandled = (e: PromiseRejectionEvent) => unhandled.push(e.reason);

beforeEach(async () => {
  await clearStore();
  unhandled.length = 0;
  window.addEventListener('unhandledrejection', onUnhandled);
});
afterEach(async () => {
  for (const undo of restore.splice(0).reverse()) undo();
  window.removeEventListener('unhandledrejection', onUnhandled);
  unmountAll();
  await clearStore();
});

const file = (name: string, records: readonly ResultRecord[]) =>
  new File([toJson(records)], name, { type: 'application/json' });

const storageNotice = (bench: HTMLElement) =>
  until(bench, (root) => root.querySelector('p.storage')?.textContent, 'the storage notice');

/** Lets IndexedDB's callbacks and the element's promise chains run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('<ps-bench> history when IndexedDB fails', () => {
  it('a refused write says results will not survive a reload, and keeps every result shown', async () => {
    const errors: { source: string; reason?: string }[] = [];
    const bench = await mount('ps-bench');
    bench.addEventListener('ps-error', (e) => errors.push((e as CustomEvent).detail));
    await settle(); // the store is open
    await bench.importFiles([file('first.json', [sampleRecord({ model: 'gpt2-3m' })])]);
    expect(await storedModels()).toEqual(['gpt2-3m']);
    expect(bench.shadowRoot!.querySelector('p.storage')).toBeNull();

    quotaExceeded();
    await bench.importFiles([file('second.json', [sampleRecord({ model: 'gpt2-7m' })])]);
    expect(await storageNotice(bench)).toBe(
      'Results will not survive a reload: saving to IndexedDB failed (QuotaExceededError: The quota has been exceeded.); the results shown stay on this page.',
    );
    // Both shown, in order: the one already kept and the one that could not be written.
    expect(bench.results.map((r) => r.model)).toEqual(['gpt2-3m', 'gpt2-7m']);
    const rows = bench.shadowRoot!.querySelectorAll('tbody tr');
    expect([...rows].map((r) => r.getAttribute('data-model'))).toEqual(['gpt2-3m', 'gpt2-7m']);
    expect(errors).toEqual([
      {
        source: 'ps-bench/store',
        message: expect.stringMatching(/^Results will not survive a reload: saving/),
        reason: 'storage',
      },
    ]);
    expect(unhandled).toEqual([]);
    // What a reload finds: only the record that was written.
    expect(await storedModels()).toEqual(['gpt2-3m']);
  });

  it('a result measured while the quota is full is shown, fired, and said not to be kept', async () => {
    const bench = await mount('ps-bench', SMALL_WASM_RUN);
    await settle();
    quotaExceeded();
    const results: ResultRecord[] = [];
    bench.addEventListener('ps-result', (e) => results.push((e as CustomEvent).detail));
    await bench.start();
    expect(results.map((r) => r.engine)).toEqual(['ort-wasm']);
    expect(await storageNotice(bench)).toMatch(
      /^Results will not survive a reload: saving to IndexedDB failed \(QuotaExceededError: /,
    );
    expect(bench.results).toEqual(results);
    await until(bench, (root) => root.querySelector('tr[data-engine="ort-wasm"]'), 'its row');
    expect(unhandled).toEqual([]);
    expect(await storedModels()).toEqual([]);
  }, 120_000);

  it('a store that cannot open says so, and still keeps what is imported on the page', async () => {
    inject(IDBFactory.prototype, 'open', () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    });
    const bench = await mount('ps-bench');
    expect(await storageNotice(bench)).toBe(
      'Results will not survive a reload: IndexedDB is unavailable (SecurityError: The user denied permission to access the database.).',
    );
    await bench.importFiles([file('first.json', [sampleRecord({ model: 'gpt2-18m' })])]);
    expect(bench.results.map((r) => r.model)).toEqual(['gpt2-18m']);
    expect(unhandled).toEqual([]);
  });

  it('records made while the store opens are kept after the stored ones, and written', async () => {
    const earlier = await ResultStore.open();
    await earlier.add(sampleRecord({ model: 'gpt2-3m' }));
    earlier.close();
    const bench = document.createElement('ps-bench');
    document.body.append(bench);
    // Before the store has opened:
    const imported = bench.importFiles([file('b.json', [sampleRecord({ model: 'gpt2-7m' })])]);
    await imported;
    await until(bench, () => bench.results.length === 2, 'both records');
    expect(bench.results.map((r) => r.model)).toEqual(['gpt2-3m', 'gpt2-7m']);
    await settle();
    expect(await storedModels()).toEqual(['gpt2-3m', 'gpt2-7m']);
    bench.remove();
  });
});

describe('<ps-bench> history per element', () => {
  const shown = (bench: { results: readonly ResultRecord[] }) => bench.results.map((r) => r.model);
  const mountBench = async (attributes: Record<string, string>) => {
    const bench = await mount('ps-bench', attributes);
    await settle(); // its store has opened and restored
    return bench;
  };
  const clearButton = (bench: HTMLElement) =>
    [...bench.shadowRoot!.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Clear history',
    )!;

  it('two benches with ids keep their own results across a reload, and clear only their own', async () => {
    let left = await mountBench({ id: 'left' });
    let right = await mountBench({ id: 'right' });
    await left.importFiles([file('l.json', [sampleRecord({ model: 'gpt2-3m' })])]);
    await right.importFiles([file('r.json', [sampleRecord({ model: 'gpt2-7m' })])]);
    expect([shown(left), shown(right)]).toEqual([['gpt2-3m'], ['gpt2-7m']]);

    unmountAll(); // a reload
    left = await mountBench({ id: 'left' });
    right = await mountBench({ id: 'right' });
    expect([shown(left), shown(right)]).toEqual([['gpt2-3m'], ['gpt2-7m']]);

    clearButton(left).click();
    await settle();
    expect([shown(left), shown(right)]).toEqual([[], ['gpt2-7m']]);
    unmountAll();
    left = await mountBench({ id: 'left' });
    right = await mountBench({ id: 'right' });
    expect([shown(left), shown(right)]).toEqual([[], ['gpt2-7m']]);
    expect(await storedModels()).toEqual([]); // nothing went to the page-wide store
  });

  it('without an id, or with store="", a bench keeps the page-wide history of earlier versions', async () => {
    const earlier = await ResultStore.open(); // as a version before named stores wrote it
    await earlier.add(sampleRecord({ model: 'gpt2-18m' }));
    earlier.close();
    const plain = await mountBench({});
    const playground = await mountBench({ id: 'left', store: '' });
    expect([shown(plain), shown(playground)]).toEqual([['gpt2-18m'], ['gpt2-18m']]);
  });

  it('store names the history over the id, and a new store switches to its records', async () => {
    const notes = await ResultStore.open(resultsDbName('notes'));
    await notes.add(sampleRecord({ model: 'gpt2-51m' }));
    notes.close();
    const histories: string[][] = [];
    const bench = await mountBench({ id: 'left', store: 'right' });
    bench.addEventListener('ps-history', (e) =>
      histories.push((e as CustomEvent).detail.records.map((r: ResultRecord) => r.model)),
    );
    await bench.importFiles([file('r.json', [sampleRecord({ model: 'gpt2-7m' })])]);
    expect(await storedModels('right')).toEqual(['gpt2-7m']);
    expect(await storedModels('left')).toEqual([]);

    bench.setAttribute('store', 'notes');
    await until(bench, () => shown(bench)[0] === 'gpt2-51m', 'the notes history');
    expect(shown(bench)).toEqual(['gpt2-51m']);
    expect(histories).toEqual([['gpt2-7m'], ['gpt2-51m']]);
    expect(await storedModels('right')).toEqual(['gpt2-7m']); // left where it was
  });
});
