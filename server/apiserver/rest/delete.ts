// DELETE one object, as upstream's graceful deletion: preconditions (uid, resourceVersion); propagationPolicy
// Foreground/Orphan recorded as the finalizers the garbage collector acts on; objects with finalizers, and those
// their strategy gives a grace period or makes wait (pods on a node, namespaces), are only marked
// (deletionTimestamp) and answered 200 with their new state.
import type { KubeObject } from '../../api/meta.js';
import { rfc3339 } from '../../api/time.js';
import { strategyFor } from '../registry/strategies.js';
import { errors } from '../status.js';
import { isDryRun, objectNamespace, typeMeta, type RestContext, type RestResult } from './context.js';
import { deleteOptions, type DeleteOptions } from './delete-options.js';
import { removeObject } from './finalize.js';

export type { DeleteOptions } from './delete-options.js';

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
  const plan = strategyFor(ctx.info).prepareForDelete?.(object, options) ?? { gracePeriodSeconds: 0, waits: false };
  const grace = plan.gracePeriodSeconds;
  if (finalizers.size === 0 && !plan.waits && grace <= 0) return null;
  if (!metadata.deletionTimestamp || (grace > 0 && grace < (metadata.deletionGracePeriodSeconds ?? Infinity))) {
    metadata.deletionTimestamp = rfc3339(ctx.now().getTime() + grace * 1000);
    metadata.deletionGracePeriodSeconds = grace;
  }
  metadata.finalizers = finalizers.size ? [...finalizers] : undefined;
  if (!metadata.finalizers) delete metadata.finalizers;
  return object;
}
