// The statefulset strategy, as upstream's pkg/registry/apps/statefulset/strategy.go.
import type { StatefulSet } from '../../../api/types/apps.js';
import { defaultStatefulSet } from '../../defaults/statefulset.js';
import { validateSelectorUpdate, validateStatefulSet, validateStatefulSetUpdate } from '../../validation/apps.js';
import { withSpec, type ResourceStrategy } from '../strategy.js';

export const statefulSetStrategy: ResourceStrategy = {
  defaults: withSpec(defaultStatefulSet),
  prepareForCreate(statefulSet) {
    statefulSet.status = { replicas: 0, availableReplicas: 0 };
  },
  validateCreate: (statefulSet) => validateStatefulSet(statefulSet as StatefulSet),
  validateUpdate: (statefulSet, old) => [
    ...validateStatefulSet(statefulSet as StatefulSet),
    ...validateSelectorUpdate(statefulSet as StatefulSet, old as StatefulSet),
    ...validateStatefulSetUpdate(statefulSet as StatefulSet, old as StatefulSet),
  ],
};
