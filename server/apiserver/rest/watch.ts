// WATCH a collection: newline-delimited JSON events, flushed one by one (upstream's watch handler). Without a
// resourceVersion (or with 0) the current objects come first as ADDED; with one, only what happened after it;
// below the compacted revision, one ERROR event carrying 410 Expired. Selectors turn "starts/stops matching"
// into ADDED/DELETED. Bookmarks when asked; the watch ends after timeoutSeconds (or 30-60 minutes).
import type { KubeObject, WatchEvent, WatchEventType } from '../../api/meta.js';
import type { StoreEvent, Watcher } from '../../store/store.js';
import { decode } from '../registry/resource-store.js';
import { tableFor } from '../tables/index.js';
import { ApiError } from '../status.js';
import { listOptions } from './list-options.js';
import { rendering } from './output.js';
import { objectNamespace, typeMeta, type RestContext } from './context.js';

const BOOKMARK_EVERY_MS = 60_000;

export async function watch(ctx: RestContext): Promise<void> {
  const options = listOptions(ctx);
  const how = rendering(ctx.req.headers.accept, ctx.query);
  const meta = typeMeta(ctx.info);
  const matches = (object: KubeObject) =>
    options.matches(object) && (ctx.request.name === undefined || object.metadata.name === ctx.request.name);
  let headersSent = false;
  const encode = (type: WatchEventType, object: KubeObject): string => {
    const full = { ...object, ...meta };
    const body =
      how.as === 'table' && type !== 'BOOKMARK' && type !== 'ERROR'
        ? tableFor(ctx.info.resource, [full], {
            now: ctx.now(),
            includeObject: how.includeObject,
            noHeaders: headersSent,
          })
        : full;
    if (how.as === 'table' && type !== 'BOOKMARK' && type !== 'ERROR') headersSent = true;
    return JSON.stringify({ type, object: body } satisfies WatchEvent<unknown>) + '\n';
  };

  // Events that arrive while the initial state is being sent wait here, in order.
  const pending: StoreEvent[] = [];
  let live = false;
  let lastRevision = 0;
  const send = (event: StoreEvent) => {
    if (!live) {
      pending.push(event);
      return;
    }
    lastRevision = event.revision;
    const type = eventType(event, matches);
    if (type)
      ctx.res.write(
        encode(type, {
          ...decode(event),
          metadata: { ...decode(event).metadata, resourceVersion: String(event.revision) },
        }),
      );
  };

  let watcher: Watcher | undefined;
  const ended = new Promise<void>((resolve) => {
    const finish = () => {
      watcher?.close();
      clearInterval(bookmarks);
      clearTimeout(timeout);
      if (!ctx.res.writableEnded) ctx.res.end();
      resolve();
    };
    ctx.req.on('close', finish);
    const timeoutMs = (options.timeoutSeconds ?? 1800 + Math.random() * 1800) * 1000;
    const timeout = setTimeout(() => {
      if (options.allowBookmarks) ctx.res.write(bookmark());
      finish();
    }, timeoutMs);
    const bookmarks = setInterval(() => options.allowBookmarks && live && ctx.res.write(bookmark()), BOOKMARK_EVERY_MS);
    ctx.res.on('finish', finish);
    startWatch(finish).catch((error: unknown) => {
      if (error instanceof ApiError) {
        if (!ctx.res.headersSent) startStream();
        ctx.res.write(JSON.stringify({ type: 'ERROR', object: error.toStatus() }) + '\n');
        finish();
      } else {
        finish();
        throw error;
      }
    });
  });
  const bookmark = () => encode('BOOKMARK', { ...meta, metadata: { resourceVersion: String(lastRevision) } });
  // Headers go out at once: clients wait for them before they consider the watch established.
  const startStream = () => {
    ctx.res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache',
      'Transfer-Encoding': 'chunked',
    });
    ctx.res.flushHeaders();
  };

  async function startWatch(finish: () => void) {
    const namespace = objectNamespace(ctx);
    let from = options.resourceVersion;
    const initial: KubeObject[] = [];
    if (!from) {
      // No starting point (or "any"): the current state first, as synthetic ADDED events.
      const page = await ctx.store.list(namespace);
      initial.push(...page.items.filter(matches));
      from = page.revision;
    }
    watcher = await ctx.store.watch(namespace, from, send, finish);
    startStream();
    lastRevision = from;
    for (const object of initial) ctx.res.write(encode('ADDED', object));
    live = true;
    for (const event of pending.splice(0)) send(event);
  }

  await ended;
}

/** ADDED/MODIFIED/DELETED as this watcher sees the change, or null when it concerns no object it selects. */
function eventType(event: StoreEvent, matches: (object: KubeObject) => boolean): WatchEventType | null {
  const now = matches(decode(event));
  if (event.type === 'create') return now ? 'ADDED' : null;
  if (event.type === 'delete') return now ? 'DELETED' : null;
  const before = event.prevValue !== undefined && matches(decode({ value: event.prevValue, revision: event.revision }));
  if (before && now) return 'MODIFIED';
  if (now) return 'ADDED';
  return before ? 'DELETED' : null;
}
