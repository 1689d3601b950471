// Field paths for server-side apply: which fields an object sets, in managedFields' FieldsV1 vocabulary
// (`f:<field>`, `k:{"<mergeKey>":<value>}` for an item of a keyed list, `v:<value>` for a set member).
// Simplified from structured-merge-diff: list types come from the patch schema (a `merge` list with a key is a
// map-list, without one a set, anything else atomic), and keyed items use the single patchMergeKey.
import { deepEqual, isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import { mergesList, type PatchSchema } from './patch-schema.js';

/** One field path, outermost element first, e.g. `['f:spec', 'f:replicas']`. */
export type FieldPath = readonly string[];

/** A set of field paths, each encoded by `encodePath` so that it can live in a `Set<string>`. */
export type FieldSet = Set<string>;

const SEPARATOR = '\u0000';

export const encodePath = (path: FieldPath): string => path.join(SEPARATOR);
export const decodePath = (encoded: string): FieldPath => encoded.split(SEPARATOR);

/** Metadata the server owns; apply and update never record or compare these. */
const SERVER_METADATA = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
];

/** The part of an object that field ownership is about: no apiVersion/kind, no server-owned metadata. */
export function ownedContent(object: JsonObject): JsonObject {
  const { apiVersion: _a, kind: _k, ...rest } = object;
  if (isJsonObject(rest.metadata)) {
    const metadata = { ...rest.metadata };
    for (const key of SERVER_METADATA) delete metadata[key];
    if (Object.keys(metadata).length === 0) delete rest.metadata;
    else rest.metadata = metadata;
  }
  return rest;
}

/** Every leaf field, keyed-list item and set member that `object` sets. */
export function fieldSetOf(object: JsonObject, schema: PatchSchema | undefined): FieldSet {
  const set: FieldSet = new Set();
  walkObject(object, [], schema, set);
  return set;
}

function walkObject(object: JsonObject, prefix: string[], schema: PatchSchema | undefined, set: FieldSet): void {
  for (const [key, value] of Object.entries(object)) {
    const path = [...prefix, `f:${key}`];
    const meta = schema?.[key];
    if (isJsonObject(value) && Object.keys(value).length > 0) {
      walkObject(value, path, meta?.fields, set);
    } else if (Array.isArray(value) && mergesList(meta) && value.length > 0) {
      for (const item of value) {
        const element = listElement(item, meta?.patchMergeKey);
        if (element === undefined) {
          set.add(encodePath(path)); // not a well-formed keyed list: own it whole
          break;
        }
        set.add(encodePath([...path, element]));
        if (isJsonObject(item)) walkObject(item, [...path, element], meta?.fields, set);
      }
    } else {
      set.add(encodePath(path));
    }
  }
}

function listElement(item: JsonValue, mergeKey: string | undefined): string | undefined {
  if (!isJsonObject(item)) return mergeKey === undefined ? `v:${JSON.stringify(item)}` : undefined;
  if (mergeKey === undefined || item[mergeKey] === undefined) return undefined;
  return `k:${JSON.stringify({ [mergeKey]: item[mergeKey] })}`;
}

/** The value at `path`, or undefined when some element is missing. */
export function valueAt(root: JsonValue, path: FieldPath): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const element of path) {
    if (node === undefined) return undefined;
    node = childOf(node, element)?.value;
  }
  return node;
}

function childOf(node: JsonValue, element: string): { value: JsonValue; index: number | string } | undefined {
  if (element.startsWith('f:')) {
    const key = element.slice(2);
    return isJsonObject(node) && Object.hasOwn(node, key) ? { value: node[key] as JsonValue, index: key } : undefined;
  }
  if (!Array.isArray(node)) return undefined;
  const wanted = JSON.parse(element.slice(2)) as JsonValue;
  const index = node.findIndex((item) =>
    element.startsWith('k:')
      ? isJsonObject(item) && isJsonObject(wanted) && Object.entries(wanted).every(([k, v]) => deepEqual(item[k], v))
      : deepEqual(item, wanted),
  );
  return index < 0 ? undefined : { value: node[index] as JsonValue, index };
}

/** Deletes the field, list item or set member at `path`; objects and lists left empty by the removal go too. */
export function removeAt(root: JsonObject, path: FieldPath): void {
  const parents: JsonValue[] = [root];
  for (const element of path.slice(0, -1)) {
    const child = childOf(parents[parents.length - 1] as JsonValue, element);
    if (child === undefined) return;
    parents.push(child.value);
  }
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const parent = parents[depth] as JsonValue;
    const child = childOf(parent, path[depth] as string);
    if (child === undefined) return;
    if (Array.isArray(parent)) parent.splice(child.index as number, 1);
    else if (isJsonObject(parent)) delete parent[child.index as string];
    const emptied = Array.isArray(parent)
      ? parent.length === 0
      : isJsonObject(parent) && Object.keys(parent).length === 0;
    if (!emptied || depth === 0 || !(path[depth - 1] as string).startsWith('f:')) return;
  }
}

/** Upstream's display form of a path: `.spec.containers[name="web"].image`, `.metadata.finalizers[="x"]`. */
export function pathToString(path: FieldPath): string {
  return path
    .map((element) => {
      const body = element.slice(2);
      if (element.startsWith('f:')) return `.${body}`;
      if (element.startsWith('v:')) return `[=${body}]`;
      const keys = JSON.parse(body) as JsonObject;
      return `[${Object.entries(keys)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    })
    .join('');
}

/** The FieldsV1 tree of a set: nested objects keyed by path element, `".": {}` where a node is itself a member. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  for (const encoded of [...set].sort()) {
    let node = root;
    for (const element of decodePath(encoded)) {
      if (!isJsonObject(node[element])) node[element] = {};
      node = node[element] as JsonObject;
    }
    node['.'] = {};
  }
  return pruneLeafMarkers(root);
}

function pruneLeafMarkers(node: JsonObject): JsonObject {
  const keys = Object.keys(node).filter((key) => key !== '.');
  if (keys.length === 0) return {};
  for (const key of keys) node[key] = pruneLeafMarkers(node[key] as JsonObject);
  return node;
}

/** Reads a FieldsV1 tree back into a set; malformed input yields the members that could be read. */
export function fromFieldsV1(fields: unknown): FieldSet {
  const set: FieldSet = new Set();
  const walk = (node: unknown, prefix: string[]) => {
    if (!isJsonObject(node)) return;
    const children = Object.keys(node).filter((key) => key !== '.');
    if (prefix.length > 0 && (children.length === 0 || '.' in node)) set.add(encodePath(prefix));
    for (const key of children) walk(node[key], [...prefix, key]);
  };
  walk(fields, []);
  return set;
}

/**
 * Whether two objects agree at `path`. For a keyed item or set member only presence matters (their contents
 * are separate paths); for a field the values are compared.
 */
export function sameValueAt(a: JsonValue, b: JsonValue, path: FieldPath): boolean {
  const last = path[path.length - 1] ?? '';
  if (!last.startsWith('f:')) return (valueAt(a, path) === undefined) === (valueAt(b, path) === undefined);
  return deepEqual(valueAt(a, path), valueAt(b, path));
}
