// Reads what a request is about from its method and path, as upstream's RequestInfoFactory does:
// /api/v1/namespaces/default/pods/web/status → verb get, group "", version v1, namespace default, pods, web, status.

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

/** Parses a request; `query` is consulted only for `watch`. */
export function requestInfo(method: string, pathname: string, query: URLSearchParams): RequestInfo {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [prefix, ...rest] = parts;
  if (prefix !== 'api' && prefix !== 'apis') return { type: 'other', path: pathname };
  const legacy = prefix === 'api';
  const group = legacy ? '' : rest.shift();
  if (!legacy && group === undefined) return { type: 'discovery', legacy };
  const version = rest.shift();
  if (version === undefined || rest.length === 0) return { type: 'discovery', group, version, legacy };

  let watch = query.get('watch') === 'true' || query.get('watch') === '1';
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
  return {
    type: 'resource',
    verb: verbOf(method, name !== undefined, watch),
    group: group ?? '',
    version,
    namespace,
    resource,
    name,
    subresource,
  };
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
