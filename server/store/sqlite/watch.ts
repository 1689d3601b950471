// watch: replay the rows after a revision, then stream new writes. Both happen in one synchronous step (the
// database is only written from this process), so no write can fall between replay and subscription.
import { CompactedError, type StoreEvent, type Watcher, type WatchOptions } from '../store.js';
import { prefixEnd, toEvent, type SqliteLog } from './log.js';

export function watch(
  log: SqliteLog,
  prefix: string,
  listener: (event: StoreEvent) => void,
  options: WatchOptions = {},
): Watcher {
  const after = options.afterRevision || log.revision;
  if (after < log.compacted) throw new CompactedError(after, log.compacted);
  const replay = log.sql.after.all({ from: prefix, to: prefixEnd(prefix), revision: after }).map(toEvent);
  return log.fanOut.subscribe(prefix, after, replay, listener, options.onDropped);
}
