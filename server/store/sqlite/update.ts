// update: compare-and-swap, as the apiserver's etcd Txn "if mod_revision == expected then put" (kine's update.go).
import { KeyNotFoundError, RevisionConflictError } from '../store.js';
import { append, committed, liveRow, type SqliteLog } from './log.js';

export function update(log: SqliteLog, key: string, value: string, expectedRevision: number): number {
  const event = log.db
    .transaction(() => {
      const current = liveRow(log, key);
      if (!current) throw new KeyNotFoundError(key);
      if (current.id !== expectedRevision) throw new RevisionConflictError(key, expectedRevision, current.id);
      return append(log, { key, value, created: false, deleted: false, prev: current });
    })
    .immediate();
  return committed(log, event);
}
