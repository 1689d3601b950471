// What the API server itself sets on every object as it is created or updated, whatever the client sent: uid,
// creationTimestamp, generation (bumped only when the spec changes), and status owned by the status subresource.
// What differs by resource is in its strategy.
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/meta.js';
import { rfc3339 } from '../../api/time.js';
import type { ResourceInfo } from '../resources.js';

/** Which part of an object an update may change: all but status, only status, or only a namespace's finalizers. */
export type UpdateScope = 'main' | 'status' | 'finalize';

/** The scope of an update through `subresource` (none for the main resource). */
export function updateScope(subresource: string | undefined): UpdateScope {
  switch (subresource) {
    case 'status':
      return 'status';
    case 'finalize':
      return 'finalize';
    default:
      return 'main';
  }
}

/** Fields every object shares, set on create (upstream's FillObjectMetaSystemFields and generation 1). */
export function prepareObjectForCreate(object: KubeObject, now: Date): KubeObject {
  const metadata = { ...object.metadata };
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  metadata.uid = randomUUID();
  metadata.creationTimestamp = rfc3339(now);
  if ('spec' in object) metadata.generation = 1;
  return { ...object, metadata };
}

/**
 * Merges an update into the stored object: identity fields are kept; the main resource cannot change status and
 * the status subresource cannot change anything else; generation moves on only when the spec changed.
 */
export function prepareObjectForUpdate(
  info: ResourceInfo,
  next: KubeObject,
  old: KubeObject,
  scope: UpdateScope,
): KubeObject {
  const hasStatus = info.subresources?.some((sub) => sub.name === 'status') ?? false;
  let merged: KubeObject;
  if (scope === 'status') {
    merged = { ...old, status: next.status, metadata: { ...old.metadata } };
  } else {
    merged = { ...next, metadata: { ...next.metadata } };
    if (hasStatus) {
      if (old.status === undefined) delete merged.status;
      else merged.status = old.status;
    }
  }
  const metadata = merged.metadata;
  metadata.uid = old.metadata.uid;
  metadata.creationTimestamp = old.metadata.creationTimestamp;
  metadata.namespace = old.metadata.namespace;
  metadata.name = old.metadata.name;
  if (old.metadata.deletionTimestamp) {
    metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
  } else {
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
  }
  return merged;
}

/** Generation moves on only when the spec (everything but metadata and status) changed. */
export function bumpGeneration(merged: KubeObject, old: KubeObject): void {
  merged.metadata.generation = old.metadata.generation;
  if (old.metadata.generation !== undefined && specChanged(merged, old))
    merged.metadata.generation = old.metadata.generation + 1;
}

function specChanged(next: KubeObject, old: KubeObject): boolean {
  const spec = (object: KubeObject) => {
    const { metadata: _m, status: _s, ...rest } = object;
    return JSON.stringify(rest);
  };
  return spec(next) !== spec(old);
}
