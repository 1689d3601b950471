// Aggregated discovery (apidiscovery.k8s.io/v2): every group, version and resource in one answer for /api and one
// for /apis, which kubectl 1.30+ asks for first (then it needs no per-group requests). Older clients, and clients
// that do not ask for it, get the legacy documents in discovery.ts.
import type { ResourceInfo, ResourceRegistry } from './resources.js';

export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** True when the Accept header lists aggregated discovery v2 (kubectl 1.30+ puts it first). */
export function wantsAggregated(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((entry) => {
    const params = entry.split(';').map((part) => part.trim());
    return (
      params.includes('g=apidiscovery.k8s.io') && params.includes('v=v2') && params.includes('as=APIGroupDiscoveryList')
    );
  });
}

/** The APIGroupDiscoveryList of the core group (`legacy`, for /api) or of every named group (for /apis). */
export function aggregatedDiscovery(registry: ResourceRegistry, legacy: boolean): object {
  const groups = registry.groups().filter(({ group }) => (group === '') === legacy);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map(({ group, versions }) => ({
      metadata: { name: group },
      versions: versions.map((version) => ({
        version,
        freshness: 'Current',
        resources: registry.inGroupVersion(group, version).map(describe),
      })),
    })),
  };
}

function describe(info: ResourceInfo): object {
  const kind = (k: string, sub?: { group?: string; version?: string }) => ({
    group: sub?.group ?? info.group,
    version: sub?.version ?? info.version,
    kind: k,
  });
  return {
    resource: info.resource,
    responseKind: kind(info.kind),
    scope: info.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: info.singular,
    verbs: info.verbs,
    ...(info.shortNames ? { shortNames: info.shortNames } : {}),
    ...(info.categories ? { categories: info.categories } : {}),
    ...(info.subresources?.length
      ? {
          subresources: info.subresources.map((sub) => ({
            subresource: sub.name,
            responseKind: kind(sub.kind, sub),
            verbs: sub.verbs,
          })),
        }
      : {}),
  };
}
