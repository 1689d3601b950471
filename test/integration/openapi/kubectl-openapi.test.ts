// The real kubectl reads our OpenAPI v3 documents. A throwaway HTTP server serves /version, minimal legacy
// discovery (pods, deployments), /openapi/v3 and just enough of pods and one Deployment for `create` and `apply`:
// explain renders fields from the documents, create sends fieldValidation=Strict because the PATCH operation
// lists it, and apply computes its strategic merge patch from the documents without falling back to /openapi/v2.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  openApiDocument,
  openApiIndex,
  strictDecodingMessage,
  unknownFields,
} from '../../../server/apiserver/openapi/index.js';
import { ResourceRegistry } from '../../../server/apiserver/resources.js';
import { kubectl } from '../../support/kubectl.js';

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const DEPLOYMENT_URL = '/apis/apps/v1/namespaces/default/deployments/web';

function discovery(registry: ResourceRegistry): Record<string, object> {
  const resource = (name: string, kind: string) => ({
    name,
    singularName: kind.toLowerCase(),
    namespaced: true,
    kind,
    verbs: VERBS,
  });
  const apps = { groupVersion: 'apps/v1', version: 'v1' };
  return {
    '/version': { major: '1', minor: '32', gitVersion: 'v1.32.0' },
    '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
    '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [resource('pods', 'Pod')] },
    '/apis': {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [{ name: 'apps', versions: [apps], preferredVersion: apps }],
    },
    '/apis/apps/v1': {
      kind: 'APIResourceList',
      groupVersion: 'apps/v1',
      resources: [resource('deployments', 'Deployment')],
    },
    '/openapi/v3': openApiIndex(registry),
  };
}

function deployment(containers: string[]): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: containers.map((name) => ({ name, image: `${name}:1` })) },
      },
    },
  };
}

/** The live Deployment: created by an earlier `kubectl apply` of `deployment(['web'])`. */
function liveDeployment(): Record<string, unknown> {
  const applied = deployment(['web']);
  const annotations = { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(applied) };
  const metadata = { ...(applied.metadata as object), annotations, uid: 'u1', resourceVersion: '7' };
  return { ...applied, metadata };
}

interface Recorded {
  method: string;
  url: string;
  contentType: string;
  body: string;
}

function send(response: ServerResponse, code: number, body: unknown) {
  response.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Creating a pod honours fieldValidation=Strict with the upstream wording; everything else is fixed data. */
function handleWrite(request: Recorded, url: URL, response: ServerResponse) {
  if (request.method === 'POST' && url.pathname === '/api/v1/namespaces/default/pods') {
    const pod = parse(request.body);
    const unknown = unknownFields('v1', 'Pod', pod);
    if (url.searchParams.get('fieldValidation') === 'Strict' && unknown.length > 0) {
      const message = strictDecodingMessage('v1', 'Pod', unknown);
      return send(response, 400, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message,
        reason: 'BadRequest',
        code: 400,
      });
    }
    return send(response, 201, pod);
  }
  if (url.pathname === DEPLOYMENT_URL && (request.method === 'GET' || request.method === 'PATCH')) {
    return send(response, 200, liveDeployment());
  }
  send(response, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
}

function serve(registry: ResourceRegistry, log: Recorded[]): Server {
  const fixed = discovery(registry);
  return createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://localhost');
      const contentType = incoming.headers['content-type'] ?? '';
      const request = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        contentType,
        body: Buffer.concat(chunks).toString(),
      };
      log.push(request);
      const document = url.pathname.startsWith('/openapi/v3/') ? openApiDocument(registry, url.pathname) : null;
      const body = fixed[url.pathname] ?? document;
      if (body) send(response, 200, body);
      else handleWrite(request, url, response);
    });
  });
}

describe('kubectl against our OpenAPI v3 documents', () => {
  const log: Recorded[] = [];
  let server: Server;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    server = serve(new ResourceRegistry(), log);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    dir = await mkdtemp(join(tmpdir(), 'kubelab-openapi-'));
    kubeconfig = join(dir, 'kubeconfig');
    const cluster = `{server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}`;
    await writeFile(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters: [{name: t, cluster: ${cluster}}]\nusers: [{name: t, user: {}}]\n` +
        'contexts: [{name: t, context: {cluster: t, user: t}}]\ncurrent-context: t\n',
    );
  });

  beforeEach(() => {
    log.length = 0;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const run = (args: string[], input?: string) =>
    kubectl(kubeconfig, [...args, '--cache-dir', join(dir, 'cache')], input === undefined ? {} : { input });
  const fetchedV2 = () => log.some((request) => request.url.startsWith('/openapi/v2'));

  it('explains pods.spec.containers with its fields, types and required name', async () => {
    const result = await run(['explain', 'pods.spec.containers']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/KIND:\s+Pod/);
    expect(result.stdout).toMatch(/VERSION:\s+v1/);
    expect(result.stdout).toMatch(/FIELD: containers <\[\]Container>/);
    expect(result.stdout).toMatch(/\n {2}name\t<string> -required-/);
    expect(result.stdout).toMatch(/\n {2}image\t<string>/);
    expect(result.stdout).toMatch(/\n {2}env\t<\[\]EnvVar>/);
    expect(result.stdout).toMatch(/\n {2}livenessProbe\t<Probe>/);
  });

  it('explains deployment.spec.strategy with its group and nested types', async () => {
    const result = await run(['explain', 'deployment.spec.strategy']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/GROUP:\s+apps/);
    expect(result.stdout).toMatch(/KIND:\s+Deployment/);
    expect(result.stdout).toMatch(/FIELD: strategy <DeploymentStrategy>/);
    expect(result.stdout).toMatch(/\n {2}rollingUpdate\t<RollingUpdateDeployment>/);
    expect(result.stdout).toMatch(/\n {2}type\t<string>/);
  });

  it('reports a field that does not exist', async () => {
    const result = await run(['explain', 'pods.spec.nosuchfield']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('field "nosuchfield" does not exist');
  });

  it('lets the server validate on create: fieldValidation=Strict is sent and an unknown field is refused', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'nginx', imagePullPolcy: 'Always' }] },
    };
    const result = await run(['create', '-n', 'default', '-f', '-'], JSON.stringify(pod));
    const create = log.find((request) => request.method === 'POST');
    expect(create?.url).toContain('fieldValidation=Strict');
    expect(fetchedV2()).toBe(false);
    expect(result.stderr).toContain(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolcy"',
    );
  });

  it('creates a valid pod without --validate=false', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    };
    const result = await run(['create', '-n', 'default', '-f', '-'], JSON.stringify(pod));
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('pod/p created');
  });

  it('applies a strategic merge patch built from the documents, merging containers by name', async () => {
    const result = await run(['apply', '-f', '-'], JSON.stringify(deployment(['web', 'sidecar'])));
    expect(result.stderr).toBe('');
    const patch = log.find((request) => request.method === 'PATCH');
    expect(patch?.contentType).toBe('application/strategic-merge-patch+json');
    expect(patch?.url).toContain('fieldValidation=Strict');
    const spec = ((parse(patch?.body ?? '{}').spec as Record<string, unknown>).template as Record<string, unknown>)
      .spec;
    expect(spec).toEqual({
      '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
      containers: [{ name: 'sidecar', image: 'sidecar:1' }],
    });
    expect(fetchedV2()).toBe(false);
  });
});
