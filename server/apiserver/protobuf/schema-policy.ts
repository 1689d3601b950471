// policy/v1 PodDisruptionBudget (k8s.io/api/policy/v1/generated.proto) and scheduling.k8s.io/v1 PriorityClass
// (k8s.io/api/scheduling/v1/generated.proto).
import type { SchemaTable } from './schema-types.js';

export const POLICY_SCHEMA = {
  PodDisruptionBudget: {
    1: ['metadata', 'message:ObjectMeta'],
    2: ['spec', 'message:PodDisruptionBudgetSpec'],
    3: ['status', 'message:PodDisruptionBudgetStatus'],
  },
  PodDisruptionBudgetSpec: {
    1: ['minAvailable', 'int-or-string'],
    2: ['selector', 'message:LabelSelector'],
    3: ['maxUnavailable', 'int-or-string'],
    4: ['unhealthyPodEvictionPolicy', 'string', 'keep-zero'],
  },
  PriorityClass: {
    1: ['metadata', 'message:ObjectMeta'],
    2: ['value', 'int32', 'keep-zero'],
    3: ['globalDefault', 'bool'],
    4: ['description', 'string'],
    5: ['preemptionPolicy', 'string', 'keep-zero'],
  },
} satisfies SchemaTable;
