// Objects being deleted wait for their finalizers (and, as their strategy says, for more: a namespace for its
// spec.finalizers, a pod for its kubelet); once nothing holds them, the object goes.
import type { KubeObject } from '../../api/meta.js';
import { strategyFor } from '../registry/strategies.js';
import type { RestContext } from './context.js';

/** Deletes an object marked for deletion whose finalizers are all gone; returns what the client should see. */
export async function finishIfFinalized(ctx: RestContext, object: KubeObject): Promise<KubeObject> {
  const { deletionTimestamp, finalizers } = object.metadata;
  if (!deletionTimestamp || (finalizers?.length ?? 0) > 0) return object;
  if (strategyFor(ctx.info).awaitsRemoval?.(object)) return object;
  return removeObject(ctx, object);
}

/** The last step of every delete: out of the store, and what the object held (Service addresses) released. */
export async function removeObject(ctx: RestContext, object: KubeObject): Promise<KubeObject> {
  const removed = await ctx.store.delete(
    object.metadata.namespace,
    object.metadata.name!,
    Number(object.metadata.resourceVersion),
  );
  await strategyFor(ctx.info).release?.(ctx, removed);
  return removed;
}
