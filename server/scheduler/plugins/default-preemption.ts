// DefaultPreemption: when a pod fits on no node, look for a node where evicting some lower-priority pods would make it
// fit; choose the node whose victims matter least, evict them gracefully, and nominate the node for the pod, which is
// tried again once the victims are gone. A PostFilter plugin, as upstream's defaultpreemption.
import type { Pod } from '../../api/types/core.js';
import { fitErrorMessage } from '../decision-trace.js';
import { Status, type CycleState, type NodeInfo, type PostFilterPlugin, type PostFilterResult } from '../framework.js';

export const NAME = 'DefaultPreemption';

/** Upstream's per-node reasons in the "preemption: 0/3 nodes are available: ..." message. */
export const NO_VICTIMS_REASON = 'No preemption victims found for incoming pod';
export const NOT_HELPFUL_REASON = 'Preemption is not helpful for scheduling';

/** What preemption needs from the scheduler around it (a slice of upstream's framework.Handle). */
export interface PreemptionHandle {
  /** Runs the profile's PreFilter and Filter plugins for `pod` on `node`, `nodes` being the whole snapshot. */
  runFilters(pod: Pod, nodes: readonly NodeInfo[], node: NodeInfo): Status;
  /** Deletes `victim` gracefully and records its Preempted event; in the background, failures are logged there. */
  preempt(victim: Pod, preemptor: Pod, nodeName: string): void;
}

/** A node where preemption would help, and the pods that would have to go. */
export interface Candidate {
  node: string;
  victims: Pod[];
}

const priorityOf = (pod: Pod) => pod.spec.priority ?? 0;
const startOf = (pod: Pod) => Date.parse(String(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? '')) || 0;

/** Upstream's MoreImportantPod: higher priority first, then the one that started earlier. */
export function moreImportant(a: Pod, b: Pod): number {
  return priorityOf(b) - priorityOf(a) || startOf(a) - startOf(b);
}

/**
 * Upstream's SelectVictimsOnNode: remove every pod of lower priority; if the pod still does not fit, the node is no
 * candidate (the filter's status says why). Otherwise put the victims back one by one, most important first, and keep
 * back each one the pod still fits beside: what is left is a small set of the least important pods.
 */
export function selectVictimsOnNode(
  handle: PreemptionHandle,
  pod: Pod,
  nodes: readonly NodeInfo[],
  node: NodeInfo,
): { victims: Pod[] } | { status: Status } {
  const copy = node.clone();
  const snapshot = nodes.map((n) => (n.name === node.name ? copy : n));
  const lower = [...copy.pods.values()].filter((p) => priorityOf(p) < priorityOf(pod)).sort(moreImportant);
  if (lower.length === 0) return { status: Status.unresolvable(NO_VICTIMS_REASON) };
  for (const victim of lower) copy.removePod(victim);
  const status = handle.runFilters(pod, snapshot, copy);
  if (!status.isSuccess()) return { status };
  const victims: Pod[] = [];
  for (const candidate of lower) {
    copy.addPod(candidate);
    if (!handle.runFilters(pod, snapshot, copy).isSuccess()) {
      copy.removePod(candidate);
      victims.push(candidate);
    }
  }
  return { victims };
}

/**
 * Upstream's pickOneNodeForPreemption (without PodDisruptionBudgets): the lowest highest-priority victim, then the
 * smallest sum of priorities, then the fewest victims, then the latest-started most important victim, then the first.
 */
export function pickOneNode(candidates: readonly Candidate[]): Candidate | undefined {
  const key = (c: Candidate) => {
    const top = [...c.victims].sort(moreImportant)[0];
    return [
      top ? priorityOf(top) : 0,
      c.victims.reduce((sum, v) => sum + priorityOf(v) + 2 ** 31, 0),
      c.victims.length,
      top ? -startOf(top) : 0,
    ];
  };
  const compare = (a: number[], b: number[]) => a.map((v, i) => v - b[i]!).find((d) => d !== 0) ?? 0;
  let best: { candidate: Candidate; key: number[] } | undefined;
  for (const candidate of candidates) {
    const k = key(candidate);
    if (!best || compare(k, best.key) < 0) best = { candidate, key: k };
  }
  return best?.candidate;
}

/**
 * Upstream's PodEligibleToPreemptOthers: not with preemptionPolicy Never, and not while lower-priority pods are still
 * terminating on the node it was nominated to (it is waiting for the room it already made).
 */
function notEligible(pod: Pod, nodes: readonly NodeInfo[]): string | undefined {
  if (pod.spec.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = nodes.find((n) => n.name === pod.status?.nominatedNodeName);
  for (const other of nominated?.pods.values() ?? [])
    if (other.metadata.deletionTimestamp && priorityOf(other) < priorityOf(pod))
      return 'not eligible due to a terminating pod on the nominated node.';
  return undefined;
}

export function create(handle: PreemptionHandle): PostFilterPlugin {
  return {
    name: NAME,
    // as kube-scheduler's DefaultPreemption.PostFilter (Evaluator.Preempt)
    postFilter(_state: CycleState, pod: Pod, nodes: readonly NodeInfo[], statuses: Map<string, Status>) {
      const ineligible = notEligible(pod, nodes);
      if (ineligible) return { status: Status.unschedulable(`preemption: ${ineligible}`) } satisfies PostFilterResult;
      const nodeStatuses = new Map<string, Status>();
      const candidates: Candidate[] = [];
      for (const node of nodes) {
        // Preemption cannot help where the rejection was UnschedulableAndUnresolvable (a taint, a selector).
        if (statuses.get(node.name)?.code === 'UnschedulableAndUnresolvable') {
          nodeStatuses.set(node.name, Status.unresolvable(NOT_HELPFUL_REASON));
          continue;
        }
        const result = selectVictimsOnNode(handle, pod, nodes, node);
        if ('status' in result) nodeStatuses.set(node.name, result.status);
        else if (result.victims.length === 0) nodeStatuses.set(node.name, Status.unresolvable(NO_VICTIMS_REASON));
        else candidates.push({ node: node.name, victims: result.victims });
      }
      const chosen = pickOneNode(candidates);
      if (!chosen) {
        const message = fitErrorMessage({ numAllNodes: nodes.length, statuses: nodeStatuses });
        return { status: Status.unschedulable(`preemption: ${message}`) };
      }
      for (const victim of chosen.victims) handle.preempt(victim, pod, chosen.node);
      return { status: Status.success(), nominatedNodeName: chosen.node };
    },
  };
}
