// The one entry point the API server calls for PATCH: picks the engine by Content-Type, parses the body
// defensively (nesting bounded before parsing, as every body the server decodes), and answers with the patched
// object or a PatchError, never a raw exception.
import type { KubeObject } from '../../api/meta.js';
import { scanJson } from '../http/json-scan.js';
import { MAX_NESTING_DEPTH, nestsDeeperThan, tooDeepMessage } from '../http/nesting.js';
import { decodeYaml } from '../http/yaml-decode.js';
import { applyConflictError, serverSideApply } from './apply.js';
import { applyJsonPatch, parseJsonPatch } from './json-patch.js';
import { isJsonObject, deepEqual, type JsonObject, type JsonValue } from './json-value.js';
import { recordUpdate } from './managed-fields.js';
import { applyMergePatch } from './merge-patch.js';
import { PatchError } from './patch-error.js';
import { patchSchemaFor } from './patch-schema.js';
import { strategicMergePatch } from './strategic-merge-patch.js';

export { PatchError, patchErrorToStatus } from './patch-error.js';
export { recordUpdate, type WriteContext } from './managed-fields.js';

/** The patch media types the server accepts, as advertised by upstream for every built-in resource. */
export const PATCH_CONTENT_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;

export type PatchContentType = (typeof PATCH_CONTENT_TYPES)[number];

export interface PatchOptions {
  /** fieldManager query parameter (the API derives a default from the User-Agent for non-apply patches). */
  fieldManager: string;
  /** force query parameter: only meaningful, and only allowed, for apply. */
  force?: boolean;
  /** The server's clock as RFC 3339 (seconds), stamped on managedFields entries. */
  now: string;
  /** Set when patching a subresource such as `status`, recorded on Update entries. */
  subresource?: string;
}

/**
 * `created` is true only for an apply that created the object; `changed` false means the API should not write
 * (and must not bump resourceVersion).
 */
export type PatchOutcome =
  { ok: true; object: KubeObject; created: boolean; changed: boolean } | { ok: false; error: PatchError };

/**
 * Applies a PATCH body to `live` (undefined when the object does not exist: only apply may then create it).
 * Non-apply patches also record an `Update` by `options.fieldManager` in managedFields. Unknown media types
 * answer 415, malformed bodies 400, patches that do not apply 422, apply conflicts 409.
 */
export function applyPatch(
  contentType: string,
  live: KubeObject | undefined,
  body: string | Uint8Array,
  options: PatchOptions,
): PatchOutcome {
  try {
    return { ok: true, ...dispatch(mediaType(contentType), live, decodeBody(body), options) };
  } catch (error) {
    if (error instanceof PatchError) return { ok: false, error };
    throw error;
  }
}

function dispatch(type: PatchContentType, live: KubeObject | undefined, text: string, options: PatchOptions) {
  if (type === 'application/apply-patch+yaml') return apply(live, text, options);
  if (options.force) throw new PatchError(400, 'force must be unset for non-apply patch requests');
  if (!live) throw new PatchError(404, 'the object to patch does not exist');
  const patch = parseJson(text);
  const current = live as unknown as JsonObject;
  let patched: JsonValue;
  if (type === 'application/json-patch+json') {
    patched = applyJsonPatch(current, parseJsonPatch(patch));
    // A JSON patch may deepen an object op by op, past what any one body may nest. A merge patch cannot: its result
    // nests no deeper than the stored object or the (already bounded) patch.
    if (nestsDeeperThan(patched)) throw new PatchError(400, tooDeepMessage());
  } else {
    if (!isJsonObject(patch)) throw new PatchError(400, `${type} body must be a JSON object`);
    const schema = patchSchemaFor(live.apiVersion, live.kind);
    const strategic = type === 'application/strategic-merge-patch+json' && schema !== undefined;
    patched = strategic ? strategicMergePatch(current, patch, schema) : applyMergePatch(current, patch);
  }
  const object = asKubeObject(patched);
  if (deepEqual(object, live)) return { object: live, created: false, changed: false };
  return { object: recordUpdate(live, object, writer(options)), created: false, changed: true };
}

function apply(live: KubeObject | undefined, text: string, options: PatchOptions) {
  if (!options.fieldManager) throw new PatchError(400, 'fieldManager is required for apply requests');
  const decoded = decodeYaml(text, MAX_NESTING_DEPTH);
  if (!decoded.ok) {
    throw new PatchError(400, decoded.tooDeep ? tooDeepMessage() : `error decoding YAML: ${decoded.message}`);
  }
  // Apply refuses repeated keys whatever fieldValidation says, as upstream's apply checks them against the schema.
  if (decoded.duplicates.length > 0) throw new PatchError(400, `error decoding YAML: ${decoded.duplicates.join(', ')}`);
  const applied = asKubeObject(decoded.value, 400);
  if (live && applied.kind !== live.kind) {
    throw new PatchError(400, `the kind in the data (${applied.kind}) does not match the object (${live.kind})`);
  }
  if (live && applied.metadata.name !== undefined && applied.metadata.name !== live.metadata.name) {
    throw new PatchError(
      400,
      `the name of the object (${applied.metadata.name}) does not match the name on the URL (${live.metadata.name})`,
    );
  }
  const result = serverSideApply(live, applied, { ...writer(options), force: options.force ?? false });
  if (result.kind === 'conflict') throw applyConflictError(result.conflicts);
  if (result.kind === 'created') return { object: result.object, created: true, changed: true };
  return { object: result.object, created: false, changed: result.changed };
}

function writer(options: PatchOptions) {
  return {
    manager: options.fieldManager,
    now: options.now,
    ...(options.subresource ? { subresource: options.subresource } : {}),
  };
}

function mediaType(contentType: string): PatchContentType {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if ((PATCH_CONTENT_TYPES as readonly string[]).includes(type)) return type as PatchContentType;
  throw new PatchError(
    415,
    `the body of the request was in an unknown format - accepted media types include: ${PATCH_CONTENT_TYPES.join(', ')}`,
  );
}

function decodeBody(body: string | Uint8Array): string {
  return typeof body === 'string' ? body : new TextDecoder().decode(body);
}

function parseJson(text: string): JsonValue {
  if (!scanJson(text, MAX_NESTING_DEPTH).ok) throw new PatchError(400, tooDeepMessage());
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new PatchError(400, `error decoding patch: ${(error as Error).message}`);
  }
}

function asKubeObject(value: unknown, code: 400 | 422 = 422): KubeObject {
  const ok =
    isJsonObject(value) &&
    typeof value.apiVersion === 'string' &&
    typeof value.kind === 'string' &&
    isJsonObject(value.metadata);
  if (!ok) {
    const what = code === 400 ? 'the applied configuration' : 'the patched object';
    throw new PatchError(code, `${what} is not a Kubernetes object: apiVersion, kind and metadata are required`);
  }
  return value as unknown as KubeObject;
}
