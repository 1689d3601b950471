// The API server: HTTPS on :6443 with bearer tokens, discovery, health, and REST over the store for every resource
// in resources.ts. Construct with its dependencies; nothing here is global, so tests start one on port 0.
import { once } from 'node:events';
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { authorize, Authenticator } from './auth.js';
import { DEFAULT_TOLERATIONS, type TolerationDefaults } from './registry/admission/default-toleration-seconds.js';
import { openApiDocument, openApiIndex } from './openapi/index.js';
import { emptyOpenApiV2, OPENAPI_V2_PROTOBUF } from './openapi/v2.js';
import { AGGREGATED_V2, aggregatedDiscovery, wantsAggregated } from './aggregated-discovery.js';
import { apiGroupDocument, apiGroupList, apiResourceList, apiVersions } from './discovery.js';
import { readBody } from './http/body.js';
import { sendJson, sendStatus } from './http/respond.js';
import type { Pki } from './pki.js';
import { ResourceStore } from './registry/resource-store.js';
import { requestInfo, type ResourceRequest } from './request-info.js';
import { ResourceRegistry } from './resources.js';
import type { RestContext } from './rest/context.js';
import { dispatch } from './rest/dispatch.js';
import { ServiceCidr, StoreServiceAddresses } from './registry/core/service-addresses.js';
import { ApiError, errors } from './status.js';
import { SERVER_VERSION } from './version.js';

export interface ApiServerOptions {
  store: Store;
  pki: Pki;
  log: Logger;
  host: string;
  port: number;
  serviceCidr?: string;
  /** Seconds new pods tolerate a not-ready / unreachable node; 300 each by default, as upstream. */
  tolerations?: TolerationDefaults;
  now?: () => Date;
}

export interface RunningApiServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const handle = createApiHandler(options);
  const server = createHttpsServer(
    { cert: options.pki.cert, key: options.pki.key },
    (req, res) => void handle(req, res),
  );
  server.keepAliveTimeout = 65_000;
  server.listen(options.port, options.host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  options.log.info('api server listening', { host: options.host, port });
  return {
    port,
    url: `https://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request handler, separate from the socket so it can be tested on its own. */
export function createApiHandler(options: ApiServerOptions) {
  const registry = new ResourceRegistry();
  const authenticator = new Authenticator(options.pki.tokens);
  const addresses = new StoreServiceAddresses(options.store, new ServiceCidr(options.serviceCidr ?? '10.96.0.0/16'));
  const now = options.now ?? (() => new Date());
  const stores = new Map<string, ResourceStore>();
  const storeFor = (resource: string, group = '') => {
    const info = registry.forResource(group, resource);
    if (!info) throw new Error(`no resource ${resource} in group "${group}"`);
    const key = `${group}/${resource}`;
    if (!stores.has(key)) stores.set(key, new ResourceStore(options.store, info));
    return stores.get(key)!;
  };

  return async function handleApiRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://apiserver');
    try {
      if (PUBLIC_PATHS.has(url.pathname)) return answerPublic(url.pathname, res);
      const authenticated = authenticator.authenticate(req);
      if (!authenticated) throw errors.unauthorized();
      const user = authenticator.actingUser(authenticated, req);
      if (user instanceof ApiError) throw user;
      const info = requestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
      if (info.type === 'other') return answerOpenApi(url.pathname, res);
      if (info.type === 'discovery') return answerDiscovery(info, req, res);
      const resource = registry.find(info.group, info.version, info.resource);
      if (!resource) throw notFound();
      if (!authorize(user, info))
        throw errors.forbidden(user.name, info.verb, info.resource, info.group, info.namespace);
      if (resource.namespaced && !info.namespace && info.name && info.verb !== 'watch') throw notFound();
      let raw: Promise<Buffer> | undefined;
      const rawBody = () => (raw ??= readBody(req));
      const ctx: RestContext = {
        req,
        res,
        request: info as ResourceRequest,
        info: resource,
        user,
        query: url.searchParams,
        store: storeFor(resource.resource, resource.group),
        storeFor,
        registry,
        addresses,
        tolerations: options.tolerations ?? DEFAULT_TOLERATIONS,
        clusterCa: options.pki.caCert,
        now,
        rawBody,
        body: async () => (await rawBody()).toString('utf8'),
      };
      await dispatch(ctx);
    } catch (error) {
      if (!(error instanceof ApiError))
        options.log.error('request failed', {
          path: url.pathname,
          error: String(error),
          stack: (error as Error).stack,
        });
      sendStatus(res, error instanceof ApiError ? error : errors.internal(String((error as Error).message ?? error)));
    }
  };

  function answerPublic(path: string, res: ServerResponse): void {
    // `/version/` too, as upstream serves both.
    if (path === '/version' || path === '/version/') return sendJson(res, 200, SERVER_VERSION);
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('ok');
  }

  /** /openapi/v3 and its per-group-version documents, which kubectl reads for validation, explain and apply. */
  function answerOpenApi(path: string, res: ServerResponse): void {
    if (path === '/openapi/v3' || path === '/openapi/v3/') return sendJson(res, 200, openApiIndex(registry));
    if (path === '/openapi/v2') {
      const body = emptyOpenApiV2(SERVER_VERSION.gitVersion);
      res.writeHead(200, { 'Content-Type': OPENAPI_V2_PROTOBUF, 'Content-Length': body.length });
      return void res.end(body);
    }
    const document = path.startsWith('/openapi/v3/') ? openApiDocument(registry, path) : null;
    if (!document) throw notFound();
    sendJson(res, 200, document);
  }

  function answerDiscovery(
    info: { group?: string; version?: string; legacy: boolean },
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    if (!info.version && !info.group && wantsAggregated(req.headers.accept)) {
      return sendJson(res, 200, aggregatedDiscovery(registry, info.legacy), {
        'Content-Type': AGGREGATED_V2,
        Vary: 'Accept',
      });
    }
    let body: object | null;
    if (info.legacy && !info.version) body = apiVersions(req.headers.host ?? '127.0.0.1:6443');
    else if (!info.legacy && !info.group) body = apiGroupList(registry);
    else if (!info.version) body = apiGroupDocument(registry, info.group!);
    else body = apiResourceList(registry, info.group ?? '', info.version);
    if (!body) throw notFound();
    sendJson(res, 200, body);
  }
}

/** Upstream's answer for a path it does not serve. */
function notFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}
