// LIST a collection: one consistent snapshot (the store revision is the list's resourceVersion), filtered by
// selectors, paged with limit/continue.
import type { KubeList, KubeObject } from '../../api/meta.js';
import { awaitRevision, encodeContinue, listOptions } from './list-options.js';
import { renderList, rendering } from './output.js';
import { objectNamespace, typeMeta, type RestContext, type RestResult } from './context.js';

const PAGE_READ = 500;

export async function list(ctx: RestContext): Promise<RestResult> {
  const options = listOptions(ctx);
  const items: KubeObject[] = [];
  let startAfter = options.continueFrom?.key;
  // A list is served at the latest revision (what resourceVersion=0 and NotOlderThan both allow), once the store has
  // reached the one asked for; Exact reads that revision; a continued list reads the snapshot its first page read.
  if (options.resourceVersion && !options.continueFrom) await awaitRevision(ctx.store, options.resourceVersion);
  const exact = options.resourceVersionMatch === 'Exact' ? options.resourceVersion : undefined;
  let revision: number | undefined = options.continueFrom?.revision ?? exact;
  let more = false;
  // Read pages until `limit` matching items are found or the collection ends: selectors filter after reading.
  for (;;) {
    const page = await ctx.store.list(objectNamespace(ctx), { revision, limit: PAGE_READ, startAfter });
    revision = page.revision;
    for (const object of page.items) {
      if (!options.matches(object)) continue;
      if (options.limit !== undefined && items.length === options.limit) {
        more = true;
        break;
      }
      items.push(object);
      startAfter = keyOf(ctx, object);
    }
    if (more || !page.continueAfter) break;
    if (options.limit === undefined || items.length < options.limit) startAfter = page.continueAfter;
  }
  const { apiVersion, kind } = typeMeta(ctx.info);
  const result: KubeList = {
    apiVersion,
    kind: `${kind}List`,
    metadata: {
      resourceVersion: String(revision),
      ...(more && startAfter ? { continue: encodeContinue(startAfter, revision!) } : {}),
    },
    items: items.map((item) => ({ ...item, apiVersion, kind })),
  };
  return { code: 200, body: renderList(ctx.info, result, rendering(ctx.req.headers.accept, ctx.query), ctx.now()) };
}

function keyOf(ctx: RestContext, object: KubeObject): string {
  return ctx.store.key(object.metadata.namespace, object.metadata.name!);
}
