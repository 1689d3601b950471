// Reads what a request is about from its method and path, as upstream's RequestInfoFactory does:
// /api/v1/namespaces/default/pods/web/status → verb get, group "", version v1, namespace default, pods, web, status.
import { booleanParam, dryRunCauses } from './http/query.js';
import { errors } from './status.js';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceRequest {
  type: 'resource';
  verb: Verb;
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

export type RequestInfo =
  | ResourceRequest
  | { type: 'discovery'; group?: string; version?: string; legacy: boolean }
  | { type: 'other'; path: string };

/** The options each write verb's query parameters fill upstream, named in its 422s. */
const WRITE_OPTIONS: Partial<Record<Verb, string>> = {
  create: 'CreateOptions',
  update: 'UpdateOptions',
  patch: 'PatchOptions',
  delete: 'DeleteOptions',
  deletecollection: 'DeleteOptions',
};

/**
 * Parses a request; `query` is consulted for `watch`, and for a write's `dryRun`, which must name only "All":
 * anything else is a 422 before the body is read, as upstream's handlers validate their *Options first (a
 * misspelt dryRun would otherwise write for real).
 */
export function requestInfo(method: string, pathname: string, query: URLSearchParams): RequestInfo {
  const parts = pathname.split('/').filter(Boolean).map(decodeSegment);
  const [prefix, ...rest] = parts;
  if (prefix !== 'api' && prefix !== 'apis') return { type: 'other', path: pathname };
  const legacy = prefix === 'api';
  const group = legacy ? '' : rest.shift();
  if (!legacy && group === undefined) return { type: 'discovery', legacy };
  const version = rest.shift();
  if (version === undefined || rest.length === 0) return { type: 'discovery', group, version, legacy };

  let watch = booleanParam(query, 'watch');
  if (rest[0] === 'watch') {
    watch = true;
    rest.shift();
  }
  let namespace: string | undefined;
  // namespaces/<ns>/<resource>... is a namespaced resource; namespaces and namespaces/<ns>[/status] are namespaces.
  const namespaceSubresource = rest.length === 3 && ['status', 'finalize'].includes(rest[2] ?? '');
  if (rest[0] === 'namespaces' && rest.length >= 3 && !namespaceSubresource) {
    namespace = rest[1];
    rest.splice(0, 2);
  }
  const [resource = '', name, subresource] = rest;
  const verb = verbOf(method, name !== undefined, watch);
  const options = WRITE_OPTIONS[verb];
  const invalid = options ? dryRunCauses(query) : [];
  if (options && invalid.length > 0) throw errors.invalidOptions(options, invalid);
  return {
    type: 'resource',
    verb,
    group: group ?? '',
    version,
    namespace,
    resource,
    name,
    subresource,
  };
}

/** A path segment with its %-escapes resolved; a malformed escape is the client's 400, not our 500. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw errors.badRequest(`the request path has a malformed %-escape in "${segment}"`);
  }
}

function verbOf(method: string, named: boolean, watch: boolean): Verb {
  switch (method) {
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      if (watch) return 'watch';
      return named ? 'get' : 'list';
  }
}
