// The ConfigMap and Secret strategies, as upstream's pkg/registry/core/configmap and secret: keys that can be
// file names, at most 1 MiB of data; Secrets are Opaque unless typed, and their type never changes.
import type { Secret } from '../../../api/types/core.js';
import { defaultSecret } from '../../defaults/storage.js';
import { validateDataMaps, validateSecretUpdate } from '../../validation/core.js';
import type { ResourceStrategy } from '../strategy.js';

export const configMapStrategy: ResourceStrategy = {
  validateCreate: (configMap) => validateDataMaps(configMap, ['data', 'binaryData']),
  validateUpdate: (configMap) => validateDataMaps(configMap, ['data', 'binaryData']),
};

export const secretStrategy: ResourceStrategy = {
  defaults: (secret) => defaultSecret(secret as Secret),
  validateCreate: (secret) => validateDataMaps(secret, ['data', 'stringData']),
  validateUpdate: (secret, old) => [
    ...validateDataMaps(secret, ['data', 'stringData']),
    ...validateSecretUpdate(secret as Secret, old as Secret),
  ],
};
