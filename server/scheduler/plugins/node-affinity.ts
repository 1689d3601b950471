// NodeAffinity: spec.nodeSelector and the required node affinity terms decide which nodes a pod may go to; the
// preferred terms add their weights to the nodes they match.
import type { Node, Pod } from '../../api/types/core.js';
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

/** One requirement of a node selector term (core/v1 NodeSelectorRequirement). */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** Requirements that must all hold; a term with none matches no node (core/v1 NodeSelectorTerm). */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  /** Only `metadata.name` is a field a node can be selected by. */
  matchFields?: NodeSelectorRequirement[];
}

/** The part of spec.affinity this plugin reads. */
export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
  preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: NodeSelectorTerm }[];
}

/** True when `value` (undefined: the label is absent) satisfies `r`. Gt and Lt compare whole numbers. */
export function matchesRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  const integer = (text: string | undefined) => (text !== undefined && /^-?\d+$/.test(text) ? Number(text) : NaN);
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return values.length === 1 && integer(value) > integer(values[0]);
    case 'Lt':
      return values.length === 1 && integer(value) < integer(values[0]);
    default:
      return false;
  }
}

/** True when every expression matches the node's labels and every field its name (upstream's nodeaffinity). */
export function matchesTerm(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  const fieldOf = (key: string) => (key === 'metadata.name' ? node.metadata.name : undefined);
  return (
    expressions.every((r) => matchesRequirement(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined)) &&
    fields.every((r) => (r.operator === 'In' || r.operator === 'NotIn') && matchesRequirement(r, fieldOf(r.key)))
  );
}

function nodeAffinityOf(pod: Pod): NodeAffinity {
  return ((pod.spec.affinity as { nodeAffinity?: NodeAffinity } | undefined)?.nodeAffinity ?? {}) as NodeAffinity;
}

/** True when the node satisfies the pod's nodeSelector and one of its required terms (if it has any). */
export function requiredMatches(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const selector = pod.spec.nodeSelector ?? {};
  if (!Object.entries(selector).every(([key, value]) => labels[key] === value)) return false;
  const required = nodeAffinityOf(pod).requiredDuringSchedulingIgnoredDuringExecution;
  return !required || required.nodeSelectorTerms.some((term) => matchesTerm(term, node));
}

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
