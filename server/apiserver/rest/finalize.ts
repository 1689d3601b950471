// Objects being deleted wait for their finalizers (and pods for their kubelet); once the last finalizer is
// removed, the object goes.
import type { KubeObject } from '../../api/meta.js';
import { releaseServiceAddresses } from './service-addresses.js';
import type { RestContext } from './context.js';

/** Deletes an object marked for deletion whose finalizers are all gone; returns what the client should see. */
export async function finishIfFinalized(ctx: RestContext, object: KubeObject): Promise<KubeObject> {
  const { deletionTimestamp, finalizers } = object.metadata;
  if (!deletionTimestamp || (finalizers?.length ?? 0) > 0) return object;
  // A namespace also waits for its own finalizers (spec.finalizers), which the namespace controller removes once
  // everything in it is gone.
  if (
    ctx.info.resource === 'namespaces' &&
    ((object.spec as { finalizers?: string[] } | undefined)?.finalizers?.length ?? 0) > 0
  ) {
    return object;
  }
  // A pod bound to a node also waits for its kubelet, which ends it with a delete of grace period 0.
  if (ctx.info.resource === 'pods' && (object.spec as { nodeName?: string } | undefined)?.nodeName) return object;
  return removeObject(ctx, object);
}

/** The last step of every delete: out of the store, and what the object held (Service addresses) released. */
export async function removeObject(ctx: RestContext, object: KubeObject): Promise<KubeObject> {
  const removed = await ctx.store.delete(
    object.metadata.namespace,
    object.metadata.name!,
    Number(object.metadata.resourceVersion),
  );
  if (ctx.info.resource === 'services') await releaseServiceAddresses(ctx.raw, removed);
  return removed;
}
