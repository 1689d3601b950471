// Deployment status and conditions, as upstream's deployment/sync.go (calculateStatus) and progress.go
// (syncRolloutStatus): the fields `kubectl rollout status` and `kubectl get deploy` read.
import { rfc3339 } from '../../api/time.js';
import type { Deployment, ReplicaSet } from '../../api/types/apps.js';
import { resolveFenceposts, specReplicas, statusOf, sum } from './rolling.js';

export interface DeploymentCondition {
  type: 'Available' | 'Progressing' | 'ReplicaFailure';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  conditions: DeploymentCondition[];
  collisionCount?: number;
}

export const NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';
export const TIMED_OUT = 'ProgressDeadlineExceeded';

export function getCondition(status: DeploymentStatus, type: DeploymentCondition['type']) {
  return status.conditions.find((c) => c.type === type);
}

/** Sets a condition; an unchanged status and reason keep it as it was, an unchanged status keeps its transition time. */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  if (current && current.status === condition.status) condition.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...status.conditions.filter((c) => c.type !== condition.type), condition];
}

export function removeCondition(status: DeploymentStatus, type: DeploymentCondition['type']): void {
  status.conditions = status.conditions.filter((c) => c.type !== type);
}

export function newCondition(
  type: DeploymentCondition['type'],
  status: DeploymentCondition['status'],
  reason: string,
  message: string,
  now: Date,
): DeploymentCondition {
  const time = rfc3339(now);
  return { type, status, reason, message, lastUpdateTime: time, lastTransitionTime: time };
}

/** The status as last written, in our shape. */
export function currentStatus(d: Deployment): DeploymentStatus {
  const s = structuredClone(d.status ?? {}) as Partial<DeploymentStatus>;
  return {
    ...s,
    replicas: s.replicas ?? 0,
    updatedReplicas: s.updatedReplicas ?? 0,
    readyReplicas: s.readyReplicas ?? 0,
    availableReplicas: s.availableReplicas ?? 0,
    unavailableReplicas: s.unavailableReplicas ?? 0,
    conditions: s.conditions ?? [],
  };
}

/** Counts from the ReplicaSets, and the Available condition (calculateStatus). */
export function calculateStatus(
  d: Deployment,
  base: DeploymentStatus,
  all: ReplicaSet[],
  newRS: ReplicaSet | undefined,
  now: Date,
): DeploymentStatus {
  const available = sum(all.map((rs) => statusOf(rs, 'availableReplicas')));
  const status: DeploymentStatus = {
    ...base,
    observedGeneration: d.metadata.generation,
    replicas: sum(all.map((rs) => statusOf(rs, 'replicas'))),
    updatedReplicas: newRS ? statusOf(newRS, 'replicas') : 0,
    readyReplicas: sum(all.map((rs) => statusOf(rs, 'readyReplicas'))),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sum(all.map(specReplicas)) - available),
    conditions: [...base.conditions],
  };
  const minAvailable = (d.spec.replicas ?? 1) - resolveFenceposts(d).maxUnavailable;
  if (available >= minAvailable)
    setCondition(
      status,
      newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now),
    );
  else
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        'MinimumReplicasUnavailable',
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  return status;
}

/** Every pod updated and available, and the spec observed (DeploymentComplete). */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const desired = d.spec.replicas ?? 1;
  return (
    s.updatedReplicas === desired &&
    s.replicas === desired &&
    s.availableReplicas === desired &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** Something moved since the last status: more updated, ready or available pods, or fewer old ones. */
export function deploymentProgressing(old: DeploymentStatus, s: DeploymentStatus): boolean {
  return (
    s.updatedReplicas > old.updatedReplicas ||
    s.replicas - s.updatedReplicas < old.replicas - old.updatedReplicas ||
    s.readyReplicas > old.readyReplicas ||
    s.availableReplicas > old.availableReplicas
  );
}

/** Milliseconds left before progressDeadlineSeconds runs out since the last progress (DeploymentTimedOut when ≤ 0). */
export function msUntilDeadline(d: Deployment, s: DeploymentStatus, now: Date): number | undefined {
  const cond = getCondition(s, 'Progressing');
  const deadline = d.spec.progressDeadlineSeconds;
  if (!cond || deadline === undefined || cond.reason === NEW_RS_AVAILABLE || cond.reason === TIMED_OUT)
    return undefined;
  return Date.parse(cond.lastUpdateTime) + deadline * 1000 - now.getTime();
}

/** Sets Progressing as syncRolloutStatus does: available, progressing, or past its deadline. */
export function setProgressing(
  d: Deployment,
  old: DeploymentStatus,
  s: DeploymentStatus,
  newRS: ReplicaSet | undefined,
  now: Date,
): void {
  if (d.spec.progressDeadlineSeconds === undefined) return removeCondition(s, 'Progressing');
  const current = getCondition(s, 'Progressing');
  const name = newRS?.metadata.name ?? '';
  if (s.replicas === s.updatedReplicas && current?.reason === NEW_RS_AVAILABLE) return;
  if (deploymentComplete(d, s)) {
    setCondition(
      s,
      newCondition('Progressing', 'True', NEW_RS_AVAILABLE, `ReplicaSet "${name}" has successfully progressed.`, now),
    );
  } else if (deploymentProgressing(old, s)) {
    const condition = newCondition(
      'Progressing',
      'True',
      'ReplicaSetUpdated',
      `ReplicaSet "${name}" is progressing.`,
      now,
    );
    if (current?.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
    removeCondition(s, 'Progressing');
    setCondition(s, condition);
  } else if ((msUntilDeadline(d, s, now) ?? 1) <= 0) {
    setCondition(
      s,
      newCondition('Progressing', 'False', TIMED_OUT, `ReplicaSet "${name}" has timed out progressing.`, now),
    );
  }
}
