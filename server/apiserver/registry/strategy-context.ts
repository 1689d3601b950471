// What a resource strategy may reach besides the object it is given. Kept apart from strategy.ts so the REST
// context can extend it without an import cycle.
import type { ResourceInfo, ResourceRegistry } from '../resources.js';
import type { ServiceAddressAllocator } from './core/service-addresses.js';
import type { ResourceStore } from './resource-store.js';

/** How long pods tolerate a not-ready and an unreachable node (kube-apiserver's --default-*-toleration-seconds). */
export interface TolerationDefaults {
  notReadySeconds: number;
  unreachableSeconds: number;
}

/** Other resources' stores and the server's configuration, as a strategy's hooks see them. */
export interface StrategyContext {
  info: ResourceInfo;
  registry: ResourceRegistry;
  /** Another resource's store (admission lookups, objects a hook creates). */
  storeFor(resource: string, group?: string): ResourceStore;
  /** What DefaultTolerationSeconds gives new pods. */
  tolerations: TolerationDefaults;
  /** Service ClusterIPs and NodePorts: the only allocations that are not objects. */
  addresses: ServiceAddressAllocator;
  /** The cluster CA certificate (PEM), published in every namespace. */
  clusterCa: string;
  now(): Date;
}
