// Plain JSON values and the few operations every patch engine needs on them (no Kubernetes knowledge here).

/** Any value a JSON document may hold: what patch engines read and produce. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object; patch engines treat objects and arrays differently, so this is the type they branch on. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a JSON object (not an array, not null): the "map" case of every patch format. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality as JSON sees it: key order does not matter, array order does. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
}

/** A deep copy, so patch engines may mutate their working document without touching the caller's. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
