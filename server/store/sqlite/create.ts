// create: append a row for a key that has no live row (a key whose latest row is a tombstone can be created again).
import { KeyExistsError } from '../store.js';
import { append, committed, type SqliteLog } from './log.js';

export function create(log: SqliteLog, key: string, value: string): number {
  const event = log.db
    .transaction(() => {
      const latest = log.sql.latest.get(key);
      if (latest && latest.deleted === 0) throw new KeyExistsError(key);
      return append(log, { key, value, created: true, deleted: false, prev: latest });
    })
    .immediate();
  return committed(log, event);
}
