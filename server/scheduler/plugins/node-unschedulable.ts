// NodeUnschedulable: a cordoned node (`kubectl cordon`, spec.unschedulable) takes no new pods, unless the pod
// tolerates the node.kubernetes.io/unschedulable:NoSchedule taint (as DaemonSet pods do).
import type { Pod } from '../../api/types/core.js';
import { Status, type CycleState, type FilterPlugin, type NodeInfo } from '../framework.js';
import { toleratesTaint } from '../../api/taints.js';

export const NAME = 'NodeUnschedulable';

/** Upstream's ErrReasonUnschedulable. */
export const REASON = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export function create(): FilterPlugin {
  return {
    name: NAME,
    // as kube-scheduler's NodeUnschedulable.Filter
    filter(_state: CycleState, pod: Pod, node: NodeInfo): Status {
      if (!node.node.spec?.unschedulable) return Status.success();
      const tolerated = (pod.spec.tolerations ?? []).some((t) => toleratesTaint(t, UNSCHEDULABLE_TAINT));
      return tolerated ? Status.success() : Status.unresolvable(REASON);
    },
  };
}
