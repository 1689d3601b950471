// The Store in plain memory, for unit tests of the components above it: the same append-only log as the SQLite
// backend (one row per write, tombstones for deletes), kept in an array, plus a map of each key's current row.
// Nothing survives the process.
import {
  CompactedError,
  FutureRevisionError,
  KeyExistsError,
  KeyNotFoundError,
  RevisionConflictError,
  type ListOptions,
  type ListResult,
  type Store,
  type StoredValue,
  type StoreEvent,
  type Watcher,
  type WatchOptions,
} from '../store.js';
import { DEFAULT_WATCH_CAPACITY, WatchFanOut } from '../watch-fan-out.js';

/** One write: a create, an update, or a delete (whose value is the last value before it). */
interface Row {
  revision: number;
  key: string;
  value: string;
  created: boolean;
  deleted: boolean;
  prevValue: string | undefined;
}

export interface MemoryStoreOptions {
  /** Undelivered live events a watcher may have before it is dropped. */
  watchCapacity?: number;
}

export class MemoryStore implements Store {
  /** Every write not yet compacted away, in revision order. */
  private log: Row[] = [];
  /** The current (non-deleted) row of each key. */
  private readonly current = new Map<string, Row>();
  private revision = 0;
  private compacted = 0;
  private readonly fanOut: WatchFanOut;

  constructor(options: MemoryStoreOptions = {}) {
    this.fanOut = new WatchFanOut(options.watchCapacity ?? DEFAULT_WATCH_CAPACITY);
  }

  async get(key: string): Promise<StoredValue | null> {
    const row = this.current.get(key);
    return row ? stored(row) : null;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const at = options.revision ?? this.revision;
    this.checkReadable(at);
    const rows = at === this.revision ? [...this.current.values()] : this.rowsAt(at);
    const items = rows
      .filter((row) => row.key.startsWith(prefix) && (options.startAfter === undefined || row.key > options.startAfter))
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map(stored);
    const limit = options.limit && options.limit > 0 ? options.limit : items.length;
    return { items: items.slice(0, limit), revision: at, more: items.length > limit };
  }

  async create(key: string, value: string): Promise<number> {
    if (this.current.has(key)) throw new KeyExistsError(key);
    return this.append({ key, value, created: true, deleted: false, prevValue: undefined });
  }

  async update(key: string, value: string, expectedRevision: number): Promise<number> {
    const row = this.currentAt(key, expectedRevision);
    return this.append({ key, value, created: false, deleted: false, prevValue: row.value });
  }

  async delete(key: string, expectedRevision?: number): Promise<{ revision: number; prev: StoredValue }> {
    const row = this.currentAt(key, expectedRevision);
    const revision = this.append({ key, value: row.value, created: false, deleted: true, prevValue: row.value });
    return { revision, prev: stored(row) };
  }

  async watch(prefix: string, listener: (event: StoreEvent) => void, options: WatchOptions = {}): Promise<Watcher> {
    const after = options.afterRevision || this.revision;
    if (after < this.compacted) throw new CompactedError(after, this.compacted);
    const replay = this.log.filter((row) => row.revision > after && row.key.startsWith(prefix)).map(toEvent);
    return this.fanOut.subscribe(prefix, after, replay, listener, options.onDropped);
  }

  async currentRevision(): Promise<number> {
    return this.revision;
  }

  /** As kine: drops rows superseded by a later write at or below `revision`, and tombstones at or below it. */
  async compact(revision: number): Promise<void> {
    if (revision > this.revision) throw new FutureRevisionError(revision, this.revision);
    if (revision <= this.compacted) return;
    const kept = new Map<string, Row>();
    for (const row of this.log) if (row.revision <= revision) kept.set(row.key, row);
    this.log = this.log.filter((row) => row.revision > revision || (kept.get(row.key) === row && !row.deleted));
    this.compacted = revision;
  }

  async close(): Promise<void> {
    this.fanOut.closeAll();
  }

  private append(write: Omit<Row, 'revision'>): number {
    const row: Row = { ...write, revision: ++this.revision };
    this.log.push(row);
    if (row.deleted) this.current.delete(row.key);
    else this.current.set(row.key, row);
    this.fanOut.publish(toEvent(row));
    return row.revision;
  }

  /** The key's current row, checked against the revision the caller expects it to be at. */
  private currentAt(key: string, expectedRevision: number | undefined): Row {
    const row = this.current.get(key);
    if (!row) throw new KeyNotFoundError(key);
    if (expectedRevision !== undefined && row.revision !== expectedRevision) {
      throw new RevisionConflictError(key, expectedRevision, row.revision);
    }
    return row;
  }

  /** Each key's latest row at `revision`, without the deleted ones. */
  private rowsAt(revision: number): Row[] {
    const latest = new Map<string, Row>();
    for (const row of this.log) if (row.revision <= revision) latest.set(row.key, row);
    return [...latest.values()].filter((row) => !row.deleted);
  }

  private checkReadable(revision: number): void {
    if (revision < this.compacted) throw new CompactedError(revision, this.compacted);
    if (revision > this.revision) throw new FutureRevisionError(revision, this.revision);
  }
}

function stored(row: Row): StoredValue {
  return { key: row.key, value: row.value, revision: row.revision };
}

function toEvent(row: Row): StoreEvent {
  const type = row.deleted ? 'delete' : row.created ? 'create' : 'update';
  const event: StoreEvent = { type, key: row.key, value: row.value, revision: row.revision };
  if (type !== 'create') event.prevValue = row.prevValue;
  return event;
}
