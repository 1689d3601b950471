// The public surface of server/client: how scheduler, controllers, kubelet, proxy and the lab server see the
// cluster. `createClient(await loadKubeconfig(path))`, then `client.pods('default').list()`, informers from a
// SharedInformerFactory, and a WorkQueue per controller.
import type { KubeObject, Status } from '../api/meta.js';
import type { ClientConfig } from './config.js';
import { HttpClient } from './http.js';
import {
  COMMON_RESOURCES,
  ResourceClient,
  type CommonResource,
  type CommonTypes,
  type DeleteOptions,
  type ResourceRef,
  type Shortcuts,
} from './resource-client.js';

export {
  EventRecorder,
  MAX_QUEUED_EVENTS,
  type EventOptions,
  type EventRecorderOptions,
  type EventSink,
} from './event-recorder.js';
export { KubeconfigError, loadKubeconfig, parseKubeconfig, type ClientConfig } from './config.js';
export { LeaderElector, type Lease, type LeaderElectionOptions } from './leader-election.js';
export {
  ApiStatusError,
  HttpClient,
  WatchStream,
  isAlreadyExists,
  isConflict,
  isExpired,
  isForbidden,
  isGone,
  isInvalid,
  isNotFound,
  type Query,
  type RequestOptions,
} from './http.js';
export {
  COMMON_RESOURCES,
  ResourceClient,
  type CommonResource,
  type CommonTypes,
  type DeleteOptions,
  type ListOptions,
  type Patch,
  type ResourceRef,
  type Scale,
  type WatchOptions,
  type WriteOptions,
} from './resource-client.js';
export {
  Informer,
  NAMESPACE_INDEX,
  keyOf,
  splitKey,
  stripManagedFields,
  type EventHandlers,
  type IndexFunc,
  type InformerOptions,
} from './informer.js';
export { SharedInformerFactory, type ResourceClientSource } from './shared-informer-factory.js';
export { realClock, type Clock } from './clock.js';
export { ExponentialFailureRateLimiter, WorkQueue, type RateLimiter, type WorkQueueOptions } from './work-queue.js';

/** The API client a component holds: any resource by ref, the common ones by name, and the pod subresources. */
export class KubeClient {
  readonly http: HttpClient;

  constructor(readonly config: ClientConfig) {
    this.http = new HttpClient(config);
  }

  /** The client of any resource; bound to `namespace` if given. */
  resource<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace?: string): ResourceClient<T> {
    return new ResourceClient<T>(this.http, ref, namespace);
  }

  /** The client of a common resource by its plural name. */
  typed<K extends CommonResource>(name: K, namespace?: string): ResourceClient<CommonTypes[K]> {
    return this.resource<CommonTypes[K]>(COMMON_RESOURCES[name], namespace);
  }

  /** Places `pod` on `nodeName` through pods/binding: what a scheduler does (409 if already bound). */
  bind(pod: { metadata: { name?: string; namespace?: string } }, nodeName: string): Promise<Status> {
    const { name, namespace } = pod.metadata;
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name, namespace },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    };
    return this.typed('pods', namespace).createSubresource<Status>(name ?? '', 'binding', binding);
  }

  /** Evicts `pod` through pods/eviction (`kubectl drain`): a graceful delete with `deleteOptions`. */
  evict(pod: { metadata: { name?: string; namespace?: string } }, deleteOptions: DeleteOptions = {}): Promise<Status> {
    const { name, namespace } = pod.metadata;
    const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace }, deleteOptions };
    return this.typed('pods', namespace).createSubresource<Status>(name ?? '', 'eviction', eviction);
  }

  /** Closes idle connections. */
  close(): void {
    this.http.close();
  }
}

/** A KubeClient plus one shortcut per common resource: `client.pods(ns)`, `client.deployments(ns)`, `client.nodes()`. */
export type Client = KubeClient & Shortcuts;

/** A client for the API server `config` describes. */
export function createClient(config: ClientConfig): Client {
  const client = new KubeClient(config);
  const shortcuts = Object.fromEntries(
    Object.keys(COMMON_RESOURCES).map((name) => [name, (ns?: string) => client.typed(name as CommonResource, ns)]),
  ) as Shortcuts;
  return Object.assign(client, shortcuts);
}
