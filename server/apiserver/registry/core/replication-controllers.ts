// The replicationcontroller strategy, as upstream's pkg/registry/core/replicationcontroller/strategy.go: the
// ReplicaSet's older twin, whose selector is a plain label map that defaults to the template's labels.
import type { LabelSelector } from '../../../api/types/label-selector.js';
import { defaultReplicationController, type ReplicationControllerLike } from '../../defaults/replication-controller.js';
import { validateReplicationController } from '../../validation/replication-controller.js';
import { withSpec, type ResourceStrategy } from '../strategy.js';

export const replicationControllerStrategy: ResourceStrategy = {
  defaults: withSpec(defaultReplicationController),
  prepareForCreate(rc) {
    rc.status = { replicas: 0 };
  },
  validateCreate: (rc) => validateReplicationController(rc as ReplicationControllerLike),
  validateUpdate: (rc) => validateReplicationController(rc as ReplicationControllerLike),
  labelSelector: (rc): LabelSelector | undefined => {
    const selector = (rc as ReplicationControllerLike).spec?.selector;
    return selector ? { matchLabels: selector } : undefined;
  },
};
