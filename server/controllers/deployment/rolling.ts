// The arithmetic of a rolling update, as upstream's deployment/rolling.go and util/deployment_util.go. Pure
// functions over replica counts, so a lesson can test them at every step.
import type { Deployment, ReplicaSet } from '../../api/types/apps.js';
import type { IntOrString } from '../../api/types/core.js';

/** An int-or-percent of `total`; percentages round up for surge and down for unavailability. */
export function resolveIntOrPercent(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) value = '25%';
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match) return Number(value) || 0;
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** maxSurge and maxUnavailable as pod counts (ResolveFenceposts); both zero would block, so unavailable becomes 1. */
export function resolveFenceposts(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  const replicas = d.spec.replicas ?? 1;
  const rolling = d.spec.strategy?.rollingUpdate;
  const maxSurge = resolveIntOrPercent(rolling?.maxSurge, replicas, true);
  const maxUnavailable = resolveIntOrPercent(rolling?.maxUnavailable, replicas, false);
  return { maxSurge, maxUnavailable: maxSurge === 0 && maxUnavailable === 0 ? 1 : maxUnavailable };
}

export const specReplicas = (rs: ReplicaSet): number => rs.spec.replicas ?? 0;
export const statusOf = (rs: ReplicaSet, field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number =>
  Number(rs.status?.[field] ?? 0);
export const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/**
 * The most pods a ReplicaSet may have right now: a scaled-down ReplicaSet keeps its pods until its controller has
 * deleted them, and status.replicas still counts them. Stricter than upstream (which sums spec.replicas), so that
 * maxSurge holds for pods at every moment, not only for replica counts.
 */
export const podsAtMost = (rs: ReplicaSet): number => Math.max(specReplicas(rs), statusOf(rs, 'replicas'));

/** Available pods a ReplicaSet will keep: a stale status may still count pods its scale-down is deleting. */
export const availableAtMost = (rs: ReplicaSet): number =>
  Math.min(specReplicas(rs), statusOf(rs, 'availableReplicas'));

/** The replicas the new ReplicaSet may have now (NewRSNewReplicas): within maxSurge of the total, never above desired. */
export function newRSNewReplicas(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet): number {
  const desired = d.spec.replicas ?? 1;
  if (d.spec.strategy?.type === 'Recreate') return desired;
  const { maxSurge } = resolveFenceposts(d);
  const current = sum(all.map(podsAtMost));
  const maxTotal = desired + maxSurge;
  if (current >= maxTotal) return specReplicas(newRS);
  return specReplicas(newRS) + Math.min(maxTotal - current, Math.max(0, desired - specReplicas(newRS)));
}

/** How many old pods may go now without dropping below minAvailable (reconcileOldReplicaSets' maxScaledDown). */
export function maxScaledDown(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet): number {
  const minAvailable = (d.spec.replicas ?? 1) - resolveFenceposts(d).maxUnavailable;
  const newUnavailable = specReplicas(newRS) - statusOf(newRS, 'availableReplicas');
  return sum(all.map(specReplicas)) - minAvailable - newUnavailable;
}

/**
 * The new spec.replicas of each old ReplicaSet (oldest first), scaling down first their unavailable pods within
 * `budget` (cleanupUnhealthyReplicas), then available ones down to minAvailable
 * (scaleDownOldReplicaSetsForRollingUpdate).
 */
export function scaleDownOld(
  d: Deployment,
  all: ReplicaSet[],
  oldRSs: ReplicaSet[],
  budget: number,
): Map<ReplicaSet, number> {
  const targets = new Map<ReplicaSet, number>();
  const byAge = [...oldRSs].sort(byCreation);
  let cleaned = 0;
  for (const rs of byAge) {
    const unhealthy = specReplicas(rs) - statusOf(rs, 'availableReplicas');
    if (cleaned >= budget || specReplicas(rs) === 0 || unhealthy <= 0) continue;
    const count = Math.min(budget - cleaned, unhealthy);
    targets.set(rs, specReplicas(rs) - count);
    cleaned += count;
  }
  const minAvailable = (d.spec.replicas ?? 1) - resolveFenceposts(d).maxUnavailable;
  const available = sum(all.map(availableAtMost));
  let left = available - minAvailable;
  for (const rs of byAge) {
    const current = targets.get(rs) ?? specReplicas(rs);
    if (left <= 0 || current === 0) continue;
    const count = Math.min(current, left);
    targets.set(rs, current - count);
    left -= count;
  }
  return targets;
}

/** Oldest first; ties by name, as upstream's ReplicaSetsByCreationTimestamp. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  return ta !== tb ? ta - tb : (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}
