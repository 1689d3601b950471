// TaintToleration: a node's NoSchedule and NoExecute taints keep out every pod that does not tolerate them;
// PreferNoSchedule taints only make a node less attractive, by how many of them the pod does not tolerate.
import { findUntoleratedTaint, toleratesTaint } from '../../api/taints.js';
import type { Pod, Taint, Toleration } from '../../api/types/core.js';
import {
  Status,
  defaultNormalizeScore,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PreScorePlugin,
  type ScorePlugin,
} from '../framework.js';

export const NAME = 'TaintToleration';

const STATE_KEY = 'PreScore' + NAME;

/** Upstream's reason for a node whose taint the pod does not tolerate. */
export function untoleratedTaintReason(taint: Pick<Taint, 'key' | 'value'>): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

export function create(): FilterPlugin & PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    // as kube-scheduler's TaintToleration.Filter
    filter(_state: CycleState, pod: Pod, node: NodeInfo): Status {
      const taints = node.node.spec?.taints ?? [];
      const taint = findUntoleratedTaint(taints, pod.spec.tolerations ?? [], ['NoSchedule', 'NoExecute']);
      return taint ? Status.unresolvable(untoleratedTaintReason(taint)) : Status.success();
    },
    // as kube-scheduler's TaintToleration.PreScore: only tolerations that can apply to PreferNoSchedule count
    preScore(state: CycleState, pod: Pod): Status {
      const tolerations = (pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
      state.write(STATE_KEY, tolerations);
      return Status.success();
    },
    // as kube-scheduler's TaintToleration.Score: the number of PreferNoSchedule taints the pod does not tolerate
    score(state: CycleState, pod: Pod, node: NodeInfo): number {
      const tolerations = state.read<Toleration[]>(STATE_KEY) ?? pod.spec.tolerations ?? [];
      const taints = (node.node.spec?.taints ?? []).filter((taint) => taint.effect === 'PreferNoSchedule');
      return taints.filter((taint) => !tolerations.some((t) => toleratesTaint(t, taint))).length;
    },
    // fewer untolerated taints is better: reversed
    normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
      return defaultNormalizeScore(scores, true);
    },
  };
}
