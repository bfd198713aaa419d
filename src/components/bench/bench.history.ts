/**
 * The results a <ps-bench> keeps: in memory for the page, and in IndexedDB (ResultStore) for
 * later visits. Memory is what the element shows: a record is there before it is written, so a
 * store that cannot open or write (private browsing, a full quota) costs the reload, never a
 * result on the page, and the element says so instead of failing silently.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ResultRecord } from '../../bench/result';
import { ResultStore, resultsDbName } from '../../bench/storage';

/** What the history tells its element. */
export interface HistoryHooks {
  /** The records were replaced from the store (restored, store switched, cleared). */
  onRestored(records: readonly ResultRecord[]): void;
  /** The store failed: `message` is the notice to show; results stay in memory. */
  onProblem(message: string, error: unknown): void;
}

const NOT_KEPT = 'Results will not survive a reload';

export class ResultHistory implements ReactiveController {
  /** Every record, oldest first: those restored from the store, then this page's. */
  records: readonly ResultRecord[] = [];
  /** Why results will not survive a reload; empty while the store works. */
  problem = '';
  private store: ResultStore | null = null;
  /** The store name the open connection (or the one opening) is for; null when closed. */
  private openFor: string | null = null;
  /** Records the store holds, or that a write put there: the others are written on open. */
  private readonly persisted = new WeakSet<ResultRecord>();

  /** `storeName` is read on connection and by `follow`: '' names the page-wide store. */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly storeName: () => string,
    private readonly hooks: HistoryHooks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.open();
  }

  hostDisconnected(): void {
    this.close();
  }

  /**
   * Switches to the store `storeName` names now, if that changed while connected: its records
   * replace these, which stay in the store they came from.
   */
  follow(): void {
    if (this.openFor === null || this.openFor === this.storeName()) return;
    this.close();
    this.records = []; // they stay in their own store; what comes now belongs to the new one
    void this.open();
  }

  /** Keeps `records` (shown at once) and writes them to the store. */
  async add(records: readonly ResultRecord[]): Promise<void> {
    this.records = [...this.records, ...records];
    this.host.requestUpdate();
    // Without an open store they are written when it opens (see open).
    if (this.store) await this.write(this.store, records);
  }

  /** Empties the history here and in the store. */
  async clear(): Promise<void> {
    this.replace([]);
    try {
      await this.store?.clear();
    } catch (error) {
      const message = `Cleared on this page only: clearing IndexedDB failed (${String(error)}), so a reload brings the results back.`;
      this.fail(message, error);
    }
  }

  private async open(): Promise<void> {
    const name = this.storeName();
    this.openFor = name;
    const current = () => this.openFor === name && this.store === null;
    let store: ResultStore;
    let stored: ResultRecord[];
    try {
      store = await ResultStore.open(resultsDbName(name));
      stored = await store.all();
    } catch (error) {
      if (current()) this.fail(`${NOT_KEPT}: IndexedDB is unavailable (${String(error)}).`, error);
      return;
    }
    if (!current()) {
      store.close(); // disconnected, or switched again, while it opened
      return;
    }
    this.store = store;
    for (const record of stored) this.persisted.add(record);
    // Records made while it opened are kept after the stored ones, and written now.
    const unwritten = this.records.filter((r) => !this.persisted.has(r));
    this.replace([...stored, ...unwritten]);
    await this.write(store, unwritten);
  }

  private close(): void {
    this.store?.close();
    this.store = null;
    this.openFor = null;
    if (this.problem) {
      this.problem = '';
      this.host.requestUpdate();
    }
  }

  private async write(store: ResultStore, records: readonly ResultRecord[]): Promise<void> {
    try {
      for (const record of records) {
        await store.add(record);
        this.persisted.add(record);
      }
    } catch (error) {
      const message = `${NOT_KEPT}: saving to IndexedDB failed (${String(error)}); the results shown stay on this page.`;
      this.fail(message, error);
    }
  }

  private replace(records: readonly ResultRecord[]): void {
    this.records = records;
    this.host.requestUpdate();
    this.hooks.onRestored(records);
  }

  private fail(message: string, error: unknown): void {
    this.problem = message;
    this.host.requestUpdate();
    this.hooks.onProblem(message, error);
  }
}
