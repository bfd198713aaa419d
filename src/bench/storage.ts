/**
 * Results kept in the browser's IndexedDB, so a reload keeps the history. Through `idb`, a
 * small promise wrapper, rather than IndexedDB's event API by hand.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { ResultRecord } from './result';

interface ResultsDb extends DBSchema {
  results: { key: number; value: ResultRecord };
}

export const RESULTS_DB = 'paramscope';

/** A stored value of this schema: `add` checked the rest when it was written. */
function isSchemaOne(value: unknown): value is ResultRecord {
  return (
    typeof value === 'object' && value !== null && (value as { schema?: unknown }).schema === 1
  );
}

export class ResultStore {
  private constructor(private readonly db: IDBPDatabase<ResultsDb>) {}

  static async open(name: string = RESULTS_DB): Promise<ResultStore> {
    const db = await openDB<ResultsDb>(name, 1, {
      upgrade(database) {
        database.createObjectStore('results', { autoIncrement: true });
      },
    });
    return new ResultStore(db);
  }

  /** Checked against the schema on the way in, so that what is read back needs no zod. */
  async add(record: ResultRecord): Promise<void> {
    const { resultRecordSchema } = await import('./result');
    await this.db.add('results', resultRecordSchema.parse(record));
  }

  /**
   * Every record, oldest first. Each was checked by `add`; one written under another schema
   * (an older or newer paramscope on this origin) is skipped. No schema library loads here:
   * this runs on every visit, before anything is asked for.
   */
  async all(): Promise<ResultRecord[]> {
    const stored: unknown[] = await this.db.getAll('results');
    return stored.filter(isSchemaOne);
  }

  async clear(): Promise<void> {
    await this.db.clear('results');
  }

  close(): void {
    this.db.close();
  }
}
