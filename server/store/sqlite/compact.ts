// compact: delete history nobody may read any more and remember the compacted revision (kine's compactor).
import { FutureRevisionError } from '../store.js';
import type { SqliteLog } from './log.js';

export const COMPACT_REVISION_KEY = 'compact_rev';

export function compact(log: SqliteLog, revision: number): void {
  if (revision > log.revision) throw new FutureRevisionError(revision, log.revision);
  if (revision <= log.compacted) return;
  log.db
    .transaction(() => {
      log.sql.compact.run({ revision });
      log.sql.writeMeta.run(COMPACT_REVISION_KEY, revision);
    })
    .immediate();
  log.compacted = revision;
}
