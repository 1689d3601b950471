// DELETE one object, as upstream's graceful deletion: preconditions (uid, resourceVersion); propagationPolicy
// Foreground/Orphan recorded as the finalizers the garbage collector acts on; objects with finalizers, and pods on a
// node with a grace period, are only marked (deletionTimestamp) and answered 200 with their new state.
import type { KubeObject } from '../../api/meta.js';
import { mediaType, parseDocument } from '../http/body.js';
import { errors } from '../status.js';
import { isDryRun, isObject, objectNamespace, typeMeta, type RestContext, type RestResult } from './context.js';
import { removeObject } from './finalize.js';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  /** ["All"] for a dry run: kubectl puts it here rather than in the query. */
  dryRun?: string[];
}

export async function del(ctx: RestContext): Promise<RestResult> {
  const options = await deleteOptions(ctx);
  const current = await ctx.store.get(objectNamespace(ctx), ctx.request.name!);
  const deleted = await deleteObject(ctx, current, options);
  return { code: 200, body: { ...deleted, ...typeMeta(ctx.info) } };
}

/** Deletes or marks one object; shared by DELETE, deletecollection and eviction. */
export async function deleteObject(ctx: RestContext, current: KubeObject, options: DeleteOptions): Promise<KubeObject> {
  const { uid, resourceVersion } = options.preconditions ?? {};
  const name = current.metadata.name!;
  if (uid && uid !== current.metadata.uid) {
    throw errors.conflict(
      ctx.info.resource,
      ctx.info.group,
      name,
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid}`,
    );
  }
  if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) {
    throw errors.conflict(
      ctx.info.resource,
      ctx.info.group,
      name,
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
    );
  }
  const marked = markForDeletion(ctx, structuredClone(current), options);
  if (isDryRun(ctx.query) || options.dryRun?.includes('All')) return marked ?? current;
  if (marked) return ctx.store.update(marked, Number(current.metadata.resourceVersion));
  return removeObject(ctx, current);
}

/** The object with deletionTimestamp and finalizers set when it must wait, or null when it can go now. */
function markForDeletion(ctx: RestContext, object: KubeObject, options: DeleteOptions): KubeObject | null {
  const metadata = object.metadata;
  const finalizers = new Set(metadata.finalizers ?? []);
  if (options.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
  if (options.propagationPolicy === 'Orphan') finalizers.add('orphan');
  if (ctx.info.resource === 'namespaces') {
    object.status = { ...(object.status as object), phase: 'Terminating' };
  }
  const spec = object.spec as
    { nodeName?: string; terminationGracePeriodSeconds?: number; finalizers?: string[] } | undefined;
  const namespaceFinalizers = ctx.info.resource === 'namespaces' ? (spec?.finalizers ?? []) : [];
  const grace =
    ctx.info.resource === 'pods' && spec?.nodeName
      ? (options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30)
      : 0;
  if (finalizers.size === 0 && namespaceFinalizers.length === 0 && grace <= 0) return null;
  if (!metadata.deletionTimestamp || (grace > 0 && grace < (metadata.deletionGracePeriodSeconds ?? Infinity))) {
    metadata.deletionTimestamp = new Date(ctx.now().getTime() + grace * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    metadata.deletionGracePeriodSeconds = grace;
  }
  metadata.finalizers = finalizers.size ? [...finalizers] : undefined;
  if (!metadata.finalizers) delete metadata.finalizers;
  return object;
}

/** DeleteOptions from the body (kubectl sends one) and the query (client-node and curl users send these). */
export async function deleteOptions(ctx: RestContext): Promise<DeleteOptions> {
  const text = await ctx.body();
  const body = text.trim() ? parseDocument(text, mediaType(ctx.req.headers['content-type'])) : {};
  if (!isObject(body)) throw errors.badRequest('DeleteOptions must be a JSON object');
  const options = body as DeleteOptions;
  const grace = ctx.query.get('gracePeriodSeconds');
  if (grace !== null) options.gracePeriodSeconds = Number(grace);
  const policy = ctx.query.get('propagationPolicy');
  if (policy) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  if (
    options.gracePeriodSeconds !== undefined &&
    !(Number.isInteger(options.gracePeriodSeconds) && options.gracePeriodSeconds >= 0)
  ) {
    throw errors.badRequest('gracePeriodSeconds must be a non-negative integer');
  }
  if (options.propagationPolicy && !['Foreground', 'Background', 'Orphan'].includes(options.propagationPolicy)) {
    throw errors.badRequest(
      `propagationPolicy must be Foreground, Background or Orphan, not "${options.propagationPolicy}"`,
    );
  }
  return options;
}
