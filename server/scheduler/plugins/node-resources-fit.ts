// NodeResourcesFit: a pod fits a node when what it requests (cpu, memory, ephemeral-storage, extended resources, and
// one pod slot) is no more than what the node's allocatable leaves after the pods already there. Scoring prefers
// the emptiest node (LeastAllocated, the default) or the fullest (MostAllocated, to pack nodes).
import type { Pod } from '../../api/types/core.js';
import {
  MAX_NODE_SCORE,
  Status,
  podRequests,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PreFilterPlugin,
  type Resources,
  type ScorePlugin,
} from '../framework.js';

export const NAME = 'NodeResourcesFit';

/** Upstream's reason when the node has no pod slot left. */
export const TOO_MANY_PODS = 'Too many pods';

/** What can be set in pluginConfig (upstream's NodeResourcesFitArgs, the part we honour). */
export interface NodeResourcesFitArgs {
  scoringStrategy?: {
    type?: 'LeastAllocated' | 'MostAllocated';
    resources?: { name: string; weight: number }[];
  };
}

const STATE_KEY = 'PreFilter' + NAME;
const NON_ZERO_KEY = `${NAME}/nonZeroRequests`;
const DEFAULT_RESOURCES = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

/** What PreFilter works out once per pod: its requests, and the resources it asks for in upstream's order. */
interface PreFilterState {
  requests: Resources;
  /** cpu, memory, ephemeral-storage, then the others by name; only those with a request above 0. */
  names: string[];
}

const ORDER = ['cpu', 'memory', 'ephemeral-storage'];

function preFilterState(pod: Pod): PreFilterState {
  const requests = podRequests(pod);
  const names = Object.keys(requests).filter((name) => name !== 'pods' && (requests[name] ?? 0) > 0);
  names.sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
  return { requests, names };
}

/** The reasons the pod does not fit `node` (empty when it fits), in upstream's order (fitsRequest). */
function insufficientResources({ requests, names }: PreFilterState, node: NodeInfo): string[] {
  const reasons: string[] = [];
  const allowedPods = node.allocatable.pods ?? 0;
  if (node.pods.size + 1 > allowedPods) reasons.push(TOO_MANY_PODS);
  for (const name of names) {
    const free = (node.allocatable[name] ?? 0) - (node.requested[name] ?? 0);
    if (requests[name]! > free) reasons.push(`Insufficient ${name}`);
  }
  return reasons;
}

/** (capacity − requested) scaled to 0..100: an empty node scores 100 (upstream's leastRequestedScore). */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** requested scaled to 0..100: a full node scores 100 (upstream's mostRequestedScore). */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.floor((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

export function create(args: NodeResourcesFitArgs = {}): PreFilterPlugin & FilterPlugin & ScorePlugin {
  const strategy = args.scoringStrategy?.type ?? 'LeastAllocated';
  const resources = args.scoringStrategy?.resources ?? DEFAULT_RESOURCES;
  const scorer = strategy === 'MostAllocated' ? mostRequestedScore : leastRequestedScore;
  return {
    name: NAME,
    // as kube-scheduler's NodeResourcesFit.PreFilter: the pod's requests, computed once
    preFilter(state: CycleState, pod: Pod): Status {
      state.write(STATE_KEY, preFilterState(pod));
      return Status.success();
    },
    // as kube-scheduler's NodeResourcesFit.Filter
    filter(state: CycleState, pod: Pod, node: NodeInfo): Status {
      const reasons = insufficientResources(state.read<PreFilterState>(STATE_KEY) ?? preFilterState(pod), node);
      return reasons.length ? Status.unschedulable(...reasons) : Status.success();
    },
    // as kube-scheduler's NodeResourcesFit.Score: the weighted mean over the scored resources, using the
    // non-zero requests so that pods without requests still spread
    score(state: CycleState, pod: Pod, node: NodeInfo): number {
      // Computed on the first node of the cycle, read on the others.
      let podNonZero = state.read<Resources>(NON_ZERO_KEY);
      if (!podNonZero) state.write(NON_ZERO_KEY, (podNonZero = podRequests(pod, { nonZero: true })));
      let total = 0;
      let weights = 0;
      for (const { name, weight } of resources) {
        const capacity = node.allocatable[name] ?? 0;
        if (capacity === 0) continue;
        const requested = (node.nonZeroRequested[name] ?? 0) + (podNonZero[name] ?? 0);
        total += scorer(requested, capacity) * weight;
        weights += weight;
      }
      return weights === 0 ? 0 : Math.floor(total / weights);
    },
  };
}
