/**
 * Results kept in the browser's IndexedDB, so a reload keeps the history. Through `idb`, a
 * small promise wrapper, rather than IndexedDB's event API by hand.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { type ResultRecord, resultRecordSchema } from './result';

interface ResultsDb extends DBSchema {
  results: { key: number; value: ResultRecord };
}

export const RESULTS_DB = 'paramscope';

/**
 * The database of a named store (`<ps-bench store>`): `paramscope:<name>`, one per name, so
 * two benches on a page keep apart. '' is the page-wide `paramscope` that every bench shared
 * before stores had names: a page that names none keeps its history.
 */
export function resultsDbName(store: string): string {
  return store === '' ? RESULTS_DB : `${RESULTS_DB}:${store}`;
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

  async add(record: ResultRecord): Promise<void> {
    await this.db.add('results', resultRecordSchema.parse(record));
  }

  /** Every record, oldest first. Records that no longer match the schema are skipped. */
  async all(): Promise<ResultRecord[]> {
    const stored = await this.db.getAll('results');
    return stored.flatMap((value) => {
      const parsed = resultRecordSchema.safeParse(value);
      return parsed.success ? [parsed.data] : [];
    });
  }

  async clear(): Promise<void> {
    await this.db.clear('results');
  }

  close(): void {
    this.db.close();
  }
}
