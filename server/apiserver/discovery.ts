// Legacy discovery, as kubectl and client-node read it: /api, /apis, /apis/<group>, /api/v1, /apis/<group>/<version>.
// Served with Content-Type exactly application/json (kubectl 1.27 matches it as a string); clients that also ask
// for aggregated discovery fall back to these documents when they get plain JSON.
import { groupVersion, type ResourceInfo, type ResourceRegistry } from './resources.js';

export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(group: string, versions: string[]): object {
  const entries = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: entries, preferredVersion: entries[0] };
}

export function apiGroupList(registry: ResourceRegistry): object {
  const groups = registry
    .groups()
    .filter(({ group }) => group !== '')
    .map(({ group, versions }) => apiGroup(group, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** The APIGroup document for one named group, or null. */
export function apiGroupDocument(registry: ResourceRegistry, group: string): object | null {
  const found = registry.groups().find((entry) => entry.group === group && group !== '');
  return found ? apiGroup(found.group, found.versions) : null;
}

/** The APIResourceList of a group/version, subresources included (pods/eviction → policy/v1 Eviction, ...). */
export function apiResourceList(registry: ResourceRegistry, group: string, version: string): object | null {
  const resources = registry.inGroupVersion(group, version);
  if (resources.length === 0) return null;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources: resources.flatMap(describe),
  };
}

function describe(info: ResourceInfo): object[] {
  const main = {
    name: info.resource,
    singularName: info.singular,
    namespaced: info.namespaced,
    kind: info.kind,
    verbs: info.verbs,
    ...(info.shortNames ? { shortNames: info.shortNames } : {}),
    ...(info.categories ? { categories: info.categories } : {}),
  };
  const subresources = (info.subresources ?? []).map((sub) => ({
    name: `${info.resource}/${sub.name}`,
    singularName: '',
    namespaced: info.namespaced,
    ...(sub.group !== undefined ? { group: sub.group, version: sub.version } : {}),
    kind: sub.kind,
    verbs: sub.verbs,
  }));
  return [main, ...subresources];
}
