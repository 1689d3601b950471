// The daemonset strategy, as upstream's pkg/registry/apps/daemonset/strategy.go.
import type { DaemonSet } from '../../../api/types/apps.js';
import { defaultDaemonSet } from '../../defaults/daemonset.js';
import { validateDaemonSet, validateSelectorUpdate } from '../../validation/apps.js';
import { withSpec, type ResourceStrategy } from '../strategy.js';

export const daemonSetStrategy: ResourceStrategy = {
  defaults: withSpec(defaultDaemonSet),
  prepareForCreate(daemonSet) {
    daemonSet.status = { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
  },
  validateCreate: (daemonSet) => validateDaemonSet(daemonSet as DaemonSet),
  validateUpdate: (daemonSet, old) => [
    ...validateDaemonSet(daemonSet as DaemonSet),
    ...validateSelectorUpdate(daemonSet as DaemonSet, old as DaemonSet),
  ],
};
