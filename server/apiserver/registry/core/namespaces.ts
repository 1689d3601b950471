// The namespace strategy, as upstream's pkg/registry/core/namespace: the `kubernetes` finalizer and Active phase,
// DNS-1123 label names, spec.finalizers changed only through the finalize subresource, its default ServiceAccount
// and CA ConfigMap once created, and on delete the Terminating phase while its finalizers are pending.
import type { KubeObject } from '../../../api/meta.js';
import type { Namespace } from '../../../api/types/core.js';
import { isDNS1123Label } from '../../../api/name-validation.js';
import { defaultNamespace } from '../../defaults/namespace.js';
import { nameValidator } from '../../validation/meta.js';
import type { ResourceStrategy } from '../strategy.js';
import { populateNamespace } from './namespace-content.js';

type WithFinalizers = { finalizers?: string[] } | undefined;

const specFinalizers = (namespace: KubeObject) => (namespace.spec as WithFinalizers)?.finalizers ?? [];

export const namespaceStrategy: ResourceStrategy = {
  defaults: (namespace) => defaultNamespace(namespace as Namespace),
  prepareForUpdate(merged, next, old, scope) {
    // As upstream's namespaceStrategy and namespaceFinalizeStrategy: only finalize changes spec.finalizers.
    const finalize = scope === 'finalize';
    const finalizers = (finalize ? (next.spec as WithFinalizers) : (old.spec as WithFinalizers))?.finalizers;
    if (finalize) merged.spec = { ...(old.spec as object), finalizers };
    else merged.spec = { ...(merged.spec as object), finalizers };
  },
  validateName: nameValidator(isDNS1123Label),
  afterCreate: (ctx, namespace) =>
    populateNamespace(
      namespace.metadata.name!,
      { serviceAccounts: ctx.storeFor('serviceaccounts'), configMaps: ctx.storeFor('configmaps') },
      ctx.clusterCa,
      ctx.now(),
    ),
  prepareForDelete(namespace) {
    namespace.status = { ...(namespace.status as object), phase: 'Terminating' };
    return { gracePeriodSeconds: 0, waits: specFinalizers(namespace).length > 0 };
  },
  // The namespace controller removes spec.finalizers once everything in the namespace is gone.
  awaitsRemoval: (namespace) => specFinalizers(namespace).length > 0,
};
