// Which strategy each served resource has, by group and plural: the one place a resource's rules are looked up.
// Adding a resource is an entry in resources.ts, and here with its strategy file when it has rules of its own.
import type { FieldError } from '../../api/field-error.js';
import type { KubeObject } from '../../api/meta.js';
import { RESOURCES } from '../resources.js';
import { validateObjectMetaCreate, validateObjectMetaUpdate } from '../validation/index.js';
import { prepareObjectForCreate } from './lifecycle.js';
import { daemonSetStrategy } from './apps/daemonsets.js';
import { deploymentStrategy } from './apps/deployments.js';
import { replicaSetStrategy } from './apps/replicasets.js';
import { statefulSetStrategy } from './apps/statefulsets.js';
import { selfSubjectReviewStrategy } from './authentication/self-subject-review.js';
import {
  selfSubjectAccessReviewStrategy,
  selfSubjectRulesReviewStrategy,
} from './authorization/self-subject-access-review.js';
import { cronJobStrategy } from './batch/cronjobs.js';
import { jobStrategy } from './batch/jobs.js';
import { bindingStrategy } from './core/bindings.js';
import { configMapStrategy, secretStrategy } from './core/config.js';
import { namespaceStrategy } from './core/namespaces.js';
import { nodeStrategy } from './core/nodes.js';
import { podStrategy } from './core/pods.js';
import { replicationControllerStrategy } from './core/replication-controllers.js';
import { serviceStrategy } from './core/services.js';
import { DEFAULT_STRATEGY, type ResourceStrategy } from './strategy.js';

/** Strategies keyed `<group>/<plural>` (`/pods` for the core group); resources not listed get DEFAULT_STRATEGY. */
const STRATEGIES: Readonly<Record<string, ResourceStrategy>> = {
  '/namespaces': namespaceStrategy,
  '/pods': podStrategy,
  '/bindings': bindingStrategy,
  '/nodes': nodeStrategy,
  '/services': serviceStrategy,
  '/configmaps': configMapStrategy,
  '/secrets': secretStrategy,
  '/replicationcontrollers': replicationControllerStrategy,
  'apps/deployments': deploymentStrategy,
  'apps/replicasets': replicaSetStrategy,
  'apps/daemonsets': daemonSetStrategy,
  'apps/statefulsets': statefulSetStrategy,
  'batch/jobs': jobStrategy,
  'batch/cronjobs': cronJobStrategy,
  'authorization.k8s.io/selfsubjectaccessreviews': selfSubjectAccessReviewStrategy,
  'authorization.k8s.io/selfsubjectrulesreviews': selfSubjectRulesReviewStrategy,
  'authentication.k8s.io/selfsubjectreviews': selfSubjectReviewStrategy,
};

const BY_PLURAL: ReadonlyMap<string, ResourceRef> = new Map(RESOURCES.map((info) => [info.resource, info]));

/** A served resource, by group and plural. */
export interface ResourceRef {
  group: string;
  resource: string;
}

/** The strategy of a served resource. */
export function strategyFor(info: ResourceRef): ResourceStrategy {
  return STRATEGIES[`${info.group}/${info.resource}`] ?? DEFAULT_STRATEGY;
}

/**
 * Field errors of a new object of `info`, after defaulting and after the server has set namespace, name (from
 * generateName) and its PrepareForCreate fields: metadata, then the strategy's checks. Empty means valid.
 */
export function validateForCreate(info: ResourceRef, object: KubeObject): FieldError[] {
  const strategy = strategyFor(info);
  return [
    ...validateObjectMetaCreate(info.resource, object, strategy.validateName),
    ...(strategy.validateCreate?.(object) ?? []),
  ];
}

/** Field errors of a full-object update (not status, scale or binding) of `info` against the stored `old` object. */
export function validateForUpdate(info: ResourceRef, object: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(object.metadata, old.metadata),
    ...(strategyFor(info).validateUpdate?.(object, old) ?? []),
  ];
}

/**
 * An object the server creates itself (bootstrap objects, a namespace's content), made ready to store as a client's
 * would be, minus admission and validation: server fields, defaults, the strategy's PrepareForCreate.
 */
export function serverObject(info: ResourceRef, object: KubeObject, now: Date): KubeObject {
  const prepared = prepareObjectForCreate(object, now);
  const strategy = strategyFor(info);
  strategy.defaults?.(prepared);
  strategy.prepareForCreate?.(prepared);
  return prepared;
}

/**
 * A defaulted copy of `object` as the resource named by its plural (`deployments`) defaults it on write: values the
 * client set are never overwritten, and the argument is not modified. For tests of the defaults; the objects bootstrap
 * makes go through serverObject.
 */
export function applyDefaults<T extends KubeObject>(resource: string, object: T): T {
  const info = BY_PLURAL.get(resource);
  const copy = structuredClone(object);
  if (info) strategyFor(info).defaults?.(copy);
  return copy;
}
