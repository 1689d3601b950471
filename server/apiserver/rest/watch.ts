// WATCH a collection: newline-delimited JSON events, flushed one by one (upstream's watch handler). Without a
// resourceVersion (or with 0) the current objects come first as ADDED; with one, only what happened after it (once
// the store has reached it: a revision it does not reach within 3 s is a 504, as upstream); below the compacted
// revision, one ERROR event carrying 410 Expired. sendInitialEvents (watch-list) asks for the current objects
// whatever the resourceVersion, ended by a bookmark. Selectors turn "starts/stops matching" into ADDED/DELETED.
// Bookmarks when asked; the watch ends after timeoutSeconds (or 30-60 minutes), or when the client falls too far
// behind (WatchStream). Each event is decoded and encoded once for this watch.
import type { KubeObject, WatchEvent, WatchEventType } from '../../api/meta.js';
import type { StoreEvent, Watcher } from '../../store/store.js';
import { WatchStream } from '../http/watch-stream.js';
import { decode } from '../registry/resource-store.js';
import { tableFor } from '../tables/index.js';
import { ApiError } from '../status.js';
import { awaitRevision, listOptions } from './list-options.js';
import { rendering } from './output.js';
import { objectNamespace, typeMeta, type RestContext } from './context.js';

const BOOKMARK_EVERY_MS = 60_000;
/** The longest delay a Node timer takes; a longer timeoutSeconds would otherwise fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** The annotation on the bookmark that ends a watch-list's initial events (KEP-3157). */
const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

export async function watch(ctx: RestContext): Promise<void> {
  const options = listOptions(ctx);
  const how = rendering(ctx.req.headers.accept, ctx.query);
  const meta = typeMeta(ctx.info);
  const named = ctx.request.name;
  const matches = (object: KubeObject) =>
    options.matches(object) && (named === undefined || object.metadata.name === named);
  // Before any header: a revision the store never reaches is answered as a plain 504 Status, as upstream.
  if (options.resourceVersion) await awaitRevision(ctx.store, options.resourceVersion);

  const stream = new WatchStream(ctx.res);
  let tableHeadersSent = false;
  const encode = (type: WatchEventType, object: KubeObject): string => {
    const full = { ...object, ...meta };
    let body: unknown = full;
    if (how.as === 'table' && type !== 'BOOKMARK' && type !== 'ERROR') {
      body = tableFor(ctx.info.resource, [full], {
        now: ctx.now(),
        includeObject: how.includeObject,
        noHeaders: tableHeadersSent,
      });
      tableHeadersSent = true;
    }
    return JSON.stringify({ type, object: body } satisfies WatchEvent<unknown>) + '\n';
  };

  // Events that arrive while the initial state is being sent wait here, in order.
  const pending: StoreEvent[] = [];
  let live = false;
  let lastRevision = 0;
  let watcher: Watcher | undefined;
  let done = false;
  let finish = () => {};
  const send = (event: StoreEvent) => {
    if (!live) {
      pending.push(event);
      return;
    }
    lastRevision = event.revision;
    const change = observe(event, matches, options.filtered || named !== undefined);
    if (change && !stream.write(encode(change.type, change.object))) finish();
  };
  const bookmark = (annotations?: Record<string, string>) =>
    encode('BOOKMARK', {
      ...meta,
      metadata: { resourceVersion: String(lastRevision), ...(annotations && { annotations }) },
    });

  const ended = new Promise<void>((resolve) => {
    const timeoutMs = Math.min((options.timeoutSeconds ?? 1800 + Math.random() * 1800) * 1000, MAX_TIMER_MS);
    const timeout = setTimeout(() => {
      if (options.allowBookmarks) stream.write(bookmark());
      finish();
    }, timeoutMs);
    const bookmarks = setInterval(() => {
      if (options.allowBookmarks && live && !stream.write(bookmark())) finish();
    }, BOOKMARK_EVERY_MS);
    finish = () => {
      done = true;
      watcher?.close();
      clearInterval(bookmarks);
      clearTimeout(timeout);
      stream.end();
      resolve();
    };
    ctx.req.on('close', finish);
    ctx.res.on('close', finish);
    ctx.res.on('finish', finish);
  });

  async function startWatch() {
    const namespace = objectNamespace(ctx);
    let from = options.resourceVersion || undefined;
    const initial: KubeObject[] = [];
    if (options.sendInitialEvents ?? !from) {
      // The current state first, as synthetic ADDED events.
      const page = await ctx.store.list(namespace);
      initial.push(...page.items.filter(matches));
      from = page.revision;
    }
    from ??= await ctx.store.currentRevision();
    watcher = await ctx.store.watch(namespace, from, send, finish);
    // The client may have gone while the store was answering.
    if (done) return watcher.close();
    stream.start();
    lastRevision = from;
    for (const object of initial) if (!stream.write(encode('ADDED', object))) return finish();
    if (options.sendInitialEvents && options.allowBookmarks) stream.write(bookmark({ [INITIAL_EVENTS_END]: 'true' }));
    live = true;
    for (const event of pending.splice(0)) send(event);
  }

  try {
    await startWatch();
  } catch (error) {
    if (!(error instanceof ApiError)) {
      finish();
      throw error;
    }
    // Past authorization and a valid resourceVersion, a failure to start is an ERROR event (410 Expired), as upstream.
    stream.start();
    stream.write(JSON.stringify({ type: 'ERROR', object: error.toStatus() }) + '\n');
    finish();
  }
  await ended;
}

/**
 * What this watcher sees of a change (ADDED/MODIFIED/DELETED and the object), or null when it concerns no object
 * it selects. The previous value is decoded only when a selector could have excluded it.
 */
function observe(
  event: StoreEvent,
  matches: (object: KubeObject) => boolean,
  filtered: boolean,
): { type: WatchEventType; object: KubeObject } | null {
  const object = decode(event);
  const now = matches(object);
  if (event.type === 'create') return now ? { type: 'ADDED', object } : null;
  if (event.type === 'delete') return now ? { type: 'DELETED', object } : null;
  const before =
    event.prevValue !== undefined &&
    (!filtered || matches(decode({ value: event.prevValue, revision: event.revision })));
  if (before && now) return { type: 'MODIFIED', object };
  if (now) return { type: 'ADDED', object };
  return before ? { type: 'DELETED', object } : null;
}
