// What makes one resource different from another in the API server, as upstream's registry strategies
// (pkg/registry/<group>/<resource>/strategy.go): defaults, server-set fields, validation, admission, allocations and
// deletion rules. The REST handlers are generic and ask the resource's strategy; a resource with no rules of its own
// gets DEFAULT_STRATEGY. Every hook is optional.
import type { KubeObject } from '../../api/meta.js';
import type { LabelSelector } from '../../api/types/label-selector.js';
import type { FieldError } from '../../api/field-error.js';
import type { NameValidator } from '../validation/meta.js';
import type { RestContext, RestResult } from '../rest/context.js';
import type { DeleteOptions } from '../rest/delete-options.js';
import type { UpdateScope } from './lifecycle.js';
import type { StrategyContext } from './strategy-context.js';

export type { StrategyContext } from './strategy-context.js';

/**
 * An admission plugin, named as upstream's (`Priority`, `ServiceAccount`, ...), run on create. `admit` (the
 * mutating phase) runs after defaulting and before validation and may change the object; `validate` runs after
 * validation. Either refuses the object by throwing an ApiError (403 Forbidden, 404 NotFound), as upstream answers.
 */
export interface AdmissionPlugin {
  name: string;
  admit?(ctx: StrategyContext, object: KubeObject): Promise<void> | void;
  validate?(ctx: StrategyContext, object: KubeObject): Promise<void> | void;
}

/** How a delete proceeds for this resource: the grace period it gets, and whether it must wait on its own fields. */
export interface DeletionPlan {
  /** Seconds before the object may go (a pod bound to a node); 0 for at once. */
  gracePeriodSeconds: number;
  /** The object holds finalizers of its own (a namespace's spec.finalizers) that must be cleared first. */
  waits: boolean;
}

/** One resource's rules. Hooks mutate the object they are given: the handlers pass a private copy. */
export interface ResourceStrategy {
  /** SetDefaults_<Kind>: fills in what the client left out, never overwriting; run on every create and update. */
  defaults?(object: KubeObject): void;
  /** Admission plugins of this resource run on create, in order, after the ones every resource gets. */
  admission?: readonly AdmissionPlugin[];
  /** PrepareForCreate: what the server sets on a new object whatever the client sent (initial status, ...). */
  prepareForCreate?(object: KubeObject): void;
  /**
   * PrepareForUpdate: `merged` is the update as the generic rules merged it (status kept from `old` unless this is
   * the status subresource); the strategy restores or keeps what the client may not change this way.
   */
  prepareForUpdate?(merged: KubeObject, next: KubeObject, old: KubeObject, scope: UpdateScope): void;
  /** Names this resource accepts (DNS-1123 subdomain when unset). */
  validateName?: NameValidator;
  /** Validate: field errors of a new object (its metadata is checked generically). */
  validateCreate?(object: KubeObject): FieldError[];
  /** ValidateUpdate: field errors of a full-object update against the stored object. */
  validateUpdate?(object: KubeObject, old: KubeObject): FieldError[];
  /** The label selector of a scalable resource, for its scale subresource (spec.selector when unset). */
  labelSelector?(object: KubeObject): LabelSelector | undefined;
  /** Claims what the object needs outside the store of objects (Service IPs and ports); checks only on a dry run. */
  allocate?(ctx: StrategyContext, object: KubeObject, dryRun: boolean): Promise<void>;
  /** Gives back what `allocate` claimed, once the object is gone. */
  release?(ctx: StrategyContext, object: KubeObject): Promise<void>;
  /** What happens once the object is stored (a namespace gets its ServiceAccount and CA ConfigMap). */
  afterCreate?(ctx: StrategyContext, object: KubeObject): Promise<void>;
  /** BeforeDelete: marks the object (a namespace's Terminating phase) and says how its deletion proceeds. */
  prepareForDelete?(object: KubeObject, options: DeleteOptions): DeletionPlan;
  /** Whether an object marked for deletion with no finalizers left must still wait (a pod for its kubelet). */
  awaitsRemoval?(object: KubeObject): boolean;
  /** Create-only resources that are not stored (bindings, access reviews) answer a create themselves. */
  create?(ctx: RestContext): Promise<RestResult>;
}

/** The strategy of a resource without rules of its own: metadata checks only, deleted at once. */
export const DEFAULT_STRATEGY: ResourceStrategy = {};

/** Whether the object has a spec object; hooks leave one without alone, for validation to refuse. */
export function hasSpec(object: KubeObject): boolean {
  const spec = (object as { spec?: unknown }).spec;
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec);
}

/** Runs `defaults` only on objects that have a spec object. */
export function withSpec<T>(defaults: (object: T) => void): (object: KubeObject) => void {
  return (object) => {
    if (hasSpec(object)) defaults(object as T);
  };
}
