// ControllerRevisions, as upstream's pkg/controller/history: the StatefulSet and DaemonSet controllers record each
// pod template they have run as an immutable, numbered snapshot, so a rolling update knows which pods are old and
// `kubectl rollout undo` can go back.
import type { KubeObject } from '../../api/meta.js';
import type { PodTemplateSpec } from '../../api/types/core.js';
import {
  COMMON_RESOURCES,
  isAlreadyExists,
  isNotFound,
  type ResourceClient,
  type SharedInformerFactory,
} from '../../client/index.js';
import { podTemplateHash } from '../deployment/revisions.js';
import { getControllerOf, newControllerRef, type OwnerKind } from './owner-refs.js';

/** The label naming a pod's ControllerRevision: the template hash for daemon pods, the revision name for stateful. */
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

/** apps/v1 ControllerRevision: an immutable snapshot of a pod template, numbered in the order it was first used. */
export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision: number;
}

/** The shared informer of ControllerRevisions, typed (the client's common types know them only as objects). */
export function controllerRevisionInformer(informers: SharedInformerFactory) {
  return informers.forResource<ControllerRevision>(COMMON_RESOURCES.controllerrevisions);
}

export interface RevisionOptions {
  client: ResourceClient<KubeObject>;
  owner: KubeObject;
  ownerKind: OwnerKind;
  template: PodTemplateSpec;
  /** ControllerRevisions in the owner's namespace (the owner's own are picked by controllerRef). */
  revisions: ControllerRevision[];
  /** Names of the revisions pods still run: never deleted. */
  inUse: (hash: string, name: string) => boolean;
  /** spec.revisionHistoryLimit: how many unused old revisions to keep. */
  limit: number;
}

/**
 * Records `template` as a ControllerRevision `<owner>-<hash>` numbered one above the newest unless it exists, and
 * deletes the oldest unused ones beyond `limit` (upstream's constructHistory and cleanupHistory). Returns the hash
 * and the revision's name.
 */
export async function syncRevisions(o: RevisionOptions): Promise<{ hash: string; name: string }> {
  const hash = podTemplateHash(o.template);
  const name = `${o.owner.metadata.name ?? ''}-${hash}`;
  const mine = o.revisions
    .filter((cr) => getControllerOf(cr)?.uid === o.owner.metadata.uid)
    .sort((a, b) => a.revision - b.revision);
  if (!mine.some((cr) => cr.metadata.name === name)) {
    const revision: ControllerRevision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: o.owner.metadata.namespace,
        labels: { ...(o.template.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH]: hash },
        ownerReferences: [newControllerRef(o.owner, o.ownerKind)],
      },
      data: { spec: { template: { ...o.template, $patch: 'replace' } } },
      revision: (mine.at(-1)?.revision ?? 0) + 1,
    };
    await o.client.create(revision).catch((error: unknown) => {
      if (!isAlreadyExists(error)) throw error;
    });
  }
  const unused = mine.filter((cr) => {
    const crHash = cr.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? '';
    return cr.metadata.name !== name && !o.inUse(crHash, cr.metadata.name ?? '');
  });
  for (const cr of unused.slice(0, Math.max(0, unused.length - o.limit)))
    await o.client.delete(cr.metadata.name ?? '').catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  return { hash, name };
}
