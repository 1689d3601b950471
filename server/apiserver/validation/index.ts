// The generic half of validation: object metadata on create and update, by the resource's scope. Each resource's
// own checks are in its strategy (registry/), which calls the validators in this folder. Field errors are values;
// the caller answers 422 Invalid with `invalidMessage` and `toCause` when any come back.
import type { KubeObject } from '../../api/meta.js';
import type { FieldError } from '../../api/field-error.js';
import { isDNS1123Subdomain } from '../../api/name-validation.js';
import { RESOURCES } from '../resources.js';
import { nameValidator, validateObjectMeta, type NameValidator } from './meta.js';

export { invalidMessage, toCause, errorString, type FieldError } from '../../api/field-error.js';
export { validateObjectMetaUpdate } from './meta.js';

/** Resources without a namespace (the resource table's namespaced: false); every other resource is namespaced. */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set(
  RESOURCES.filter((info) => !info.namespaced).map((info) => info.resource),
);

/** Most names are DNS-1123 subdomains; strategies name the exceptions. */
const DEFAULT_NAME_VALIDATOR: NameValidator = nameValidator(isDNS1123Subdomain);

/**
 * ValidateObjectMeta for a new object of `resource` (a lowercase plural): its name (or generateName) by
 * `validateName`, a namespace exactly when the resource is namespaced, labels and annotations.
 */
export function validateObjectMetaCreate(
  resource: string,
  object: KubeObject,
  validateName: NameValidator = DEFAULT_NAME_VALIDATOR,
): FieldError[] {
  return validateObjectMeta(object.metadata, !CLUSTER_SCOPED.has(resource), validateName);
}
