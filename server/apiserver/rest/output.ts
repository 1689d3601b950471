// What a read answers: the object or list as JSON, or a server-side Table when kubectl asks for one in Accept
// (`application/json;as=Table;v=v1;g=meta.k8s.io`).
import type { KubeList, KubeObject } from '../../api/meta.js';
import { tableFor } from '../tables/index.js';
import type { ResourceInfo } from '../resources.js';
import { errors } from '../status.js';

export type Rendering = { as: 'object' } | { as: 'table'; includeObject: 'None' | 'Metadata' | 'Object' };

/** Reads the Accept header: the first acceptable entry wins, as upstream's content negotiation does. */
export function rendering(accept: string | undefined, query: URLSearchParams): Rendering {
  for (const entry of (accept ?? 'application/json').split(',')) {
    const [type = '', ...params] = entry.split(';').map((part) => part.trim());
    const options = Object.fromEntries(params.map((p) => p.split('=').map((v) => v.trim())));
    if (options.as === 'Table') {
      if (options.g !== 'meta.k8s.io' || (options.v !== 'v1' && options.v !== 'v1beta1')) continue;
      const include = query.get('includeObject') ?? 'Metadata';
      if (include !== 'None' && include !== 'Metadata' && include !== 'Object') {
        throw errors.badRequest(`includeObject must be one of None, Metadata, Object`);
      }
      return { as: 'table', includeObject: include };
    }
    if (options.as) continue;
    if (type === 'application/json' || type === '*/*' || type === 'application/*' || type === '')
      return { as: 'object' };
    // Protobuf and CBOR are not spoken here: JSON is what every client can fall back to.
    if (type.startsWith('application/')) continue;
  }
  return { as: 'object' };
}

export function renderObject(info: ResourceInfo, object: KubeObject, how: Rendering, now: Date): unknown {
  if (how.as === 'object') return object;
  return tableFor(info.resource, [object], { now, includeObject: how.includeObject });
}

export function renderList(info: ResourceInfo, list: KubeList, how: Rendering, now: Date): unknown {
  if (how.as === 'object') return list;
  const table = tableFor(info.resource, list.items, { now, includeObject: how.includeObject });
  return { ...table, metadata: list.metadata };
}
