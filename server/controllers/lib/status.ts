// Writing a controller's view of an object to its status subresource, the same way in every controller.
import type { KubeObject } from '../../api/meta.js';
import { isConflict, isNotFound, type ResourceClient } from '../../client/index.js';

/**
 * Writes `status` through the status subresource when it differs from what the object has; on a conflict, once
 * more over a fresh read (the next sync corrects anything still stale); an object that is gone needs no status.
 * With `merge`, the fields of `status` are laid over the object's current status instead of replacing it.
 */
export async function writeStatus<T extends KubeObject>(
  client: ResourceClient<T>,
  object: T,
  status: object,
  options: { merge?: boolean } = {},
): Promise<void> {
  const next = (current: T) =>
    options.merge ? { ...((current.status as object | undefined) ?? {}), ...status } : status;
  if (JSON.stringify(next(object)) === JSON.stringify(object.status ?? {})) return;
  try {
    await client.updateStatus({ ...object, status: next(object) });
  } catch (error) {
    if (isNotFound(error)) return;
    if (!isConflict(error)) throw error;
    const fresh = await client.get(object.metadata.name ?? '');
    await client.updateStatus({ ...fresh, status: next(fresh) });
  }
}
