// Taints and tolerations as every component reads them, as upstream's k8s.io/component-helpers/scheduling/corev1
// (and core/v1's Toleration.ToleratesTaint): the scheduler's TaintToleration and NodeUnschedulable plugins and the
// DaemonSet controller decide the same way whether a pod may go to a tainted node.
import type { Taint, Toleration } from './types/core.js';

/**
 * True when `toleration` matches `taint` (upstream's Toleration.ToleratesTaint): same effect (or none given), same
 * key (or none given, with Exists: tolerate everything), and Exists, or Equal (the default) with the same value.
 */
export function toleratesTaint(toleration: Toleration, taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  if ((toleration.operator ?? 'Equal') !== 'Equal' || !toleration.key) return false;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * The first taint with one of `effects` that no toleration matches, as upstream's FindMatchingUntoleratedTaint
 * (whose filter here is the list of effects that count).
 */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  effects: readonly string[],
): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !tolerations.some((t) => toleratesTaint(t, taint)));
}
