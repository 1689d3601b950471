// The `$`-keys of a strategic merge patch, and how a merged list is put back in order.
// Mirrors apimachinery's strategicpatch (normalizeElementOrder / mergeSortedSlice).
import { deepEqual, isJsonObject, type JsonValue } from './json-value.js';

/** `$patch: replace | delete | merge` inside a map or as a list item. */
export const PATCH_DIRECTIVE = '$patch';
/** `$retainKeys: [...]`: keys of the map to keep; every other key is cleared before merging. */
export const RETAIN_KEYS = '$retainKeys';
/** `$setElementOrder/<list>: [...]`: the order the client wants for the items it knows about. */
export const SET_ELEMENT_ORDER = '$setElementOrder/';
/** `$deleteFromPrimitiveList/<list>: [...]`: values to drop from a merged primitive list (e.g. finalizers). */
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

/**
 * Identity of a list item for ordering and matching: its merge key value for object lists, the value itself for
 * primitive lists. Undefined when an object item lacks the merge key.
 */
export function itemIdentity(item: JsonValue, mergeKey: string | undefined): string | undefined {
  if (isJsonObject(item)) {
    if (mergeKey === undefined || item[mergeKey] === undefined) return undefined;
    return JSON.stringify(item[mergeKey]);
  }
  return JSON.stringify(item);
}

/** True when `item` matches some entry of `list` by identity. */
export function presentIn(item: JsonValue, list: JsonValue[], mergeKey: string | undefined): boolean {
  const id = itemIdentity(item, mergeKey);
  return list.some((other) => (id === undefined ? deepEqual(item, other) : itemIdentity(other, mergeKey) === id));
}

/**
 * Puts a merged list in order: items the patch speaks about follow `patchOrder`; items only the server had keep
 * their relative server order; the two runs are interleaved by server position, and an item new to the server
 * comes before a server-only item it is compared with (so new items land in front, as upstream).
 */
export function normalizeElementOrder(
  merged: JsonValue[],
  patchOrder: JsonValue[],
  serverOrder: JsonValue[],
  mergeKey: string | undefined,
): JsonValue[] {
  const patchItems = sortBy(
    merged.filter((item) => presentIn(item, patchOrder, mergeKey)),
    patchOrder,
    mergeKey,
  );
  const serverOnly = sortBy(
    merged.filter((item) => !presentIn(item, patchOrder, mergeKey)),
    serverOrder,
    mergeKey,
  );
  const serverIndex = (item: JsonValue) => indexIn(serverOrder, item, mergeKey);
  const result: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    const left = serverOnly[i];
    const right = patchItems[j];
    if (right === undefined) result.push(serverOnly[i++] as JsonValue);
    else if (left === undefined) result.push(patchItems[j++] as JsonValue);
    else {
      const li = serverIndex(left);
      const ri = serverIndex(right);
      if (li >= 0 && ri >= 0 && li < ri) result.push(serverOnly[i++] as JsonValue);
      else result.push(patchItems[j++] as JsonValue);
    }
  }
  return result;
}

function sortBy(items: JsonValue[], order: JsonValue[], mergeKey: string | undefined): JsonValue[] {
  const rank = (item: JsonValue) => {
    const index = indexIn(order, item, mergeKey);
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  return items
    .map((item, position) => ({ item, position, rank: rank(item) }))
    .sort((a, b) => a.rank - b.rank || a.position - b.position)
    .map(({ item }) => item);
}

function indexIn(list: JsonValue[], item: JsonValue, mergeKey: string | undefined): number {
  const id = itemIdentity(item, mergeKey);
  return list.findIndex((other) => (id === undefined ? deepEqual(other, item) : itemIdentity(other, mergeKey) === id));
}
