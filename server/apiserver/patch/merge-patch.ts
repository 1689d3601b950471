// RFC 7386 JSON Merge Patch: what `kubectl label|annotate|scale` and client-side apply of CRDs send.

import { cloneJson, isJsonObject, type JsonValue } from './json-value.js';

/**
 * Merges `patch` into a copy of `target` per RFC 7386: objects merge key by key, `null` deletes a key, anything
 * else (arrays included) replaces the target value wholesale.
 */
export function applyMergePatch(target: JsonValue, patch: JsonValue): JsonValue {
  return merge(cloneJson(target), patch);
}

function merge(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result = isJsonObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = merge(result[key], value);
  }
  return result;
}
