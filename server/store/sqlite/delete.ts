// delete: append a tombstone carrying the last value, so watchers replaying history see what was deleted.
import { KeyNotFoundError, RevisionConflictError, type StoredValue } from '../store.js';
import { append, committed, liveRow, toStored, type SqliteLog } from './log.js';

export function deleteKey(
  log: SqliteLog,
  key: string,
  expectedRevision?: number,
): { revision: number; prev: StoredValue } {
  const { event, prev } = log.db
    .transaction(() => {
      const current = liveRow(log, key);
      if (!current) throw new KeyNotFoundError(key);
      if (expectedRevision !== undefined && current.id !== expectedRevision) {
        throw new RevisionConflictError(key, expectedRevision, current.id);
      }
      const event = append(log, { key, value: current.value, created: false, deleted: true, prev: current });
      return { event, prev: toStored(current) };
    })
    .immediate();
  return { revision: committed(log, event), prev };
}
