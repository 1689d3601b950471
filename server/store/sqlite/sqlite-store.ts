// The embedded default Store: one SQLite file in WAL mode, designed after k3s's kine. Each verb lives in its own
// file and works on the shared SqliteLog; this class only opens the database and hands the verbs to the Store API.
import { DEFAULT_WATCH_CAPACITY, WatchFanOut } from '../watch-fan-out.js';
import type { ListOptions, ListResult, Store, StoredValue, StoreEvent, Watcher, WatchOptions } from '../store.js';
import { compact, COMPACT_REVISION_KEY } from './compact.js';
import { create } from './create.js';
import { deleteKey } from './delete.js';
import { get, list } from './list.js';
import { prepare, type SqliteLog } from './log.js';
import { openDatabase } from './schema.js';
import { update } from './update.js';
import { watch } from './watch.js';

export interface SqliteStoreOptions {
  /** The database file (created if missing); ':memory:' for a throwaway one. */
  path: string;
  /** Undelivered live events a watcher may have before it is dropped. */
  watchCapacity?: number;
}

export class SqliteStore implements Store {
  private readonly log: SqliteLog;

  constructor(options: SqliteStoreOptions) {
    const db = openDatabase(options.path);
    const sql = prepare(db);
    this.log = {
      db,
      sql,
      fanOut: new WatchFanOut(options.watchCapacity ?? DEFAULT_WATCH_CAPACITY),
      revision: sql.lastRevision.get()?.seq ?? 0,
      compacted: sql.readMeta.get(COMPACT_REVISION_KEY)?.value ?? 0,
    };
  }

  async get(key: string): Promise<StoredValue | null> {
    return get(this.log, key);
  }

  async list(prefix: string, options?: ListOptions): Promise<ListResult> {
    return list(this.log, prefix, options);
  }

  async create(key: string, value: string): Promise<number> {
    return create(this.log, key, value);
  }

  async update(key: string, value: string, expectedRevision: number): Promise<number> {
    return update(this.log, key, value, expectedRevision);
  }

  async delete(key: string, expectedRevision?: number): Promise<{ revision: number; prev: StoredValue }> {
    return deleteKey(this.log, key, expectedRevision);
  }

  async watch(prefix: string, listener: (event: StoreEvent) => void, options?: WatchOptions): Promise<Watcher> {
    return watch(this.log, prefix, listener, options);
  }

  async currentRevision(): Promise<number> {
    return this.log.revision;
  }

  async compact(revision: number): Promise<void> {
    compact(this.log, revision);
  }

  async close(): Promise<void> {
    this.log.fanOut.closeAll();
    if (this.log.db.open) this.log.db.close();
  }
}
