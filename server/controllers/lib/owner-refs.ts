// Controller ownerReferences, as upstream's ControllerRefManager (pkg/controller/controller_ref_manager.go): an
// object has at most one controller; a controller adopts orphans its selector matches and releases the objects it
// owns that its selector no longer matches. Adoption and release are JSON patches guarded by the object's uid.
import type { Selector } from '../../api/labels.js';
import { matchesSelector } from '../../api/labels.js';
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import { isNotFound, type Patch } from '../../client/index.js';

/** The ownerReference marked `controller: true`, if any (metav1.GetControllerOf). */
export function getControllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

/**
 * The key ("namespace/name") of the `kind` object controlling `object`, if the owners' informer still holds that
 * very object (same uid): upstream's resolveControllerRef. An owner deleted and recreated under the same name is
 * not the owner.
 */
export function resolveControllerRef(
  object: KubeObject,
  kind: string,
  owners: { get(key: string): KubeObject | undefined },
): string | undefined {
  const ref = getControllerOf(object);
  if (ref?.kind !== kind) return undefined;
  const key = `${object.metadata.namespace ?? ''}/${ref.name}`;
  return owners.get(key)?.metadata.uid === ref.uid ? key : undefined;
}

/** The kind of an owner; passed explicitly because objects read from a list carry no apiVersion/kind. */
export interface OwnerKind {
  apiVersion: string;
  kind: string;
}

/** The ownerReference an owner puts on what it controls: controller and blockOwnerDeletion true. */
export function newControllerRef(owner: KubeObject, ownerKind: OwnerKind): OwnerReference {
  const { name = '', uid = '' } = owner.metadata;
  return { ...ownerKind, name, uid, controller: true, blockOwnerDeletion: true };
}

/** What claiming needs of a resource client: patch by name. */
export interface Patcher {
  patch(name: string, patch: Patch): Promise<unknown>;
}

export interface ClaimOptions<T extends KubeObject> {
  owner: KubeObject;
  ownerKind: OwnerKind;
  selector: Selector;
  /** Patches the claimed objects (bound to the owner's namespace). */
  client: Patcher;
  /**
   * Called once before the first adoption: throws if the owner may not adopt (it was deleted or replaced since the
   * cache was read), as upstream's RecheckDeletionTimestamp with an uncached GET.
   */
  canAdopt?: () => Promise<void>;
  objects: T[];
}

/**
 * The objects `owner` controls after adopting matching orphans and releasing owned objects that stopped matching
 * (ClaimObjects). Objects controlled by someone else are never touched; an owner being deleted adopts nothing.
 */
export async function claimObjects<T extends KubeObject>(options: ClaimOptions<T>): Promise<T[]> {
  const { owner, ownerKind, selector, client, objects } = options;
  const claimed: T[] = [];
  let adoptChecked = false;
  for (const object of objects) {
    const ref = getControllerOf(object);
    const matches = matchesSelector(selector, object.metadata.labels);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches) claimed.push(object);
      else if (!owner.metadata.deletionTimestamp) await ignoreNotFound(release(client, owner, object));
      continue;
    }
    if (!matches || owner.metadata.deletionTimestamp || object.metadata.deletionTimestamp) continue;
    if (!adoptChecked) {
      await options.canAdopt?.();
      adoptChecked = true;
    }
    if (await ignoreNotFound(adopt(client, newControllerRef(owner, ownerKind), object))) claimed.push(object);
  }
  return claimed;
}

function adopt(client: Patcher, ref: OwnerReference, object: KubeObject): Promise<unknown> {
  const refs = [...(object.metadata.ownerReferences ?? []), ref];
  return client.patch(object.metadata.name ?? '', uidGuardedPatch(object, refs));
}

function release(client: Patcher, owner: KubeObject, object: KubeObject): Promise<unknown> {
  const refs = (object.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== owner.metadata.uid);
  return client.patch(object.metadata.name ?? '', uidGuardedPatch(object, refs));
}

function uidGuardedPatch(object: KubeObject, refs: OwnerReference[]): Patch {
  return {
    type: 'json',
    patch: [
      { op: 'test', path: '/metadata/uid', value: object.metadata.uid },
      { op: 'add', path: '/metadata/ownerReferences', value: refs },
    ],
  };
}

/** True when the write happened, false when the object was already gone; other errors propagate. */
async function ignoreNotFound(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
