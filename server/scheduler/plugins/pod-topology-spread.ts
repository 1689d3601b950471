// PodTopologySpread: spread pods matching a selector evenly over topology domains (zones, nodes, ...). For each
// constraint, the skew of a domain is its matching pods (counting the incoming pod) minus the fewest in any domain;
// DoNotSchedule constraints reject a node whose domain would exceed maxSkew, ScheduleAnyway ones prefer emptier domains.
// A pod without constraints of its own gets the system defaults (upstream's defaultingType System): ScheduleAnyway,
// maxSkew 3 over hostnames and 5 over zones, selecting the pods of its Services and controller (helper/spread.ts),
// so the replicas of a Deployment spread over nodes unless told otherwise.
import type { Pod } from '../../api/types/core.js';
import type { LabelSelector } from '../../api/types/label-selector.js';
import {
  MAX_NODE_SCORE,
  Status,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../framework.js';
import { defaultSelector, type SpreadListers } from './helper/spread.js';
import { selectorMatches } from './inter-pod-affinity.js';
import { requiredMatches } from '../../api/node-affinity.js';

export const NAME = 'PodTopologySpread';

/** Upstream's reasons (podtopologyspread/plugin.go). */
export const REASON = "node(s) didn't match pod topology spread constraints";
export const MISSING_LABEL_REASON = `${REASON} (missing required label)`;

/** core/v1 TopologySpreadConstraint (the fields this plugin reads). */
export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector | null;
  /** With DoNotSchedule: fewer domains than this count as a global minimum of 0. */
  minDomains?: number;
  /** Honor (default): only nodes matching the pod's nodeSelector/node affinity count. Ignore: all nodes. */
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
}

/** Upstream's systemDefaultConstraints: what a pod without constraints of its own is spread by. */
const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/**
 * The plugin's args (kubescheduler.config.k8s.io/v1 PodTopologySpreadArgs): defaultingType System (the default)
 * uses SYSTEM_DEFAULT_CONSTRAINTS; List uses defaultConstraints (none: no default spreading).
 */
export interface PodTopologySpreadArgs {
  defaultConstraints?: TopologySpreadConstraint[];
  defaultingType?: 'System' | 'List';
}

/**
 * The pod's constraints of one kind, as upstream's getConstraints: its own; or, when it has none, the default
 * constraints selecting the pods of its Services and controller (none if nothing selects it or without listers).
 */
function constraintsOf(
  pod: Pod,
  when: TopologySpreadConstraint['whenUnsatisfiable'],
  defaults: readonly TopologySpreadConstraint[],
  listers: SpreadListers | undefined,
): TopologySpreadConstraint[] {
  const own = (pod.spec.topologySpreadConstraints ?? []) as TopologySpreadConstraint[];
  if (own.length > 0) return own.filter((c) => c.whenUnsatisfiable === when);
  // as upstream's buildDefaultConstraints
  const matching = defaults.filter((c) => c.whenUnsatisfiable === when);
  const labelSelector = matching.length > 0 && listers ? defaultSelector(pod, listers) : undefined;
  return labelSelector ? matching.map((c) => ({ ...c, labelSelector })) : [];
}

/** Pods on `node` in the pod's namespace that the constraint's selector matches; terminating ones do not count. */
function countMatching(constraint: TopologySpreadConstraint, pod: Pod, node: NodeInfo): number {
  let count = 0;
  for (const other of node.pods.values())
    if (
      !other.metadata.deletionTimestamp &&
      (other.metadata.namespace ?? 'default') === (pod.metadata.namespace ?? 'default') &&
      selectorMatches(constraint.labelSelector, other.metadata.labels)
    )
      count++;
  return count;
}

/**
 * Whether `node` counts for the pod's constraints at all: it has every topology key (unless `requireAll` is false,
 * as for system defaults: a node without zones still spreads by hostname) and (Honor) fits node affinity.
 */
function eligible(constraints: TopologySpreadConstraint[], pod: Pod, node: NodeInfo, requireAll = true): boolean {
  const labels = node.node.metadata.labels ?? {};
  if (requireAll && !constraints.every((c) => c.topologyKey in labels)) return false;
  return constraints.every((c) => c.nodeAffinityPolicy === 'Ignore') || requiredMatches(pod, node.node);
}

/** Matching pods per domain value, one map per constraint (same order). */
type DomainCounts = Map<string, number>[];

/** What PreFilter leaves for Filter: the pod's DoNotSchedule constraints and their counts (same order). */
interface PreFilterState {
  constraints: TopologySpreadConstraint[];
  counts: DomainCounts;
}

const PRE_FILTER_KEY = 'PreFilter' + NAME;
const PRE_SCORE_KEY = 'PreScore' + NAME;
const ALL_NODES_KEY = 'AllNodes' + NAME;

/**
 * The plugin; `listers` (the scheduler's informers) let it find a pod's Services and controller for the default
 * constraints, without them only pods' own constraints count.
 */
export function create(
  args: PodTopologySpreadArgs = {},
  listers?: SpreadListers,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const systemDefaulted = (args.defaultingType ?? 'System') === 'System';
  const defaults = systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : (args.defaultConstraints ?? []);
  const constraintsFor = (pod: Pod, when: TopologySpreadConstraint['whenUnsatisfiable']) =>
    constraintsOf(pod, when, defaults, listers);
  return {
    name: NAME,
    // as kube-scheduler's PodTopologySpread.PreFilter: matching pods per domain, every eligible domain present
    preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
      state.write(ALL_NODES_KEY, nodes);
      const constraints = constraintsFor(pod, 'DoNotSchedule');
      if (constraints.length === 0) return Status.skip();
      const counts: DomainCounts = constraints.map(() => new Map());
      for (const node of nodes) {
        if (!eligible(constraints, pod, node)) continue;
        constraints.forEach((c, i) => {
          const value = node.node.metadata.labels![c.topologyKey]!;
          counts[i]!.set(value, (counts[i]!.get(value) ?? 0) + countMatching(c, pod, node));
        });
      }
      state.write(PRE_FILTER_KEY, { constraints, counts } satisfies PreFilterState);
      return Status.success();
    },
    // as kube-scheduler's PodTopologySpread.Filter: the constraints PreFilter found, not looked up again per node
    filter(state: CycleState, pod: Pod, node: NodeInfo): Status {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (!s) return Status.error('PreFilter state missing');
      const { constraints, counts } = s;
      for (const [i, c] of constraints.entries()) {
        const value = node.node.metadata.labels?.[c.topologyKey];
        if (value === undefined) return Status.unresolvable(MISSING_LABEL_REASON);
        const domains = counts[i]!;
        // Fewer domains than minDomains: the emptiest "domain" is one that does not exist yet, with 0 pods.
        const globalMin = domains.size < (c.minDomains ?? 1) ? 0 : Math.min(...domains.values());
        const self = selectorMatches(c.labelSelector, pod.metadata.labels) ? 1 : 0;
        const skew = (domains.get(value) ?? 0) + self - globalMin;
        if (skew > c.maxSkew) return Status.unschedulable(REASON);
      }
      return Status.success();
    },
    // as kube-scheduler's PodTopologySpread.PreScore: domains of the feasible nodes, pods counted over all nodes
    preScore(state: CycleState, pod: Pod, feasible: readonly NodeInfo[]): Status {
      const constraints = constraintsFor(pod, 'ScheduleAnyway');
      if (constraints.length === 0) return Status.skip();
      // Upstream's requireAllTopologies: only system defaults let a node lack a topology key.
      const own = (pod.spec.topologySpreadConstraints ?? []) as TopologySpreadConstraint[];
      const requireAll = own.length > 0 || !systemDefaulted;
      const counts: DomainCounts = constraints.map(() => new Map());
      const ignored = new Set<string>();
      for (const node of feasible) {
        if (!eligible(constraints, pod, node, requireAll)) ignored.add(node.name);
        else
          constraints.forEach((c, i) => {
            const value = node.node.metadata.labels?.[c.topologyKey];
            if (value !== undefined) counts[i]!.set(value, 0);
          });
      }
      for (const node of state.read<readonly NodeInfo[]>(ALL_NODES_KEY) ?? feasible) {
        if (!eligible(constraints, pod, node, requireAll)) continue;
        constraints.forEach((c, i) => {
          const value = node.node.metadata.labels?.[c.topologyKey];
          if (value !== undefined && counts[i]!.has(value))
            counts[i]!.set(value, counts[i]!.get(value)! + countMatching(c, pod, node));
        });
      }
      // Constraints over many domains weigh more (upstream's topologyNormalizingWeight: log(domains + 2)).
      const weights = counts.map((domains) => Math.log(domains.size + 2));
      state.write(PRE_SCORE_KEY, { constraints, counts, weights, ignored });
      return Status.success();
    },
    // as kube-scheduler's PodTopologySpread.Score: matching pods in the node's domains, weighted; fewer is better
    score(state: CycleState, _pod: Pod, node: NodeInfo): number {
      const s = state.read<PreScoreState>(PRE_SCORE_KEY);
      if (!s || s.ignored.has(node.name)) return 0;
      let score = 0;
      s.constraints.forEach((c, i) => {
        const value = node.node.metadata.labels?.[c.topologyKey];
        if (value === undefined) return;
        score += (s.counts[i]!.get(value) ?? 0) * s.weights[i]! + (c.maxSkew - 1);
      });
      return Math.round(score);
    },
    // as kube-scheduler's PodTopologySpread.NormalizeScore: reversed onto 0..MAX_NODE_SCORE, ignored nodes 0
    normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
      const ignored = state.read<PreScoreState>(PRE_SCORE_KEY)?.ignored ?? new Set<string>();
      const counted = scores.filter((s) => !ignored.has(s.node)).map((s) => s.score);
      const min = Math.min(...counted);
      const max = Math.max(0, ...counted);
      for (const s of scores) {
        if (ignored.has(s.node)) s.score = 0;
        else if (max === 0) s.score = MAX_NODE_SCORE;
        else s.score = Math.floor((MAX_NODE_SCORE * (max + min - s.score)) / max);
      }
      return Status.success();
    },
  };
}

interface PreScoreState {
  constraints: TopologySpreadConstraint[];
  counts: DomainCounts;
  weights: number[];
  ignored: Set<string>;
}
