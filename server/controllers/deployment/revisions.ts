// Revisions and template hashes, as upstream's pkg/controller/deployment/util/deployment_util.go: every ReplicaSet
// of a Deployment carries the revision it was last the new ReplicaSet at, and a pod-template-hash label that keeps
// its pods apart from the other ReplicaSets'.
import type { Deployment, ReplicaSet } from '../../api/types/apps.js';
import type { PodTemplateSpec } from '../../api/types/core.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/**
 * JSON with object keys sorted, so equal values print equally. A null field counts as absent, as it decodes in Go:
 * the template `kubectl rollout undo` copies from a ReplicaSet carries `creationTimestamp: null`.
 */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter(
        (k) => (value as Record<string, unknown>)[k] !== undefined && (value as Record<string, unknown>)[k] !== null,
      )
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** A stable hash of a template (FNV-1a over its sorted JSON, plus collisionCount), in upstream's safe alphabet. */
export function podTemplateHash(template: PodTemplateSpec, collisionCount?: number): string {
  let hash = 0x811c9dc5;
  const text = stableStringify(template) + (collisionCount ? String(collisionCount) : '');
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  let out = '';
  for (const digit of hash.toString(10)) out += SAFE[Number(digit)];
  return out;
}

/** The template without the pod-template-hash label, as printed for comparison. */
function withoutHash(template: PodTemplateSpec): string {
  const copy = structuredClone(template);
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  return stableStringify(copy);
}

/** Whether two templates are the same but for pod-template-hash (EqualIgnoreHash): how `rollout undo` finds its RS. */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return withoutHash(a) === withoutHash(b);
}

/** The revision a ReplicaSet (or Deployment) carries; 0 when it has none. */
export function revisionOf(object: ReplicaSet | Deployment): number {
  const value = Number(object.metadata.annotations?.[REVISION] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

/** The highest revision among `replicaSets` (MaxRevision). */
export function maxRevision(replicaSets: ReplicaSet[]): number {
  return Math.max(0, ...replicaSets.map(revisionOf));
}

/**
 * Sets the new ReplicaSet's annotations from the Deployment (SetNewReplicaSetAnnotations): revision raised to
 * `newRevision` (the old one moved into revision-history), change-cause copied. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  const before = JSON.stringify(annotations);
  const cause = d.metadata.annotations?.[CHANGE_CAUSE];
  if (cause !== undefined) annotations[CHANGE_CAUSE] = cause;
  const old = revisionOf(rs);
  if (old < newRevision) {
    if (old > 0) {
      const history = annotations[REVISION_HISTORY];
      annotations[REVISION_HISTORY] = history ? `${history},${old}` : String(old);
    }
    annotations[REVISION] = String(newRevision);
  }
  return JSON.stringify(annotations) !== before;
}

/** Sets desired-replicas and max-replicas, which tell a later sync whether the Deployment was scaled. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  const changed = annotations[DESIRED_REPLICAS] !== String(desired) || annotations[MAX_REPLICAS] !== String(max);
  annotations[DESIRED_REPLICAS] = String(desired);
  annotations[MAX_REPLICAS] = String(max);
  return changed;
}
