// Node and pod (anti-)affinity (k8s.io/api/core/v1/generated.proto).
import type { SchemaTable } from './schema-types.js';

export const AFFINITY_SCHEMA = {
  Affinity: {
    1: ['nodeAffinity', 'message:NodeAffinity'],
    2: ['podAffinity', 'message:PodAffinity'],
    3: ['podAntiAffinity', 'message:PodAntiAffinity'],
  },
  NodeAffinity: {
    1: ['requiredDuringSchedulingIgnoredDuringExecution', 'message:NodeSelector'],
    2: ['preferredDuringSchedulingIgnoredDuringExecution', 'message:PreferredSchedulingTerm', 'repeated'],
  },
  NodeSelector: { 1: ['nodeSelectorTerms', 'message:NodeSelectorTerm', 'repeated'] },
  NodeSelectorTerm: {
    1: ['matchExpressions', 'message:NodeSelectorRequirement', 'repeated'],
    2: ['matchFields', 'message:NodeSelectorRequirement', 'repeated'],
  },
  NodeSelectorRequirement: {
    1: ['key', 'string', 'keep-zero'],
    2: ['operator', 'string', 'keep-zero'],
    3: ['values', 'string', 'repeated'],
  },
  PreferredSchedulingTerm: { 1: ['weight', 'int32', 'keep-zero'], 2: ['preference', 'message:NodeSelectorTerm'] },
  PodAffinity: {
    1: ['requiredDuringSchedulingIgnoredDuringExecution', 'message:PodAffinityTerm', 'repeated'],
    2: ['preferredDuringSchedulingIgnoredDuringExecution', 'message:WeightedPodAffinityTerm', 'repeated'],
  },
  PodAntiAffinity: {
    1: ['requiredDuringSchedulingIgnoredDuringExecution', 'message:PodAffinityTerm', 'repeated'],
    2: ['preferredDuringSchedulingIgnoredDuringExecution', 'message:WeightedPodAffinityTerm', 'repeated'],
  },
  PodAffinityTerm: {
    1: ['labelSelector', 'message:LabelSelector'],
    2: ['namespaces', 'string', 'repeated'],
    3: ['topologyKey', 'string', 'keep-zero'],
    4: ['namespaceSelector', 'message:LabelSelector'],
    5: ['matchLabelKeys', 'string', 'repeated'],
    6: ['mismatchLabelKeys', 'string', 'repeated'],
  },
  WeightedPodAffinityTerm: { 1: ['weight', 'int32', 'keep-zero'], 2: ['podAffinityTerm', 'message:PodAffinityTerm'] },
} satisfies SchemaTable;
