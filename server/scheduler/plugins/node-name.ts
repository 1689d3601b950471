// NodeName: a pod that names its node in spec.nodeName fits only there. (Pods the API already bound never reach the
// scheduler; this is for a pod created with nodeName that a scheduler still sees, and for preemption's dry runs.)
import type { Pod } from '../../api/types/core.js';
import { Status, type CycleState, type FilterPlugin, type NodeInfo } from '../framework.js';

export const NAME = 'NodeName';

/** Upstream's ErrReason. */
export const REASON = "node(s) didn't match the requested node name";

export function create(): FilterPlugin {
  return {
    name: NAME,
    // as kube-scheduler's NodeName.Filter
    filter(_state: CycleState, pod: Pod, node: NodeInfo): Status {
      if (!pod.spec.nodeName || pod.spec.nodeName === node.name) return Status.success();
      return Status.unresolvable(REASON);
    },
  };
}
