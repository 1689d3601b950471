// What every REST handler gets: the request, the resource it is about, and the stores. Handlers answer with a
// status code and a body, or throw an ApiError.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../../api/meta.js';
import type { Store } from '../../store/store.js';
import type { ResourceStore } from '../registry/resource-store.js';
import type { TolerationDefaults } from '../defaults/index.js';
import type { ServiceCidr } from './service-addresses.js';
import type { ResourceInfo, ResourceRegistry } from '../resources.js';
import type { ResourceRequest } from '../request-info.js';

export interface RestContext {
  req: IncomingMessage;
  res: ServerResponse;
  request: ResourceRequest;
  info: ResourceInfo;
  query: URLSearchParams;
  store: ResourceStore;
  /** Another resource's store (admission, namespaces). */
  storeFor(resource: string, group?: string): ResourceStore;
  registry: ResourceRegistry;
  /** The store itself, for allocations that are not objects (Service IP and port claims). */
  raw: Store;
  serviceCidr: ServiceCidr;
  /** What DefaultTolerationSeconds gives new pods. */
  tolerations: TolerationDefaults;
  /** The cluster CA certificate (PEM), published in every namespace. */
  clusterCa: string;
  now(): Date;
  /** The request body as text (read on first use). */
  body(): Promise<string>;
  /** The request body as bytes (protobuf). */
  rawBody(): Promise<Buffer>;
}

export interface RestResult {
  code: number;
  body: unknown;
}

/** `dryRun=All`: everything but the write. */
export function isDryRun(query: URLSearchParams): boolean {
  return query.getAll('dryRun').includes('All');
}

/** The namespace from the URL for namespaced resources; undefined for cluster-scoped ones. */
export function objectNamespace(ctx: RestContext): string | undefined {
  return ctx.info.namespaced ? ctx.request.namespace : undefined;
}

/** The apiVersion/kind the resource's objects carry. */
export function typeMeta(info: ResourceInfo): { apiVersion: string; kind: string } {
  return { apiVersion: info.group ? `${info.group}/${info.version}` : info.version, kind: info.kind };
}

export function isObject(value: unknown): value is KubeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
