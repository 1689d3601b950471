// Validation of the apps/v1 workloads on create and update (pkg/apis/apps/validation).
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../../api/types/apps.js';
import type { IntOrString } from '../../api/types/core.js';
import { semanticEqual } from './equal.js';
import { forbidden, invalid, notSupported, type FieldError } from '../../api/field-error.js';
import { immutableSelector, nonNegative, validateRestartAlways, validateSelectorAndTemplate } from './workload.js';

/** ValidateIntOrPercent plus IsNotMoreThan100Percent; returns the value as a number of percent or units. */
function intOrPercent(value: IntOrString | undefined, field: string, errors: FieldError[]): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') {
    errors.push(...nonNegative(value, field));
    return value;
  }
  const match = /^([0-9]+)%$/.exec(value);
  if (!match) {
    errors.push(
      invalid(
        field,
        value,
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ),
    );
    return 0;
  }
  const percent = Number(match[1]);
  if (percent > 100) errors.push(invalid(field, value, 'must not be greater than 100%'));
  return percent;
}

/** A Deployment on create: selector and template, strategy, counters. */
export function validateDeployment(d: Deployment): FieldError[] {
  const spec = d.spec;
  if (!spec) return [{ type: 'FieldValueRequired', field: 'spec', detail: '' }];
  const errors = [...nonNegative(spec.replicas, 'spec.replicas')];
  errors.push(...validateSelectorAndTemplate(spec.selector, spec.template, 'spec', 'deployment'));
  errors.push(...validateRestartAlways(spec.template, 'spec'));
  const strategy = spec.strategy ?? {};
  if (strategy.type && !['Recreate', 'RollingUpdate'].includes(strategy.type))
    errors.push(notSupported('spec.strategy.type', strategy.type, ['Recreate', 'RollingUpdate']));
  if (strategy.type === 'Recreate' && strategy.rollingUpdate)
    errors.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) {
    const path = 'spec.strategy.rollingUpdate';
    const surge = intOrPercent(strategy.rollingUpdate.maxSurge, `${path}.maxSurge`, errors);
    const unavailable = intOrPercent(strategy.rollingUpdate.maxUnavailable, `${path}.maxUnavailable`, errors);
    if (surge === 0 && unavailable === 0)
      errors.push(
        invalid(
          `${path}.maxUnavailable`,
          strategy.rollingUpdate.maxUnavailable ?? 0,
          'may not be 0 when `maxSurge` is 0',
        ),
      );
  }
  errors.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errors.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0))
    errors.push(
      invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'),
    );
  return errors;
}

/** A ReplicaSet on create. */
export function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  if (!rs.spec) return [{ type: 'FieldValueRequired', field: 'spec', detail: '' }];
  return [
    ...nonNegative(rs.spec.replicas, 'spec.replicas'),
    ...nonNegative(rs.spec.minReadySeconds, 'spec.minReadySeconds'),
    ...validateSelectorAndTemplate(rs.spec.selector, rs.spec.template, 'spec', 'replicaset'),
    ...validateRestartAlways(rs.spec.template, 'spec'),
  ];
}

/** A DaemonSet on create. */
export function validateDaemonSet(ds: DaemonSet): FieldError[] {
  if (!ds.spec) return [{ type: 'FieldValueRequired', field: 'spec', detail: '' }];
  const errors = [
    ...validateSelectorAndTemplate(ds.spec.selector, ds.spec.template, 'spec', 'daemonset'),
    ...validateRestartAlways(ds.spec.template, 'spec'),
  ];
  const type = ds.spec.updateStrategy?.type;
  if (type && !['OnDelete', 'RollingUpdate'].includes(type))
    errors.push(notSupported('spec.updateStrategy.type', type, ['OnDelete', 'RollingUpdate']));
  return errors;
}

/** A StatefulSet on create. */
export function validateStatefulSet(sts: StatefulSet): FieldError[] {
  if (!sts.spec) return [{ type: 'FieldValueRequired', field: 'spec', detail: '' }];
  const spec = sts.spec;
  const errors = [
    ...nonNegative(spec.replicas, 'spec.replicas'),
    ...validateSelectorAndTemplate(spec.selector, spec.template, 'spec', 'statefulset'),
    ...validateRestartAlways(spec.template, 'spec'),
  ];
  if (spec.podManagementPolicy && !['OrderedReady', 'Parallel'].includes(spec.podManagementPolicy))
    errors.push(notSupported('spec.podManagementPolicy', spec.podManagementPolicy, ['OrderedReady', 'Parallel']));
  const type = spec.updateStrategy?.type;
  if (type && !['OnDelete', 'RollingUpdate'].includes(type))
    errors.push(notSupported('spec.updateStrategy.type', type, ['OnDelete', 'RollingUpdate']));
  errors.push(
    ...nonNegative(spec.updateStrategy?.rollingUpdate?.partition, 'spec.updateStrategy.rollingUpdate.partition'),
  );
  return errors;
}

/** Deployments, ReplicaSets and DaemonSets may change anything but their selector. */
export function validateSelectorUpdate(
  next: Deployment | ReplicaSet | DaemonSet | StatefulSet,
  old: Deployment | ReplicaSet | DaemonSet | StatefulSet,
): FieldError[] {
  return immutableSelector(next.spec?.selector, old.spec?.selector, 'spec.selector');
}

const STATEFULSET_MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/** A StatefulSet update may change only the fields upstream lists in its message. */
export function validateStatefulSetUpdate(sts: StatefulSet, old: StatefulSet): FieldError[] {
  const strip = (spec: StatefulSet['spec'] | undefined) =>
    Object.fromEntries(Object.entries(spec ?? {}).filter(([k]) => !STATEFULSET_MUTABLE.includes(k)));
  if (semanticEqual(strip(sts.spec), strip(old.spec))) return [];
  return [
    forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}
