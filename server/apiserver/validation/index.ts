// The validation step of a create or update: which checks each resource gets. Returns field errors as values;
// the caller answers 422 Invalid with `invalidMessage` and `toCause` when any come back.
import type { KubeObject } from '../../api/meta.js';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../../api/types/apps.js';
import type { CronJob, Job } from '../../api/types/batch.js';
import type { Pod, Secret, Service } from '../../api/types/core.js';
import {
  validateDaemonSet,
  validateDeployment,
  validateReplicaSet,
  validateSelectorUpdate,
  validateStatefulSet,
  validateStatefulSetUpdate,
} from './apps.js';
import { validateCronJob, validateJob, validateJobUpdate } from './batch.js';
import { validateDataMaps, validateSecretUpdate } from './core.js';
import type { FieldError } from '../../api/field-error.js';
import { nameValidator, validateObjectMeta, validateObjectMetaUpdate, type NameValidator } from './meta.js';
import { validatePod } from './pod.js';
import { validatePodUpdate } from './pod-update.js';
import { validateService, validateServiceUpdate } from './service.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from '../../api/name-validation.js';

export { invalidMessage, toCause, errorString, type FieldError } from '../../api/field-error.js';

/** Resources without a namespace; every other resource is namespaced. */
export const CLUSTER_SCOPED = new Set([
  'namespaces', 'nodes', 'persistentvolumes', 'clusterroles', 'clusterrolebindings', 'priorityclasses',
  'storageclasses', 'customresourcedefinitions', 'apiservices', 'certificatesigningrequests', 'ingressclasses',
  'runtimeclasses', 'csidrivers', 'csinodes', 'volumeattachments', 'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations', 'componentstatuses',
]); // prettier-ignore

/** path.IsValidPathSegmentName: RBAC objects may be named almost anything that fits in a URL path segment. */
function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errors: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errors.push(`may not contain '${bad}'`);
  return errors;
}

const NAME_VALIDATORS: Record<string, NameValidator> = {
  services: nameValidator(isDNS1035Label),
  namespaces: nameValidator(isDNS1123Label),
  roles: (name) => isValidPathSegmentName(name),
  rolebindings: (name) => isValidPathSegmentName(name),
  clusterroles: (name) => isValidPathSegmentName(name),
  clusterrolebindings: (name) => isValidPathSegmentName(name),
};
const DEFAULT_NAME_VALIDATOR = nameValidator(isDNS1123Subdomain);

type CreateCheck = (obj: KubeObject) => FieldError[];
type UpdateCheck = (obj: KubeObject, old: KubeObject) => FieldError[];

const CREATE: Record<string, CreateCheck> = {
  pods: (o) => validatePod(o as Pod),
  deployments: (o) => validateDeployment(o as Deployment),
  replicasets: (o) => validateReplicaSet(o as ReplicaSet),
  daemonsets: (o) => validateDaemonSet(o as DaemonSet),
  statefulsets: (o) => validateStatefulSet(o as StatefulSet),
  jobs: (o) => validateJob(o as Job),
  cronjobs: (o) => validateCronJob(o as CronJob),
  services: (o) => validateService(o as Service),
  configmaps: (o) => validateDataMaps(o, ['data', 'binaryData']),
  secrets: (o) => validateDataMaps(o, ['data', 'stringData']),
};

const UPDATE: Record<string, UpdateCheck> = {
  pods: (o, old) => validatePodUpdate(o as Pod, old as Pod),
  deployments: (o, old) => [
    ...validateDeployment(o as Deployment),
    ...validateSelectorUpdate(o as Deployment, old as Deployment),
  ],
  replicasets: (o, old) => [
    ...validateReplicaSet(o as ReplicaSet),
    ...validateSelectorUpdate(o as ReplicaSet, old as ReplicaSet),
  ],
  daemonsets: (o, old) => [
    ...validateDaemonSet(o as DaemonSet),
    ...validateSelectorUpdate(o as DaemonSet, old as DaemonSet),
  ],
  statefulsets: (o, old) => [
    ...validateStatefulSet(o as StatefulSet),
    ...validateSelectorUpdate(o as StatefulSet, old as StatefulSet),
    ...validateStatefulSetUpdate(o as StatefulSet, old as StatefulSet),
  ],
  jobs: (o, old) => validateJobUpdate(o as Job, old as Job),
  cronjobs: (o) => validateCronJob(o as CronJob),
  services: (o, old) => validateServiceUpdate(o as Service, old as Service),
  configmaps: (o) => validateDataMaps(o, ['data', 'binaryData']),
  secrets: (o, old) => [
    ...validateDataMaps(o, ['data', 'stringData']),
    ...validateSecretUpdate(o as Secret, old as Secret),
  ],
};

/**
 * Validates an object about to be created as `resource` (a lowercase plural), after defaulting and after the
 * server has set namespace, name (from generateName) and, for Jobs, the generated selector. Empty means valid.
 */
export function validateCreate(resource: string, obj: KubeObject): FieldError[] {
  const validateName = NAME_VALIDATORS[resource] ?? DEFAULT_NAME_VALIDATOR;
  return [
    ...validateObjectMeta(obj.metadata, !CLUSTER_SCOPED.has(resource), validateName),
    ...(CREATE[resource]?.(obj) ?? []),
  ];
}

/**
 * Validates a full-object update (PUT, or the result of a PATCH) of `resource` against the stored `old` object,
 * after defaulting. Not for the status, scale or binding subresources, whose writers may change what this forbids.
 */
export function validateUpdate(resource: string, obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...(UPDATE[resource]?.(obj, old) ?? [])];
}
