// The replicaset strategy, as upstream's pkg/registry/apps/replicaset/strategy.go.
import type { ReplicaSet } from '../../../api/types/apps.js';
import { defaultReplicaSet } from '../../defaults/replicaset.js';
import { validateReplicaSet, validateSelectorUpdate } from '../../validation/apps.js';
import { withSpec, type ResourceStrategy } from '../strategy.js';

export const replicaSetStrategy: ResourceStrategy = {
  defaults: withSpec(defaultReplicaSet),
  prepareForCreate(replicaSet) {
    replicaSet.status = { replicas: 0 };
  },
  validateCreate: (replicaSet) => validateReplicaSet(replicaSet as ReplicaSet),
  validateUpdate: (replicaSet, old) => [
    ...validateReplicaSet(replicaSet as ReplicaSet),
    ...validateSelectorUpdate(replicaSet as ReplicaSet, old as ReplicaSet),
  ],
};
