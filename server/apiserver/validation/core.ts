// Validation of the small core kinds: Namespaces, ConfigMaps and Secrets (pkg/apis/core/validation).
import type { KubeObject } from '../../api/meta.js';
import type { Secret } from '../../api/types/core.js';
import { invalid, tooLong, type FieldError } from '../../api/field-error.js';
import { regexError } from '../../api/name-validation.js';

const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
/** Upstream's limit on a ConfigMap's or Secret's total data (1 MiB). */
export const MAX_DATA_SIZE = 1024 * 1024;

/** IsConfigMapKey: the key becomes a file name in a volume. */
export function isConfigMapKey(key: string): string[] {
  const errors: string[] = [];
  if (key.length > 253) errors.push('must be no more than 253 characters');
  if (!new RegExp(`^${CONFIG_KEY_FMT}$`).test(key))
    errors.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_KEY_FMT,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  if (key === '.') errors.push("must not be '.'");
  else if (key === '..') errors.push("must not be '..'");
  else if (key.startsWith('..')) errors.push("must not start with '..'");
  return errors;
}

/** Keys of `data` (and friends) are config keys, unique across maps, and all together at most 1 MiB. */
export function validateDataMaps(obj: KubeObject, maps: string[]): FieldError[] {
  const errors: FieldError[] = [];
  let size = 0;
  for (const map of maps) {
    const entries = obj[map];
    if (!entries || typeof entries !== 'object') continue;
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
      for (const m of isConfigMapKey(key)) errors.push(invalid(`${map}[${key}]`, key, m));
      size += String(value).length;
    }
  }
  if (size > MAX_DATA_SIZE) errors.push(tooLong(maps[0] ?? 'data', MAX_DATA_SIZE));
  return errors;
}

/** A Secret's type is fixed once it exists (and so is any immutable Secret or ConfigMap's data). */
export function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  return (secret.type ?? 'Opaque') !== (old.type ?? 'Opaque')
    ? [invalid('type', secret.type ?? '', 'field is immutable')]
    : [];
}
