import { afterEach, describe, expect, it } from 'vitest';
import { ResultStore } from './storage';
import { sampleRecord } from './testing';

/** Runs in Chromium: real IndexedDB. */
describe('ResultStore', () => {
  const name = `paramscope-test-${Math.random()}`;
  afterEach(async () => {
    const store = await ResultStore.open(name);
    await store.clear();
    store.close();
  });

  it('keeps records across connections, oldest first', async () => {
    const first = await ResultStore.open(name);
    await first.add(sampleRecord({ model: 'gpt2-3m' }));
    await first.add(sampleRecord({ model: 'gpt2-7m' }));
    first.close();
    const second = await ResultStore.open(name);
    expect((await second.all()).map((r) => r.model)).toEqual(['gpt2-3m', 'gpt2-7m']);
    second.close();
  });

  it('refuses a record that breaks the schema', async () => {
    const store = await ResultStore.open(name);
    await expect(store.add(sampleRecord({ loadMs: -1 }))).rejects.toThrow();
    expect(await store.all()).toEqual([]);
    store.close();
  });
});
