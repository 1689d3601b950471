// Strategic merge patch, as `kubectl apply` (client-side), `kubectl patch`, `taint`, `cordon` and `rollout
// restart` send it. Mirrors apimachinery's strategicpatch server path (MergeParallelList, IgnoreUnmatchedNulls).
import { cloneJson, deepEqual, isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import { PatchError } from './patch-error.js';
import {
  DELETE_FROM_PRIMITIVE_LIST,
  PATCH_DIRECTIVE,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  itemIdentity,
  normalizeElementOrder,
  presentIn,
} from './patch-directives.js';
import { mergesList, type FieldPatchMeta, type PatchSchema } from './patch-schema.js';

/**
 * Applies a strategic merge patch to a copy of `original`. Lists with `patchStrategy: merge` in `schema` merge
 * by merge key (or as sets of primitives); every other list is replaced; objects merge key by key; `null`
 * deletes. Malformed directives throw a 400 PatchError, a patch contradicting `$retainKeys` a 422.
 *
 * Differences from upstream, on purpose: `$patch: merge` is accepted as a no-op instead of rejected, and
 * `$patch: delete` on a map removes the field rather than leaving `{}`.
 */
export function strategicMergePatch(
  original: JsonObject,
  patch: JsonObject,
  schema: PatchSchema | undefined,
): JsonObject {
  return mergeMap(cloneJson(original), cloneJson(patch), schema) ?? {};
}

/** Merges `patch` into `original` (both owned by the caller); undefined means "delete this map". */
function mergeMap(original: JsonObject, patch: JsonObject, schema: PatchSchema | undefined): JsonObject | undefined {
  const directive = patch[PATCH_DIRECTIVE];
  if (directive !== undefined) {
    delete patch[PATCH_DIRECTIVE];
    if (directive === 'delete') return undefined;
    if (directive === 'replace') return mergeMap({}, patch, schema);
    if (directive !== 'merge') throw new PatchError(400, `Unknown patch type: ${JSON.stringify(directive)} in map`);
  }
  applyRetainKeys(original, patch);
  applyElementOrders(original, patch, schema);
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      deleteFromPrimitiveList(original, key.slice(DELETE_FROM_PRIMITIVE_LIST.length), value);
    } else if (key.startsWith('$')) {
      throw new PatchError(400, `unknown strategic merge patch directive ${JSON.stringify(key)}`);
    } else if (value === null) {
      delete original[key];
    } else {
      const merged = mergeValue(original[key], value, schema?.[key]);
      if (merged === undefined) delete original[key];
      else original[key] = merged;
    }
  }
  return original;
}

function mergeValue(
  current: JsonValue | undefined,
  patch: JsonValue,
  meta: FieldPatchMeta | undefined,
): JsonValue | undefined {
  if (isJsonObject(patch)) return mergeMap(isJsonObject(current) ? current : {}, patch, meta?.fields);
  if (Array.isArray(patch)) return mergeList(Array.isArray(current) ? current : [], patch, meta);
  return patch;
}

/** `$retainKeys`: clear every key of `original` not listed; the patch itself may only set listed keys. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  const retain = patch[RETAIN_KEYS];
  if (retain === undefined) return;
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain) || !retain.every((key) => typeof key === 'string')) {
    throw new PatchError(400, 'invalid patch format of retainKeys');
  }
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null && !key.startsWith('$') && !retain.includes(key)) {
      throw new PatchError(422, "patch content doesn't match retainKeys list");
    }
  }
  for (const key of Object.keys(original)) if (!retain.includes(key)) delete original[key];
}

/** `$setElementOrder/<list>`: merge the list (if patched) and then order it as the client asked. */
function applyElementOrders(original: JsonObject, patch: JsonObject, schema: PatchSchema | undefined): void {
  for (const directiveKey of Object.keys(patch).filter((key) => key.startsWith(SET_ELEMENT_ORDER))) {
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw new PatchError(400, 'invalid patch format of setElementOrder list');
    const key = directiveKey.slice(SET_ELEMENT_ORDER.length);
    const meta = schema?.[key];
    const current = original[key];
    const patchList = patch[key];
    if (!Array.isArray(current) && !Array.isArray(patchList)) continue;
    const serverOrder = Array.isArray(current) ? current : [];
    const merged = Array.isArray(patchList) ? mergeList(serverOrder, patchList, meta) : serverOrder;
    delete patch[key];
    const mergeKey = meta?.patchMergeKey;
    if (merged.some(isJsonObject) && mergeKey === undefined) original[key] = merged;
    else original[key] = normalizeElementOrder(merged, order, serverOrder, mergeKey);
  }
}

function deleteFromPrimitiveList(original: JsonObject, key: string, values: JsonValue): void {
  if (!Array.isArray(values)) throw new PatchError(400, 'invalid patch format of $deleteFromPrimitiveList');
  const current = original[key];
  if (!Array.isArray(current)) return;
  original[key] = current.filter((item) => !values.some((value) => deepEqual(value, item)));
}

/** Merges or replaces one list, per the field's patch strategy. */
function mergeList(original: JsonValue[], patch: JsonValue[], meta: FieldPatchMeta | undefined): JsonValue[] {
  const mergeKey = meta?.patchMergeKey;
  const objectItems = patch.some(isJsonObject) || (patch.length === 0 && original.some(isJsonObject));
  if (!mergesList(meta) || (objectItems && mergeKey === undefined)) return replaceList(patch, meta);
  if (patch.length === 0) return original;
  if (!objectItems) {
    const merged: JsonValue[] = [];
    for (const item of [...original, ...patch]) if (!merged.some((seen) => deepEqual(seen, item))) merged.push(item);
    return normalizeElementOrder(merged, patch, original, undefined);
  }
  return mergeObjectList(original, patch, mergeKey as string, meta?.fields);
}

/** A replaced list keeps the patch items, minus directive markers, with their own nulls and directives applied. */
function replaceList(patch: JsonValue[], meta: FieldPatchMeta | undefined): JsonValue[] {
  return patch
    .filter((item) => !(isJsonObject(item) && PATCH_DIRECTIVE in item))
    .map((item) => (isJsonObject(item) ? (mergeMap({}, item, meta?.fields) ?? {}) : item));
}

function mergeObjectList(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
  fields: PatchSchema | undefined,
): JsonValue[] {
  let base = original;
  const items: JsonObject[] = [];
  let replace = false;
  for (const item of patch) {
    if (!isJsonObject(item)) throw new PatchError(400, 'a list merged by key may hold only objects');
    const directive = item[PATCH_DIRECTIVE];
    if (directive === undefined || directive === 'merge') {
      if (itemIdentity(item, mergeKey) === undefined) throw missingMergeKey(item, mergeKey);
      const { [PATCH_DIRECTIVE]: _ignored, ...rest } = item;
      items.push(rest);
    } else if (directive === 'delete') {
      if (itemIdentity(item, mergeKey) === undefined) throw missingMergeKey(item, mergeKey);
      base = base.filter((existing) => !presentIn(existing, [item], mergeKey));
    } else if (directive === 'replace') {
      replace = true;
    } else {
      throw new PatchError(400, `Unknown patch type: ${JSON.stringify(directive)} in list item`);
    }
  }
  if (replace) return items.map((item) => mergeMap({}, item, fields) ?? {});
  const merged = [...base];
  for (const item of items) {
    const index = merged.findIndex((existing) => presentIn(existing, [item], mergeKey));
    const existing = merged[index];
    if (index >= 0 && isJsonObject(existing)) merged[index] = mergeMap(existing, item, fields) ?? {};
    else merged.push(mergeMap({}, item, fields) ?? {});
  }
  return normalizeElementOrder(merged, items, base, mergeKey);
}

function missingMergeKey(item: JsonObject, mergeKey: string): PatchError {
  return new PatchError(400, `map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
}
