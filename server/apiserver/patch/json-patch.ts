// RFC 6902 JSON Patch: what @kubernetes/client-node sends by default and what `kubectl rollout undo` sends.
// Error wording follows evanphx/json-patch, the library the upstream apiserver uses.
import { cloneJson, deepEqual, isJsonObject, type JsonValue } from './json-value.js';
import { PatchError } from './patch-error.js';

const OPERATIONS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;

/** One validated RFC 6902 operation. `value` is present exactly for add/replace/test, `from` for move/copy. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: JsonValue }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; path: string; from: string };

/** Checks the shape of a decoded JSON Patch body; a malformed document is a 400, as upstream's DecodePatch. */
export function parseJsonPatch(body: unknown): JsonPatchOperation[] {
  if (!Array.isArray(body)) throw new PatchError(400, 'json patch must be a JSON array of operations');
  return body.map((raw, index) => {
    if (!isJsonObject(raw)) throw new PatchError(400, `json patch operation ${index} is not an object`);
    const { op, path } = raw;
    if (typeof op !== 'string' || !(OPERATIONS as readonly string[]).includes(op)) {
      throw new PatchError(400, `Unexpected kind: ${String(op)}`);
    }
    if (typeof path !== 'string') throw new PatchError(400, `json patch operation ${index} (${op}) is missing "path"`);
    parsePointer(path);
    if (op === 'remove') return { op, path };
    if (op === 'move' || op === 'copy') {
      if (typeof raw.from !== 'string')
        throw new PatchError(400, `json patch operation ${index} (${op}) is missing "from"`);
      parsePointer(raw.from);
      return { op, path, from: raw.from };
    }
    if (!Object.hasOwn(raw, 'value'))
      throw new PatchError(400, `json patch operation ${index} (${op}) is missing "value"`);
    return { op: op as 'add' | 'replace' | 'test', path, value: raw.value as JsonValue };
  });
}

/**
 * Applies the operations in order to a copy of `document`; all or nothing. An operation that does not apply
 * (missing path, failed test, bad index) throws a 422 PatchError, as the upstream apiserver answers.
 */
export function applyJsonPatch(document: JsonValue, operations: JsonPatchOperation[]): JsonValue {
  let doc = cloneJson(document);
  for (const operation of operations) doc = applyOperation(doc, operation);
  return doc;
}

function applyOperation(doc: JsonValue, operation: JsonPatchOperation): JsonValue {
  switch (operation.op) {
    case 'add':
      return add(doc, operation.path, cloneJson(operation.value), 'add');
    case 'remove':
      remove(doc, operation.path, 'remove');
      return doc;
    case 'replace': {
      if (operation.path === '') return cloneJson(operation.value);
      const { parent, key } = resolveParent(doc, operation.path, 'replace');
      if (get(parent, key) === undefined) fail('replace', `doc is missing key: ${operation.path}: missing value`);
      set(parent, key, cloneJson(operation.value));
      return doc;
    }
    case 'move': {
      if (operation.path.startsWith(`${operation.from}/`))
        fail('move', `cannot move ${operation.from} into its own child`);
      const value = lookup(doc, operation.from, 'move');
      if (operation.from === operation.path) return doc;
      remove(doc, operation.from, 'move');
      return add(doc, operation.path, value, 'move');
    }
    case 'copy':
      return add(doc, operation.path, cloneJson(lookup(doc, operation.from, 'copy')), 'copy');
    case 'test': {
      const actual = operation.path === '' ? doc : getAtPointer(doc, operation.path);
      if (actual === undefined || !deepEqual(actual, operation.value)) {
        throw new PatchError(422, `testing value ${operation.path} failed: test failed`, [
          { message: `testing value ${operation.path} failed: test failed` },
        ]);
      }
      return doc;
    }
  }
}

function add(doc: JsonValue, path: string, value: JsonValue, op: string): JsonValue {
  if (path === '') return value;
  const { parent, key } = resolveParent(doc, path, op, true);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : arrayIndex(key, parent.length, op);
    parent.splice(index, 0, value);
  } else {
    parent[key] = value;
  }
  return doc;
}

function remove(doc: JsonValue, path: string, op: string): void {
  if (path === '') fail(op, 'cannot remove the whole document');
  const { parent, key } = resolveParent(doc, path, op);
  if (get(parent, key) === undefined) fail(op, `doc is missing path: "${path}": missing value`);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
}

function lookup(doc: JsonValue, from: string, op: string): JsonValue {
  const value = from === '' ? doc : getAtPointer(doc, from);
  if (value === undefined) fail(op, `doc is missing from path: ${from}: missing value`);
  return value;
}

type Container = JsonValue[] | { [key: string]: JsonValue };

/** Walks to the container holding the last token; it must exist, and an array index must be in range. */
function resolveParent(
  doc: JsonValue,
  path: string,
  op: string,
  inserting = false,
): { parent: Container; key: string } {
  const tokens = parsePointer(path);
  const key = tokens.pop() as string;
  let node: JsonValue | undefined = doc;
  for (const token of tokens) node = node === undefined ? undefined : child(node, token);
  if (!Array.isArray(node) && !isJsonObject(node)) fail(op, `doc is missing path: "${path}": missing value`);
  if (Array.isArray(node) && key !== '-') arrayIndex(key, inserting ? node.length : node.length - 1, op);
  return { parent: node, key };
}

function getAtPointer(doc: JsonValue, path: string): JsonValue | undefined {
  let node: JsonValue | undefined = doc;
  for (const token of parsePointer(path)) node = node === undefined ? undefined : child(node, token);
  return node;
}

function child(node: JsonValue, token: string): JsonValue | undefined {
  if (Array.isArray(node)) return /^(0|[1-9][0-9]*)$/.test(token) ? node[Number(token)] : undefined;
  return isJsonObject(node) && Object.hasOwn(node, token) ? node[token] : undefined;
}

function get(parent: Container, key: string): JsonValue | undefined {
  return child(parent, key);
}

function set(parent: Container, key: string, value: JsonValue): void {
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else parent[key] = value;
}

function arrayIndex(token: string, max: number, op: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) > max) {
    fail(op, `Unable to access invalid index: ${token}: invalid index referenced`);
  }
  return Number(token);
}

/** RFC 6901: "" is the whole document; each token unescapes ~1 to "/" and then ~0 to "~". */
function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(400, `invalid JSON pointer "${pointer}": must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function fail(op: string, detail: string): never {
  const message = `${op} operation does not apply: ${detail}`;
  throw new PatchError(422, message, [{ message }]);
}
