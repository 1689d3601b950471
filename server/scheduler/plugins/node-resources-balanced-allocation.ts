// NodeResourcesBalancedAllocation: prefer the node where, with the pod placed, cpu and memory would be used in the
// most similar fractions, so that no node runs out of one resource while the other sits idle.
import type { Pod } from '../../api/types/core.js';
import {
  MAX_NODE_SCORE,
  Status,
  podRequests,
  type CycleState,
  type NodeInfo,
  type PreScorePlugin,
  type Resources,
  type ScorePlugin,
} from '../framework.js';

export const NAME = 'NodeResourcesBalancedAllocation';

const STATE_KEY = 'PreScore' + NAME;
/** The resources balanced (upstream's default); Score below reads the same two. */
const RESOURCES = ['cpu', 'memory'];

/** (1 − the standard deviation of the used fractions) × 100 (upstream's balancedResourceScorer). */
export function balancedScore(requested: number[], allocatable: number[]): number {
  const fractions: number[] = [];
  requested.forEach((value, i) => {
    const capacity = allocatable[i] ?? 0;
    if (capacity > 0) fractions.push(Math.min(value / capacity, 1));
  });
  let std = 0;
  const [first = 0, second = 0] = fractions;
  if (fractions.length === 2) std = Math.abs((first - second) / 2);
  else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((sum, f) => sum + (f - mean) ** 2, 0) / fractions.length);
  }
  return Math.floor((1 - std) * MAX_NODE_SCORE);
}

export function create(): PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    // as kube-scheduler's BalancedAllocation.PreScore: a pod that requests neither cpu nor memory is not scored
    preScore(state: CycleState, pod: Pod): Status {
      const requests = podRequests(pod);
      if (RESOURCES.every((name) => !requests[name])) return Status.skip();
      state.write(STATE_KEY, requests);
      return Status.success();
    },
    // as kube-scheduler's BalancedAllocation.Score (with the pods' actual requests, not the scoring defaults)
    score(state: CycleState, pod: Pod, node: NodeInfo): number {
      const requests = state.read<Resources>(STATE_KEY) ?? podRequests(pod);
      const cpu = (node.requested.cpu ?? 0) + (requests.cpu ?? 0);
      const memory = (node.requested.memory ?? 0) + (requests.memory ?? 0);
      return balancedScore([cpu, memory], [node.allocatable.cpu ?? 0, node.allocatable.memory ?? 0]);
    },
  };
}
