// The SQLite schema, after k3s's kine (pkg/drivers/sqlite/sqlite.go): one append-only table where every write is a
// row, its id is the revision (the object's resourceVersion), the latest row of a key is its current value, and a
// delete is a row with deleted=1 (a tombstone). A second table remembers the compacted revision.
import Database from 'better-sqlite3';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kine (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- the revision of this write
    name TEXT NOT NULL,                    -- the key
    created INTEGER NOT NULL,              -- 1: this write created the key
    deleted INTEGER NOT NULL,              -- 1: a tombstone, value is the last value before the delete
    prev_revision INTEGER NOT NULL,        -- the row this write replaced (0: none)
    value TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS kine_name_index ON kine (name);
  CREATE INDEX IF NOT EXISTS kine_name_id_index ON kine (name, id);
  CREATE INDEX IF NOT EXISTS kine_prev_revision_index ON kine (prev_revision);
  -- Two writes that build on the same previous row conflict (kine's optimistic-concurrency guard).
  CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev_revision_uindex ON kine (name, prev_revision);
  CREATE TABLE IF NOT EXISTS kine_meta (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  );
`;

/** Opens (creating if needed) the store database at `path` (':memory:' works too), in WAL mode as kine does. */
export function openDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 30000');
  db.exec(SCHEMA);
  return db;
}
