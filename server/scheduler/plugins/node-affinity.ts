// NodeAffinity: spec.nodeSelector and the required node affinity terms decide which nodes a pod may go to; the
// preferred terms add their weights to the nodes they match. Matching itself is api/node-affinity.ts (upstream's
// component-helpers), shared with the DaemonSet controller.
import { matchesTerm, nodeAffinityOf, requiredMatches } from '../../api/node-affinity.js';
import type { Pod } from '../../api/types/core.js';
import {
  Status,
  defaultNormalizeScore,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../framework.js';

export const NAME = 'NodeAffinity';

/** Upstream's ErrReasonPod. */
export const REASON = "node(s) didn't match Pod's node affinity/selector";

export function create(): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    // as kube-scheduler's NodeAffinity.PreFilter: nothing to check without a nodeSelector or required terms
    preFilter(_state: CycleState, pod: Pod): Status {
      const required = nodeAffinityOf(pod).requiredDuringSchedulingIgnoredDuringExecution;
      const hasSelector = Object.keys(pod.spec.nodeSelector ?? {}).length > 0;
      return hasSelector || required ? Status.success() : Status.skip();
    },
    // as kube-scheduler's NodeAffinity.Filter
    filter(_state: CycleState, pod: Pod, node: NodeInfo): Status {
      return requiredMatches(pod, node.node) ? Status.success() : Status.unresolvable(REASON);
    },
    // as kube-scheduler's NodeAffinity.PreScore: nothing to score without preferred terms
    preScore(_state: CycleState, pod: Pod): Status {
      const preferred = nodeAffinityOf(pod).preferredDuringSchedulingIgnoredDuringExecution ?? [];
      return preferred.length ? Status.success() : Status.skip();
    },
    // as kube-scheduler's NodeAffinity.Score: the sum of the weights of the preferred terms the node matches
    score(_state: CycleState, pod: Pod, node: NodeInfo): number {
      const preferred = nodeAffinityOf(pod).preferredDuringSchedulingIgnoredDuringExecution ?? [];
      return preferred.reduce((sum, p) => sum + (matchesTerm(p.preference, node.node) ? p.weight : 0), 0);
    },
    normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
      return defaultNormalizeScore(scores, false);
    },
  };
}
