// InterPodAffinity: a pod may ask to run in the same topology domain (node, zone, ... named by topologyKey) as pods
// matching a selector (affinity), or never in one holding such pods (anti-affinity); pods already placed may ask the
// same of newcomers. Required terms filter nodes; preferred terms add or subtract their weight per domain.
import { labelSelectorAsSelector, matchesSelector } from '../../api/labels.js';
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

export const NAME = 'InterPodAffinity';

/** Upstream's reasons (interpodaffinity/filtering.go). */
export const AFFINITY_REASON = "node(s) didn't match pod affinity rules";
export const ANTI_AFFINITY_REASON = "node(s) didn't match pod anti-affinity rules";
export const EXISTING_ANTI_AFFINITY_REASON = "node(s) didn't satisfy existing pods anti-affinity rules";

/** core/v1 PodAffinityTerm: pods matching labelSelector in `namespaces` (or namespaceSelector) within topologyKey. */
export interface PodAffinityTerm {
  labelSelector?: LabelSelector | null;
  namespaces?: string[];
  namespaceSelector?: LabelSelector | null;
  topologyKey: string;
}

interface WeightedTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

interface Terms {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedTerm[];
}

export interface InterPodAffinityArgs {
  /** How much an existing pod's *required* affinity to the incoming pod counts when scoring (upstream's default 1). */
  hardPodAffinityWeight?: number;
}

/** Labels of a namespace, to evaluate namespaceSelector; unknown namespaces have only kubernetes.io/metadata.name. */
export type NamespaceLabels = (namespace: string) => Record<string, string> | undefined;

function affinityOf(pod: Pod): { affinity: Terms; anti: Terms } {
  const affinity = (pod.spec.affinity ?? {}) as { podAffinity?: Terms; podAntiAffinity?: Terms };
  return { affinity: affinity.podAffinity ?? {}, anti: affinity.podAntiAffinity ?? {} };
}

/** Whether `labels` satisfy a metav1.LabelSelector; an absent (null) selector matches nothing, as upstream. */
export function selectorMatches(selector: LabelSelector | null | undefined, labels: Record<string, string> = {}) {
  if (!selector) return false;
  const parsed = labelSelectorAsSelector(selector);
  return parsed.ok && matchesSelector(parsed.selector, labels);
}

/**
 * Whether `term`, written by a pod in namespace `owner`, selects `pod` (upstream's AffinityTerm.Matches): `namespaces`
 * and namespaceSelector together name the namespaces (neither: the owner's own), and labelSelector its labels.
 */
export function termMatches(term: PodAffinityTerm, owner: string, pod: Pod, nsLabels?: NamespaceLabels): boolean {
  const namespace = pod.metadata.namespace ?? 'default';
  const listed = term.namespaces ?? [];
  let inNamespace = listed.includes(namespace);
  if (!term.namespaceSelector && listed.length === 0) inNamespace = namespace === owner;
  if (!inNamespace && term.namespaceSelector) {
    const labels = nsLabels?.(namespace) ?? { 'kubernetes.io/metadata.name': namespace };
    inNamespace = selectorMatches(term.namespaceSelector, labels);
  }
  return inNamespace && selectorMatches(term.labelSelector, pod.metadata.labels);
}

/** Counts per topology domain, keyed "topologyKey=value". */
type Counts = Map<string, number>;
const bump = (counts: Counts, key: string, by = 1) => counts.set(key, (counts.get(key) ?? 0) + by);
const pairOf = (key: string, node: NodeInfo) => {
  const value = node.node.metadata.labels?.[key];
  return value === undefined ? undefined : `${key}=${value}`;
};

interface PreFilterState {
  /** Domains where some pod's required anti-affinity selects the incoming pod. */
  existingAntiAffinity: Counts;
  /** Domains holding pods that match all of the incoming pod's required affinity terms. */
  affinity: Counts;
  /** Domains holding pods that one of the incoming pod's required anti-affinity terms selects. */
  antiAffinity: Counts;
}

const PRE_FILTER_KEY = 'PreFilter' + NAME;
const PRE_SCORE_KEY = 'PreScore' + NAME;
const ALL_NODES_KEY = 'AllNodes' + NAME;

export function create(
  args: InterPodAffinityArgs = {},
  nsLabels?: NamespaceLabels,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const hardWeight = args.hardPodAffinityWeight ?? 1;
  const matches = (term: PodAffinityTerm, owner: Pod, pod: Pod) =>
    termMatches(term, owner.metadata.namespace ?? 'default', pod, nsLabels);
  return {
    name: NAME,
    // as kube-scheduler's InterPodAffinity.PreFilter: count matching pods per topology domain once, over all nodes
    preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
      state.write(ALL_NODES_KEY, nodes);
      const { affinity, anti } = affinityOf(pod);
      const required = affinity.requiredDuringSchedulingIgnoredDuringExecution ?? [];
      const requiredAnti = anti.requiredDuringSchedulingIgnoredDuringExecution ?? [];
      const counts: PreFilterState = { existingAntiAffinity: new Map(), affinity: new Map(), antiAffinity: new Map() };
      const ownTerms = required.length > 0 || requiredAnti.length > 0;
      for (const node of nodes)
        // Without terms of its own, only the placed pods' terms matter (the common case, kept cheap).
        for (const existing of (ownTerms ? node.pods : node.podsWithAffinity).values()) {
          const theirs = affinityOf(existing).anti.requiredDuringSchedulingIgnoredDuringExecution ?? [];
          for (const term of theirs) {
            const pair = pairOf(term.topologyKey, node);
            if (pair && matches(term, existing, pod)) bump(counts.existingAntiAffinity, pair);
          }
          if (required.length > 0 && required.every((term) => matches(term, pod, existing)))
            for (const term of required) {
              const pair = pairOf(term.topologyKey, node);
              if (pair) bump(counts.affinity, pair);
            }
          for (const term of requiredAnti) {
            const pair = pairOf(term.topologyKey, node);
            if (pair && matches(term, pod, existing)) bump(counts.antiAffinity, pair);
          }
        }
      if (required.length === 0 && requiredAnti.length === 0 && counts.existingAntiAffinity.size === 0)
        return Status.skip();
      state.write(PRE_FILTER_KEY, counts);
      return Status.success();
    },
    // as kube-scheduler's InterPodAffinity.Filter
    filter(state: CycleState, pod: Pod, node: NodeInfo): Status {
      const counts = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (!counts) return Status.error('PreFilter state missing');
      const { affinity, anti } = affinityOf(pod);
      const required = affinity.requiredDuringSchedulingIgnoredDuringExecution ?? [];
      // Every affinity domain must hold a matching pod, unless no pod anywhere matches and the pod matches its own
      // terms: the first pod of a group that wants to be together.
      const pairs = required.map((term) => pairOf(term.topologyKey, node));
      if (pairs.some((pair) => pair === undefined)) return Status.unresolvable(AFFINITY_REASON);
      const together = pairs.every((pair) => (counts.affinity.get(pair!) ?? 0) > 0);
      const first = counts.affinity.size === 0 && required.every((term) => matches(term, pod, pod));
      if (!together && !first) return Status.unresolvable(AFFINITY_REASON);
      for (const term of anti.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
        const pair = pairOf(term.topologyKey, node);
        if (pair && (counts.antiAffinity.get(pair) ?? 0) > 0) return Status.unschedulable(ANTI_AFFINITY_REASON);
      }
      for (const [key, value] of Object.entries(node.node.metadata.labels ?? {}))
        if ((counts.existingAntiAffinity.get(`${key}=${value}`) ?? 0) > 0)
          return Status.unschedulable(EXISTING_ANTI_AFFINITY_REASON);
      return Status.success();
    },
    // as kube-scheduler's InterPodAffinity.PreScore: weights per domain from the pod's preferred terms and from the
    // terms of the pods already placed (their required affinity counts hardPodAffinityWeight)
    preScore(state: CycleState, pod: Pod, feasible: readonly NodeInfo[]): Status {
      const nodes = state.read<readonly NodeInfo[]>(ALL_NODES_KEY) ?? feasible;
      const { affinity, anti } = affinityOf(pod);
      const scores: Counts = new Map();
      const add = (term: PodAffinityTerm, node: NodeInfo, weight: number) => {
        const pair = pairOf(term.topologyKey, node);
        if (pair) bump(scores, pair, weight);
      };
      const ownTerms =
        (affinity.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) +
          (anti.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) >
        0;
      for (const node of nodes)
        for (const existing of (ownTerms ? node.pods : node.podsWithAffinity).values()) {
          for (const { weight, podAffinityTerm } of affinity.preferredDuringSchedulingIgnoredDuringExecution ?? [])
            if (matches(podAffinityTerm, pod, existing)) add(podAffinityTerm, node, weight);
          for (const { weight, podAffinityTerm } of anti.preferredDuringSchedulingIgnoredDuringExecution ?? [])
            if (matches(podAffinityTerm, pod, existing)) add(podAffinityTerm, node, -weight);
          const theirs = affinityOf(existing);
          if (hardWeight > 0)
            for (const term of theirs.affinity.requiredDuringSchedulingIgnoredDuringExecution ?? [])
              if (matches(term, existing, pod)) add(term, node, hardWeight);
          for (const { weight, podAffinityTerm } of theirs.affinity.preferredDuringSchedulingIgnoredDuringExecution ??
            [])
            if (matches(podAffinityTerm, existing, pod)) add(podAffinityTerm, node, weight);
          for (const { weight, podAffinityTerm } of theirs.anti.preferredDuringSchedulingIgnoredDuringExecution ?? [])
            if (matches(podAffinityTerm, existing, pod)) add(podAffinityTerm, node, -weight);
        }
      if (scores.size === 0) return Status.skip();
      state.write(PRE_SCORE_KEY, scores);
      return Status.success();
    },
    // as kube-scheduler's InterPodAffinity.Score: the sum of the weights of the node's domains (may be negative)
    score(state: CycleState, _pod: Pod, node: NodeInfo): number {
      const scores = state.read<Counts>(PRE_SCORE_KEY) ?? new Map<string, number>();
      let total = 0;
      for (const [key, value] of Object.entries(node.node.metadata.labels ?? {}))
        total += scores.get(`${key}=${value}`) ?? 0;
      return total;
    },
    // as kube-scheduler's InterPodAffinity.NormalizeScore: min-max onto 0..MAX_NODE_SCORE
    normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
      const min = Math.min(...scores.map((s) => s.score));
      const max = Math.max(...scores.map((s) => s.score));
      for (const s of scores) s.score = max > min ? Math.floor((MAX_NODE_SCORE * (s.score - min)) / (max - min)) : 0;
      return Status.success();
    },
  };
}
