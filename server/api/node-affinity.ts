// Node selectors and required node affinity, as upstream's k8s.io/component-helpers/scheduling/corev1/nodeaffinity:
// the scheduler's NodeAffinity and PodTopologySpread plugins and the DaemonSet controller ask the same question,
// "may this pod go to this node?", and must answer it the same way.
import type { Node, Pod } from './types/core.js';

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

/** core/v1 NodeAffinity: the part of spec.affinity about nodes. */
export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
  preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: NodeSelectorTerm }[];
}

/** True when `value` (undefined: the label is absent) satisfies `r`. Gt and Lt compare whole numbers. */
function matchesRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
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

/**
 * True when every expression matches the node's labels and every field its name (one term of upstream's
 * MatchNodeSelectorTerms, which ORs the terms).
 */
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

/** The pod's node affinity ({} when it has none). */
export function nodeAffinityOf(pod: Pod): NodeAffinity {
  return ((pod.spec.affinity as { nodeAffinity?: NodeAffinity } | undefined)?.nodeAffinity ?? {}) as NodeAffinity;
}

/**
 * True when the node satisfies the pod's nodeSelector and one of its required terms (if it has any), as upstream's
 * GetRequiredNodeAffinity(pod).Match(node).
 */
export function requiredMatches(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const selector = pod.spec.nodeSelector ?? {};
  if (!Object.entries(selector).every(([key, value]) => labels[key] === value)) return false;
  const required = nodeAffinityOf(pod).requiredDuringSchedulingIgnoredDuringExecution;
  return !required || required.nodeSelectorTerms.some((term) => matchesTerm(term, node));
}
