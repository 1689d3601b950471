// The NamespaceLifecycle admission plugin: namespaced objects may be created only in a namespace that exists and
// is not being deleted. Every namespaced resource gets it.
import { ApiError, errors } from '../../status.js';
import type { AdmissionPlugin } from '../strategy.js';

/** As upstream's apiserver/pkg/admission/plugin/namespace/lifecycle; runs after validation, as it did here. */
export const NamespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  async validate(ctx, object) {
    if (!ctx.info.namespaced) return;
    const name = object.metadata.namespace!;
    const namespace = await ctx.storeFor('namespaces').find(undefined, name);
    if (!namespace) throw errors.notFound('namespaces', '', name);
    if (namespace.metadata.deletionTimestamp) {
      throw new ApiError(
        403,
        'Forbidden',
        `${ctx.info.resource} "${object.metadata.name}" is forbidden: unable to create new content in namespace ${name} because it is being terminated`,
      );
    }
  },
};
