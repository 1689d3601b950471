// Validation of v1 ReplicationControllers (ValidateReplicationController in pkg/apis/core/validation): a required,
// non-empty label-map selector that matches the template's labels, a template whose pods restart Always, and
// non-negative counts. The same rules hold on update: unlike a ReplicaSet's, the selector may change.
import type { ReplicationControllerLike } from '../defaults/replication-controller.js';
import { invalid, notSupported, required, type FieldError } from '../../api/field-error.js';
import { validateLabels } from './meta.js';
import { validatePodTemplateSpec } from './pod.js';
import { nonNegative } from './workload.js';

/** A ReplicationController on create or update (metadata is checked by the caller). */
export function validateReplicationController(rc: ReplicationControllerLike): FieldError[] {
  const spec = rc.spec;
  if (!spec) return [required('spec')];
  const errors = [
    ...nonNegative(spec.replicas, 'spec.replicas'),
    ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'),
  ];
  const selector = spec.selector ?? {};
  if (Object.keys(selector).length === 0) errors.push(required('spec.selector'));
  else errors.push(...validateLabels(selector, 'spec.selector'));
  const template = spec.template;
  if (!template) return [...errors, required('spec.template')];
  const labels = template.metadata?.labels ?? {};
  if (Object.entries(selector).some(([key, value]) => labels[key] !== value))
    errors.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  errors.push(...validatePodTemplateSpec(template, 'spec.template'));
  const policy = template.spec?.restartPolicy;
  if (policy && policy !== 'Always') errors.push(notSupported('spec.template.spec.restartPolicy', policy, ['Always']));
  return errors;
}
