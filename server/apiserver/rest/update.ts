// UPDATE (PUT): replace an object, compare-and-swap on the resourceVersion the client read (409 when stale;
// none given means "whatever is there"). Also serves the status and finalize subresources.
import type { KubeObject } from '../../api/meta.js';
import { errors } from '../status.js';
import { prepareUpdate, recorded } from './admit.js';
import { isDryRun, objectNamespace, type RestContext, type RestResult } from './context.js';
import { decodeObject } from './decode.js';
import { finishIfFinalized } from './finalize.js';

export async function update(ctx: RestContext): Promise<RestResult> {
  const decoded = await decodeObject(ctx);
  const old = await ctx.store.get(objectNamespace(ctx), ctx.request.name!);
  const expected = decoded.metadata.resourceVersion;
  if (expected !== undefined && expected !== '' && expected !== old.metadata.resourceVersion) {
    throw errors.staleObject(ctx.info.resource, ctx.info.group, ctx.request.name!);
  }
  return { code: 200, body: await write(ctx, recorded(ctx, old, decoded), old) };
}

/** Stores `next` over `old` as an update of the resource (or of its status), unless nothing changed. */
export async function write(ctx: RestContext, next: KubeObject, old: KubeObject): Promise<KubeObject> {
  const prepared = prepareUpdate(ctx, next, old);
  prepared.metadata.resourceVersion = old.metadata.resourceVersion;
  if (JSON.stringify(prepared) === JSON.stringify(old) || isDryRun(ctx.query)) return prepared;
  const stored = await ctx.store.update(prepared, Number(old.metadata.resourceVersion));
  return finishIfFinalized(ctx, stored);
}
