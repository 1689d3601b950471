// What every REST handler gets: the request, the resource it is about, and the stores. Handlers answer with a
// status code and a body, or throw an ApiError.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../../api/meta.js';
import type { User } from '../auth.js';
import type { ResourceStore } from '../registry/resource-store.js';
import type { StrategyContext } from '../registry/strategy-context.js';
import type { ResourceRequest } from '../request-info.js';
import type { ResourceInfo } from '../resources.js';

/** The request and its resource, besides what the resource's strategy may reach. No door to the raw store. */
export interface RestContext extends StrategyContext {
  req: IncomingMessage;
  res: ServerResponse;
  request: ResourceRequest;
  /** The user the request acts as (after impersonation). */
  user: User;
  query: URLSearchParams;
  store: ResourceStore;
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
