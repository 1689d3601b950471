// The service strategy, as upstream's pkg/registry/core/service: SetDefaults_Service, DNS-1035 names, a ClusterIP
// and NodePorts allocated on create, kept on updates that leave them out, and released when the Service is deleted.
import type { Service } from '../../../api/types/core.js';
import { isDNS1035Label } from '../../../api/name-validation.js';
import { defaultService, patchAllocatedValues } from '../../defaults/service.js';
import { nameValidator } from '../../validation/meta.js';
import { validateService, validateServiceUpdate } from '../../validation/service.js';
import { withSpec, type ResourceStrategy } from '../strategy.js';

export const serviceStrategy: ResourceStrategy = {
  defaults: withSpec(defaultService),
  prepareForCreate(service) {
    service.status = { loadBalancer: {} };
  },
  prepareForUpdate(merged, _next, old) {
    patchAllocatedValues(merged as Service, old as Service);
  },
  validateName: nameValidator(isDNS1035Label),
  validateCreate: (service) => validateService(service as Service),
  validateUpdate: (service, old) => validateServiceUpdate(service as Service, old as Service),
  allocate: (ctx, service, dryRun) => ctx.addresses.allocate(service, dryRun),
  release: (ctx, service) => ctx.addresses.release(service),
};
