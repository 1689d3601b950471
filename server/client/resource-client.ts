// One generic client per resource, as client-go's dynamic client: the REST verbs on a collection
// (`/api/v1/namespaces/<ns>/pods`, `/apis/apps/v1/...`), the status and scale subresources, and watch.
import type { KubeList, KubeObject, Status, WatchEvent } from '../api/meta.js';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../api/types/apps.js';
import type { CronJob, Job } from '../api/types/batch.js';
import type { Event, Namespace, Node, Pod, Secret, Service } from '../api/types/core.js';
import { WatchStream, type HttpClient, type Query } from './http.js';

/** Which resource a client talks to: its group, version and plural name, as in its URLs. */
export interface ResourceRef {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Plural lowercase name: `deployments`. */
  resource: string;
  namespaced: boolean;
  /** The objects' kind, filled into `create` bodies that lack it. */
  kind?: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** At most this many items per page; the list then carries `metadata.continue`. */
  limit?: number;
  continue?: string;
  /** '0' = any (may be served from a cache); unset = most recent. */
  resourceVersion?: string;
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Only events after this version; unset = the current objects as ADDED first. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  /** The server ends the watch after this long. */
  timeoutSeconds?: number;
}

/** A patch and how the server is to read it. */
export type Patch =
  | { type: 'merge'; patch: unknown }
  | { type: 'strategic'; patch: unknown }
  | { type: 'json'; patch: unknown[] }
  /** Server-side apply: the whole intent of `fieldManager`; `force` takes fields other managers own. */
  | { type: 'apply'; patch: unknown; fieldManager: string; force?: boolean };

const PATCH_TYPES: Record<Patch['type'], string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** autoscaling/v1 Scale: the replicas of a Deployment, ReplicaSet or StatefulSet. */
export interface Scale extends KubeObject {
  spec: { replicas: number };
  status: { replicas: number; selector?: string };
}

/**
 * The verbs on one resource, optionally bound to a namespace (`inNamespace`). Unbound, a namespaced resource's
 * `list` and `watch` span all namespaces, and the object-verbs take the namespace from the object or fail.
 */
export class ResourceClient<T extends KubeObject = KubeObject> {
  constructor(
    private readonly http: HttpClient,
    readonly ref: ResourceRef,
    readonly namespace?: string,
  ) {}

  /** This resource in one namespace (client-go's `Pods(ns)`). */
  inNamespace(namespace: string | undefined): ResourceClient<T> {
    return new ResourceClient<T>(this.http, this.ref, namespace);
  }

  get(name: string, options: { resourceVersion?: string } = {}): Promise<T> {
    return this.http.request<T>({ method: 'GET', path: this.path(name), query: { ...options } });
  }

  /** One page of the collection; follow `metadata.continue` yourself, or use `listAll`. */
  list(options: ListOptions = {}): Promise<KubeList<T>> {
    return this.http.request<KubeList<T>>({ method: 'GET', path: this.path(), query: { ...options } });
  }

  /**
   * The whole collection, read in pages of `limit` (default 500) that all come from one snapshot; the result's
   * resourceVersion is that snapshot's, the version to watch from.
   */
  async listAll(options: Omit<ListOptions, 'continue'> = {}): Promise<KubeList<T>> {
    const limit = options.limit ?? 500;
    const first = await this.list({ ...options, limit });
    const items = [...first.items];
    for (let token = first.metadata.continue; token;) {
      const page = await this.list({ ...options, limit, continue: token });
      items.push(...page.items);
      token = page.metadata.continue;
    }
    return { ...first, metadata: { resourceVersion: first.metadata.resourceVersion }, items };
  }

  create(object: T, options: WriteOptions = {}): Promise<T> {
    const body = this.withTypeMeta(object);
    return this.http.request<T>({
      method: 'POST',
      path: this.path(undefined, undefined, object.metadata.namespace ?? this.namespace),
      query: writeQuery(options),
      body,
    });
  }

  /** PUT: 409 Conflict when `metadata.resourceVersion` is set and no longer current. */
  update(object: T, options: WriteOptions = {}): Promise<T> {
    return this.put(object, undefined, options);
  }

  /** PUT to /status: only the status of `object` is written. */
  updateStatus(object: T, options: WriteOptions = {}): Promise<T> {
    return this.put(object, 'status', options);
  }

  patch(name: string, patch: Patch, options: WriteOptions & { subresource?: 'status' | 'scale' } = {}): Promise<T> {
    const query: Query = writeQuery({
      ...options,
      fieldManager: patch.type === 'apply' ? patch.fieldManager : options.fieldManager,
    });
    if (patch.type === 'apply' && patch.force) query.force = true;
    return this.http.request<T>({
      method: 'PATCH',
      path: this.path(name, options.subresource),
      query,
      body: patch.patch,
      contentType: PATCH_TYPES[patch.type],
    });
  }

  /**
   * Deletes `name`. The answer is the object when the delete only marked it (finalizers, a pod's grace period),
   * otherwise the object as it was or a Success Status.
   */
  delete(name: string, options: DeleteOptions = {}): Promise<T | Status> {
    return this.http.request<T | Status>({
      method: 'DELETE',
      path: this.path(name),
      body: { apiVersion: 'v1', kind: 'DeleteOptions', ...options },
    });
  }

  /** Deletes every object the selectors match (in the bound namespace). */
  deleteCollection(
    options: Pick<ListOptions, 'labelSelector' | 'fieldSelector'> & DeleteOptions = {},
  ): Promise<unknown> {
    const { labelSelector, fieldSelector, ...deleteOptions } = options;
    return this.http.request<unknown>({
      method: 'DELETE',
      path: this.path(),
      query: { labelSelector, fieldSelector },
      body: { apiVersion: 'v1', kind: 'DeleteOptions', ...deleteOptions },
    });
  }

  /**
   * Opens a watch. Resolves once the server accepted it (a refused watch rejects with ApiStatusError); then
   * iterate it, or pass `onEvent`. An expired resourceVersion arrives as an ERROR event carrying a 410 Status.
   */
  async watch(
    options: WatchOptions = {},
    onEvent?: (event: WatchEvent<T>) => void,
  ): Promise<WatchStream<WatchEvent<T>>> {
    const res = await this.http.stream({ method: 'GET', path: this.path(), query: { ...options, watch: true } });
    const stream = new WatchStream<WatchEvent<T>>(res);
    if (onEvent)
      void (async () => {
        for await (const event of stream) onEvent(event);
      })().catch(() => undefined);
    return stream;
  }

  getScale(name: string): Promise<Scale> {
    return this.http.request<Scale>({ method: 'GET', path: this.path(name, 'scale') });
  }

  /** Sets spec.replicas through the scale subresource (`kubectl scale`). */
  updateScale(name: string, replicas: number, options: { resourceVersion?: string } = {}): Promise<Scale> {
    const body = {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name, namespace: this.namespace, resourceVersion: options.resourceVersion },
      spec: { replicas },
    };
    return this.http.request<Scale>({ method: 'PUT', path: this.path(name, 'scale'), body });
  }

  /** POST to a subresource (pods/binding, pods/eviction). */
  createSubresource<R>(name: string, subresource: string, body: unknown): Promise<R> {
    return this.http.request<R>({ method: 'POST', path: this.path(name, subresource), body });
  }

  /** The apiVersion of this resource's objects: `v1`, `apps/v1`. */
  apiVersion(): string {
    return this.ref.group ? `${this.ref.group}/${this.ref.version}` : this.ref.version;
  }

  /** The URL path of the collection, an object, or an object's subresource. */
  path(name?: string, subresource?: string, namespace = this.namespace): string {
    const root = this.ref.group ? `/apis/${this.ref.group}/${this.ref.version}` : `/api/${this.ref.version}`;
    if (this.ref.namespaced && name !== undefined && !namespace)
      throw new Error(`${this.ref.resource} "${name}": a namespace is required`);
    const ns = this.ref.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    const object = name === undefined ? '' : `/${encodeURIComponent(name)}`;
    return `${root}${ns}/${this.ref.resource}${object}${subresource ? `/${subresource}` : ''}`;
  }

  private withTypeMeta(object: T): T {
    return { ...object, apiVersion: object.apiVersion ?? this.apiVersion(), kind: object.kind ?? this.ref.kind };
  }

  private put(object: T, subresource: string | undefined, options: WriteOptions): Promise<T> {
    const name = object.metadata.name;
    if (!name) throw new Error(`${this.ref.resource}: update needs metadata.name`);
    const client = object.metadata.namespace ? this.inNamespace(object.metadata.namespace) : this;
    return this.http.request<T>({
      method: 'PUT',
      path: client.path(name, subresource),
      query: writeQuery(options),
      body: this.withTypeMeta(object),
    });
  }
}

function writeQuery(options: WriteOptions): Query {
  return { fieldManager: options.fieldManager, dryRun: options.dryRun ? 'All' : undefined };
}

const core = (resource: string, kind: string, namespaced = true): ResourceRef => ({
  group: '',
  version: 'v1',
  resource,
  kind,
  namespaced,
});
const grouped = (group: string, resource: string, kind: string, namespaced = true): ResourceRef => ({
  group,
  version: 'v1',
  resource,
  kind,
  namespaced,
});

/** The resources components use most, by plural name: `client.pods('default')`, `client.nodes()`. */
export const COMMON_RESOURCES = {
  namespaces: core('namespaces', 'Namespace', false),
  nodes: core('nodes', 'Node', false),
  pods: core('pods', 'Pod'),
  services: core('services', 'Service'),
  endpoints: core('endpoints', 'Endpoints'),
  events: core('events', 'Event'),
  configmaps: core('configmaps', 'ConfigMap'),
  secrets: core('secrets', 'Secret'),
  replicationcontrollers: core('replicationcontrollers', 'ReplicationController'),
  deployments: grouped('apps', 'deployments', 'Deployment'),
  replicasets: grouped('apps', 'replicasets', 'ReplicaSet'),
  daemonsets: grouped('apps', 'daemonsets', 'DaemonSet'),
  statefulsets: grouped('apps', 'statefulsets', 'StatefulSet'),
  controllerrevisions: grouped('apps', 'controllerrevisions', 'ControllerRevision'),
  jobs: grouped('batch', 'jobs', 'Job'),
  cronjobs: grouped('batch', 'cronjobs', 'CronJob'),
  leases: grouped('coordination.k8s.io', 'leases', 'Lease'),
  endpointslices: grouped('discovery.k8s.io', 'endpointslices', 'EndpointSlice'),
  priorityclasses: grouped('scheduling.k8s.io', 'priorityclasses', 'PriorityClass', false),
} satisfies Record<string, ResourceRef>;

/** The object type of each common resource; KubeObject where server/api has no type yet. */
export interface CommonTypes extends Record<keyof typeof COMMON_RESOURCES, KubeObject> {
  namespaces: Namespace;
  nodes: Node;
  pods: Pod;
  services: Service;
  events: Event;
  secrets: Secret;
  deployments: Deployment;
  replicasets: ReplicaSet;
  daemonsets: DaemonSet;
  statefulsets: StatefulSet;
  jobs: Job;
  cronjobs: CronJob;
}

export type CommonResource = keyof typeof COMMON_RESOURCES;
export type Shortcuts = { [K in CommonResource]: (namespace?: string) => ResourceClient<CommonTypes[K]> };
