// The pod predicates every workload controller shares, as upstream's pkg/api/v1/pod and controller_utils.go.
import type { Pod } from '../../api/types/core.js';

interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

function readyCondition(pod: Pod): PodCondition | undefined {
  const conditions = (pod.status?.conditions ?? []) as PodCondition[];
  return conditions.find((c) => c.type === 'Ready');
}

/** Not finished and not being deleted: a pod that counts toward a controller's replicas (IsPodActive). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** The Ready condition is True (IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Ready for at least `minReadySeconds` as of `now` (IsPodAvailable). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now.getTime();
}

/** Milliseconds until a ready pod becomes available, or undefined if it is not ready or already available. */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, now: Date): number | undefined {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True' || minReadySeconds <= 0 || !ready.lastTransitionTime) return undefined;
  const wait = Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000 - now.getTime();
  return wait > 0 ? wait : undefined;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(pod: Pod): number {
  const statuses = (pod.status?.containerStatuses ?? []) as { restartCount?: number }[];
  return Math.max(0, ...statuses.map((s) => s.restartCount ?? 0));
}

function time(value: string | undefined): number {
  return value ? Date.parse(value) : 0;
}

/**
 * Orders pods so that the ones to delete first come first, as upstream's ActivePods.Less: unassigned before
 * assigned; Pending before Unknown before Running; not ready before ready; ready for less time before more; more
 * restarts first; newer before older.
 */
export function compareForDeletion(a: Pod, b: Pod): number {
  const assignedA = a.spec.nodeName ? 1 : 0;
  const assignedB = b.spec.nodeName ? 1 : 0;
  if (assignedA !== assignedB) return assignedA - assignedB;
  const phaseA = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
  const phaseB = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(a) ? 1 : 0;
  const readyB = isPodReady(b) ? 1 : 0;
  if (readyA !== readyB) return readyA - readyB;
  if (readyA && readyB) {
    const since = time(readyCondition(b)?.lastTransitionTime) - time(readyCondition(a)?.lastTransitionTime);
    if (since !== 0) return since;
  }
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  return time(b.metadata.creationTimestamp) - time(a.metadata.creationTimestamp);
}
