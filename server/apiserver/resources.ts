// The resources this API server serves, as discovery describes them: which group/version, kind, scope, short
// names, verbs and subresources. Everything else (routing, discovery, OpenAPI, storage keys) is derived from here.

export interface SubresourceInfo {
  name: string;
  kind: string;
  /** Set when the subresource's kind lives in another group (scale → autoscaling/v1 Scale). */
  group?: string;
  version?: string;
  verbs: string[];
}

export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural lowercase name, as in URLs: `deployments`. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  subresources?: SubresourceInfo[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS: SubresourceInfo = { name: 'status', kind: '', verbs: ['get', 'patch', 'update'] };
const SCALE: SubresourceInfo = {
  name: 'scale',
  kind: 'Scale',
  group: 'autoscaling',
  version: 'v1',
  verbs: ['get', 'patch', 'update'],
};

function resource(
  group: string,
  version: string,
  kind: string,
  resource: string,
  options: Partial<ResourceInfo> & { namespaced: boolean },
): ResourceInfo {
  return {
    group,
    version,
    kind,
    resource,
    singular: kind.toLowerCase(),
    verbs: ALL_VERBS,
    ...options,
    subresources: options.subresources?.map((sub) => (sub === STATUS ? { ...STATUS, kind } : sub)),
  };
}

/** Every resource the API server serves, in discovery order. */
export const RESOURCES: ResourceInfo[] = [
  resource('', 'v1', 'Namespace', 'namespaces', {
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [STATUS, { name: 'finalize', kind: 'Namespace', verbs: ['update'] }],
  }),
  resource('', 'v1', 'Pod', 'pods', {
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      STATUS,
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
    ],
  }),
  resource('', 'v1', 'Binding', 'bindings', { namespaced: true, verbs: ['create'] }),
  resource('', 'v1', 'ReplicationController', 'replicationcontrollers', {
    namespaced: true,
    shortNames: ['rc'],
    categories: ['all'],
    subresources: [STATUS, SCALE],
  }),
  resource('', 'v1', 'Node', 'nodes', { namespaced: false, shortNames: ['no'], subresources: [STATUS] }),
  resource('', 'v1', 'Service', 'services', {
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [STATUS],
  }),
  resource('', 'v1', 'Endpoints', 'endpoints', { namespaced: true, shortNames: ['ep'] }),
  resource('', 'v1', 'ConfigMap', 'configmaps', { namespaced: true, shortNames: ['cm'] }),
  resource('', 'v1', 'Secret', 'secrets', { namespaced: true }),
  resource('', 'v1', 'ServiceAccount', 'serviceaccounts', { namespaced: true, shortNames: ['sa'] }),
  resource('', 'v1', 'Event', 'events', { namespaced: true, shortNames: ['ev'] }),
  resource('apps', 'v1', 'Deployment', 'deployments', {
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [STATUS, SCALE],
  }),
  resource('apps', 'v1', 'ReplicaSet', 'replicasets', {
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [STATUS, SCALE],
  }),
  resource('apps', 'v1', 'DaemonSet', 'daemonsets', {
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    subresources: [STATUS],
  }),
  resource('apps', 'v1', 'StatefulSet', 'statefulsets', {
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: [STATUS, SCALE],
  }),
  resource('apps', 'v1', 'ControllerRevision', 'controllerrevisions', { namespaced: true }),
  resource('batch', 'v1', 'Job', 'jobs', { namespaced: true, categories: ['all'], subresources: [STATUS] }),
  resource('batch', 'v1', 'CronJob', 'cronjobs', {
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    subresources: [STATUS],
  }),
  resource('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', { namespaced: true }),
  resource('coordination.k8s.io', 'v1', 'Lease', 'leases', { namespaced: true }),
  resource('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', { namespaced: false, shortNames: ['pc'] }),
  resource('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', {
    namespaced: true,
    shortNames: ['pdb'],
    subresources: [STATUS],
  }),
  resource('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', {
    namespaced: false,
    verbs: ['create'],
  }),
  resource('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', {
    namespaced: false,
    verbs: ['create'],
  }),
  resource('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', {
    namespaced: false,
    verbs: ['create'],
  }),
];

/** The apiVersion string of a resource's objects: `v1` for the core group, `apps/v1` otherwise. */
export function groupVersion(info: { group: string; version: string }): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** Looks resources up by group/version/plural and by kind. */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceInfo>();
  private readonly byKind = new Map<string, ResourceInfo>();
  private readonly byResource = new Map<string, ResourceInfo>();

  constructor(readonly all: ResourceInfo[] = RESOURCES) {
    for (const info of all) {
      this.byPath.set(`${info.group}/${info.version}/${info.resource}`, info);
      this.byKind.set(`${groupVersion(info)}/${info.kind}`, info);
      this.byResource.set(`${info.group}/${info.resource}`, info);
    }
  }

  find(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.byPath.get(`${group}/${version}/${resource}`);
  }

  forKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** Groups with their versions, core ('') first, in registration order. */
  groups(): { group: string; versions: string[] }[] {
    const groups = new Map<string, Set<string>>();
    for (const info of this.all) groups.set(info.group, (groups.get(info.group) ?? new Set()).add(info.version));
    return [...groups].map(([group, versions]) => ({ group, versions: [...versions] }));
  }

  /** A resource by group and plural, whatever its version (each is served in one version). */
  forResource(group: string, resource: string): ResourceInfo | undefined {
    return this.byResource.get(`${group}/${resource}`);
  }

  inGroupVersion(group: string, version: string): ResourceInfo[] {
    return this.all.filter((info) => info.group === group && info.version === version);
  }
}
