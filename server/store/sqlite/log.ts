// The SQLite backend's shared state and its one write path: every verb appends rows through `append`, which
// publishes the committed write to the watchers. One process owns the database, so the current revision is
// kept in memory and watchers are woken in-process rather than by polling.
import type Database from 'better-sqlite3';
import type { StoredValue, StoreEvent } from '../store.js';
import type { WatchFanOut } from '../watch-fan-out.js';

/** A row of the kine table. `prev_value` is filled only by the queries that join the replaced row. */
export interface Row {
  id: number;
  name: string;
  created: number;
  deleted: number;
  prev_revision: number;
  value: string;
  prev_value?: string | null;
}

export interface SqliteLog {
  db: Database.Database;
  sql: ReturnType<typeof prepare>;
  fanOut: WatchFanOut;
  /** The revision of the latest write (kept even when compaction deleted that row). */
  revision: number;
  compacted: number;
}

/** The statements every verb uses, prepared once. Key ranges are [from, to); `to` null means no upper bound. */
export function prepare(db: Database.Database) {
  return {
    latest: db.prepare<[string], Row>('SELECT * FROM kine WHERE name = ? ORDER BY id DESC LIMIT 1'),
    insert: db.prepare<[string, number, number, number, string]>(
      'INSERT INTO kine (name, created, deleted, prev_revision, value) VALUES (?, ?, ?, ?, ?)',
    ),
    /** The latest live row of each key in the range at a revision, in key order. */
    listAt: db.prepare<{ from: string; after: string; to: string | null; revision: number; limit: number }, Row>(
      `SELECT kv.* FROM kine AS kv
         JOIN (SELECT MAX(id) AS id FROM kine
                WHERE name >= :from AND name > :after AND (:to IS NULL OR name < :to) AND id <= :revision
                GROUP BY name) AS latest ON latest.id = kv.id
        WHERE kv.deleted = 0
        ORDER BY kv.name
        LIMIT :limit`,
    ),
    /** Every write in the range after a revision, in revision order, with the value it replaced. */
    after: db.prepare<{ from: string; to: string | null; revision: number }, Row>(
      `SELECT kv.*, prev.value AS prev_value FROM kine AS kv
         LEFT JOIN kine AS prev ON prev.id = kv.prev_revision
        WHERE kv.id > :revision AND kv.name >= :from AND (:to IS NULL OR kv.name < :to)
        ORDER BY kv.id`,
    ),
    /** As kine's CompactSQL: rows replaced by a write at or below the revision, and tombstones at or below it. */
    compact: db.prepare<{ revision: number }>(
      `DELETE FROM kine WHERE id <= :revision
          AND (deleted != 0 OR id IN (SELECT prev_revision FROM kine WHERE id <= :revision))`,
    ),
    lastRevision: db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'kine'"),
    readMeta: db.prepare<[string], { value: number }>('SELECT value FROM kine_meta WHERE name = ?'),
    writeMeta: db.prepare<[string, number]>(
      'INSERT INTO kine_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    ),
  };
}

export interface Write {
  key: string;
  value: string;
  created: boolean;
  deleted: boolean;
  /** The row this write replaces; 0 when the key has no row. */
  prev: Row | undefined;
}

/** Inserts one row (call inside the verb's transaction) and returns the event to publish once it commits. */
export function append(log: SqliteLog, write: Write): StoreEvent {
  const { lastInsertRowid } = log.sql.insert.run(
    write.key,
    write.created ? 1 : 0,
    write.deleted ? 1 : 0,
    write.prev?.id ?? 0,
    write.value,
  );
  const revision = Number(lastInsertRowid);
  return toEvent({
    id: revision,
    name: write.key,
    created: write.created ? 1 : 0,
    deleted: write.deleted ? 1 : 0,
    prev_revision: write.prev?.id ?? 0,
    value: write.value,
    prev_value: write.prev?.value ?? null,
  });
}

/** Records a committed write: it is now the current revision and watchers hear of it. */
export function committed(log: SqliteLog, event: StoreEvent): number {
  log.revision = event.revision;
  log.fanOut.publish(event);
  return event.revision;
}

/** The key's current row, or undefined when it has none or its latest row is a tombstone. */
export function liveRow(log: SqliteLog, key: string): Row | undefined {
  const row = log.sql.latest.get(key);
  return row && row.deleted === 0 ? row : undefined;
}

export function toStored(row: Row): StoredValue {
  return { key: row.name, value: row.value, revision: row.id };
}

export function toEvent(row: Row): StoreEvent {
  const type = row.deleted ? 'delete' : row.created ? 'create' : 'update';
  const event: StoreEvent = { type, key: row.name, value: row.value, revision: row.id };
  if (type !== 'create' && row.prev_value != null) event.prevValue = row.prev_value;
  return event;
}

/** The smallest string above every string that starts with `prefix` (null: none, the range is open-ended). */
export function prefixEnd(prefix: string): string | null {
  if (prefix === '') return null;
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last === 0xffff) return prefixEnd(prefix.slice(0, -1));
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
