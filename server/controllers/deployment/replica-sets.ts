// Finding, creating, scaling and trimming a Deployment's ReplicaSets, as upstream's deployment/sync.go.
import type { Deployment, ReplicaSet } from '../../api/types/apps.js';
import { isAlreadyExists, type Client, type EventRecorder } from '../../client/index.js';
import { newControllerRef } from '../lib/owner-refs.js';
import { resolveFenceposts, specReplicas, statusOf } from './rolling.js';
import {
  POD_TEMPLATE_HASH,
  equalIgnoreHash,
  maxRevision,
  podTemplateHash,
  revisionOf,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './revisions.js';

export const DEPLOYMENT_KIND = { apiVersion: 'apps/v1', kind: 'Deployment' };

/** The oldest ReplicaSet whose template equals the Deployment's but for the hash (FindNewReplicaSet). */
export function findNewReplicaSet(d: Deployment, all: ReplicaSet[]): ReplicaSet | undefined {
  return [...all]
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''))
    .find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** A ReplicaSet for the Deployment's template: `<deploy>-<hash>`, the hash in its labels and selector. */
export function newReplicaSetFor(d: Deployment, hash: string, replicas: number, revision: number): ReplicaSet {
  const template = structuredClone(d.spec.template);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash } };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH]: hash };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name ?? ''}-${hash}`,
      namespace: d.metadata.namespace,
      labels: { ...template.metadata.labels },
      annotations: {},
      ownerReferences: [newControllerRef(d, DEPLOYMENT_KIND)],
    },
    spec: { replicas, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
  };
  setNewReplicaSetAnnotations(d, rs, revision);
  setReplicasAnnotations(rs, d.spec.replicas ?? 1, (d.spec.replicas ?? 1) + resolveFenceposts(d).maxSurge);
  return rs;
}

/** What getNewReplicaSet found or made, and whether it was just created. */
export interface NewReplicaSet {
  rs: ReplicaSet | undefined;
  created: boolean;
  /** The revision the Deployment should carry. */
  revision: number;
}

/**
 * The new ReplicaSet with its revision raised to the new maximum (that is how `rollout undo` reuses an old one),
 * created with `replicas` if there is none and `create` is set. A name taken by another template bumps
 * collisionCount (in `status` and through deployments/status) and fails, so the next sync hashes differently.
 */
export async function getNewReplicaSet(
  client: Client,
  d: Deployment,
  oldRSs: ReplicaSet[],
  existing: ReplicaSet | undefined,
  create: { replicas: number } | undefined,
  status: { collisionCount?: number },
  events: EventRecorder,
): Promise<NewReplicaSet> {
  const revision = maxRevision(oldRSs) + 1;
  const rsClient = client.replicasets(d.metadata.namespace);
  if (existing) {
    const rs = structuredClone(existing);
    const changed = setNewReplicaSetAnnotations(d, rs, revision);
    const minReady = rs.spec.minReadySeconds !== (d.spec.minReadySeconds ?? 0);
    rs.spec.minReadySeconds = d.spec.minReadySeconds ?? 0;
    const updated = changed || minReady ? await rsClient.update(rs) : existing;
    return { rs: updated, created: false, revision: revisionOf(updated) };
  }
  if (!create) return { rs: undefined, created: false, revision };
  const hash = podTemplateHash(d.spec.template, status.collisionCount);
  try {
    const rs = await rsClient.create(newReplicaSetFor(d, hash, create.replicas, revision));
    if (create.replicas > 0)
      events.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rs.metadata.name} to ${create.replicas}`);
    return { rs, created: true, revision };
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    const other = await rsClient.get(`${d.metadata.name ?? ''}-${hash}`);
    const ours = other.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid);
    if (ours && equalIgnoreHash(other.spec.template, d.spec.template)) return { rs: other, created: false, revision };
    // As upstream: persist the bumped count, then fail so that the retry hashes with it.
    status.collisionCount = (status.collisionCount ?? 0) + 1;
    const collisionCount = status.collisionCount;
    await client
      .deployments(d.metadata.namespace)
      .updateStatus({ ...d, status: { ...d.status, collisionCount } })
      .catch(() => undefined);
    throw new Error(`replicaset name ${other.metadata.name} taken; collisionCount now ${status.collisionCount}`, {
      cause: error,
    });
  }
}

/**
 * Sets a ReplicaSet's spec.replicas and replica annotations; returns the updated object (or the same if unchanged).
 * A changed size is told on the Deployment, as upstream: "Scaled down replica set web-7d4 to 1 from 2".
 */
export async function scaleReplicaSet(
  client: Client,
  events: EventRecorder,
  d: Deployment,
  rs: ReplicaSet,
  replicas: number,
): Promise<ReplicaSet> {
  const copy = structuredClone(rs);
  const desired = d.spec.replicas ?? 1;
  const annotated = setReplicasAnnotations(copy, desired, desired + resolveFenceposts(d).maxSurge);
  const old = specReplicas(rs);
  if (old === replicas && !annotated) return rs;
  copy.spec.replicas = replicas;
  const updated = await client.replicasets(rs.metadata.namespace).update(copy);
  if (old !== replicas) {
    const direction = replicas > old ? 'up' : 'down';
    const message = `Scaled ${direction} replica set ${rs.metadata.name} to ${replicas} from ${old}`;
    events.event(d, 'Normal', 'ScalingReplicaSet', message);
  }
  return updated;
}

/** Deletes the oldest idle ReplicaSets beyond revisionHistoryLimit (cleanupDeployment). */
export async function cleanupOldReplicaSets(client: Client, d: Deployment, oldRSs: ReplicaSet[]): Promise<void> {
  const limit = d.spec.revisionHistoryLimit ?? 10;
  const idle = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort((a, b) => revisionOf(a) - revisionOf(b));
  let excess = idle.length - limit;
  for (const rs of idle) {
    if (excess <= 0) break;
    const busy = specReplicas(rs) !== 0 || statusOf(rs, 'replicas') !== 0;
    if (busy || (rs.metadata.generation ?? 0) > Number(rs.status?.observedGeneration ?? 0)) continue;
    await client.replicasets(rs.metadata.namespace).delete(rs.metadata.name ?? '');
    excess--;
  }
}
