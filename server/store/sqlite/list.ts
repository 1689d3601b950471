// get and list: the latest live row of each key, now or as of an older revision that compaction has kept.
import { CompactedError, FutureRevisionError, type ListOptions, type ListResult, type StoredValue } from '../store.js';
import { liveRow, prefixEnd, toStored, type SqliteLog } from './log.js';

export function get(log: SqliteLog, key: string): StoredValue | null {
  const row = liveRow(log, key);
  return row ? toStored(row) : null;
}

export function list(log: SqliteLog, prefix: string, options: ListOptions = {}): ListResult {
  const revision = options.revision ?? log.revision;
  if (revision < log.compacted) throw new CompactedError(revision, log.compacted);
  if (revision > log.revision) throw new FutureRevisionError(revision, log.revision);
  const limit = options.limit && options.limit > 0 ? options.limit : -1;
  const rows = log.sql.listAt.all({
    from: prefix,
    after: options.startAfter ?? '',
    to: prefixEnd(prefix),
    revision,
    // One more than asked for tells whether more follow.
    limit: limit === -1 ? -1 : limit + 1,
  });
  const more = limit !== -1 && rows.length > limit;
  return { items: (more ? rows.slice(0, limit) : rows).map(toStored), revision, more };
}
