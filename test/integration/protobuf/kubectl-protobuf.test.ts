// What the real kubectl sends when a student types `kubectl create deployment ...`: a throwaway HTTP server serves
// just enough discovery to reach the POST, records the body, decodes it with our protobuf decoder and answers 201
// with the JSON. The decoded object must equal what `kubectl create ... --dry-run=client -o json` prints.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf, KUBERNETES_PROTOBUF } from '../../../server/apiserver/protobuf/decode.js';
import { kubectl } from '../../support/kubectl.js';

interface Capture {
  method: string;
  path: string;
  contentType: string;
  body: Buffer;
}

const VERBS = ['create', 'get', 'list'];
const resource = (name: string, kind: string, namespaced = true) => ({
  name,
  singularName: kind.toLowerCase(),
  namespaced,
  kind,
  verbs: VERBS,
});

/** Legacy discovery, one APIResourceList per group version: all kubectl needs to map `deployment` to a URL. */
const DISCOVERY: Record<string, ReturnType<typeof resource>[]> = {
  v1: [
    resource('namespaces', 'Namespace', false),
    resource('pods', 'Pod'),
    resource('services', 'Service'),
    resource('configmaps', 'ConfigMap'),
    resource('secrets', 'Secret'),
    resource('serviceaccounts', 'ServiceAccount'),
  ],
  'apps/v1': [resource('deployments', 'Deployment')],
  'batch/v1': [resource('jobs', 'Job'), resource('cronjobs', 'CronJob')],
  'policy/v1': [resource('poddisruptionbudgets', 'PodDisruptionBudget')],
  'scheduling.k8s.io/v1': [resource('priorityclasses', 'PriorityClass', false)],
};

function answer(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function failure(res: ServerResponse, code: number, reason: string, message: string): void {
  answer(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason, message, code });
}

function discovery(path: string): unknown {
  if (path === '/version') return { major: '1', minor: '32', gitVersion: 'v1.32.0' };
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
  if (path === '/api/v1') return { kind: 'APIResourceList', groupVersion: 'v1', resources: DISCOVERY.v1 };
  const groupVersions = Object.keys(DISCOVERY).filter((gv) => gv !== 'v1');
  if (path === '/apis') {
    const groups = groupVersions.map((gv) => {
      const version = { groupVersion: gv, version: gv.split('/')[1] };
      return { name: gv.split('/')[0], versions: [version], preferredVersion: version };
    });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }
  const gv = groupVersions.find((candidate) => path === `/apis/${candidate}`);
  return gv && { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: DISCOVERY[gv] };
}

/** A create answered with the object it decoded, as an API server would (minus defaulting and storage). */
function created(res: ServerResponse, capture: Capture): void {
  if (capture.contentType === KUBERNETES_PROTOBUF) {
    try {
      answer(res, 201, decodeKubernetesProtobuf(capture.body).object);
    } catch (error) {
      failure(res, 400, 'BadRequest', String(error));
    }
    return;
  }
  try {
    answer(res, 201, JSON.parse(capture.body.toString('utf8')));
  } catch {
    failure(res, 400, 'BadRequest', 'the body is not JSON');
  }
}

function startCaptureServer(captures: Capture[]): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (req.method === 'POST') {
        const capture = {
          method: 'POST',
          path,
          contentType: req.headers['content-type'] ?? '',
          body: Buffer.concat(chunks),
        };
        captures.push(capture);
        created(res, capture);
        return;
      }
      const body = req.method === 'GET' ? discovery(path) : undefined;
      if (body) answer(res, 200, body);
      else failure(res, 404, 'NotFound', `${req.method} ${path} not found`);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let server: Server;
let dir: string;
let kubeconfig: string;
const captures: Capture[] = [];
/** Runs kubectl with `flags` placed before any `--` that starts a container command. */
function k(args: string[], flags: string[] = []) {
  const end = args.includes('--') ? args.indexOf('--') : args.length;
  return kubectl(kubeconfig, [...args.slice(0, end), '--cache-dir', join(dir, 'cache'), ...flags, ...args.slice(end)]);
}

beforeAll(async () => {
  server = await startCaptureServer(captures);
  dir = await mkdtemp(join(tmpdir(), 'kubelab-protobuf-'));
  kubeconfig = join(dir, 'kubeconfig');
  const { port } = server.address() as AddressInfo;
  await writeFile(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{ name: capture, cluster: { server: "http://127.0.0.1:${port}" } }]
users: [{ name: anyone, user: {} }]
contexts: [{ name: capture, context: { cluster: capture, user: anyone, namespace: default } }]
current-context: capture
`,
  );
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** Runs a create against the capture server; returns what kubectl sent and the object we decoded from it. */
async function create(args: string[]) {
  const before = captures.length;
  const result = await k(args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const sent = captures.slice(before);
  expect(sent).toHaveLength(1);
  const capture = sent[0]!;
  const decoded = capture.contentType === KUBERNETES_PROTOBUF ? decodeKubernetesProtobuf(capture.body) : undefined;
  return { capture, decoded };
}

/** What kubectl itself builds for the same command, as JSON. */
async function dryRun(args: string[]): Promise<unknown> {
  const result = await k(args, ['--dry-run=client', '-o', 'json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

const GENERATORS: { command: string[]; path: string }[] = [
  {
    command: ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3', '--port=80'],
    path: '/apis/apps/v1/namespaces/default/deployments',
  },
  { command: ['create', 'configmap', 'cfg', '--from-literal=a=b'], path: '/api/v1/namespaces/default/configmaps' },
  { command: ['create', 'secret', 'generic', 's', '--from-literal=k=v'], path: '/api/v1/namespaces/default/secrets' },
  { command: ['create', 'service', 'nodeport', 'web', '--tcp=80:8080'], path: '/api/v1/namespaces/default/services' },
  { command: ['create', 'service', 'clusterip', 'db', '--tcp=5432'], path: '/api/v1/namespaces/default/services' },
  { command: ['create', 'namespace', 'lab'], path: '/api/v1/namespaces' },
  { command: ['create', 'serviceaccount', 'robot'], path: '/api/v1/namespaces/default/serviceaccounts' },
  {
    command: ['create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi'],
    path: '/apis/batch/v1/namespaces/default/jobs',
  },
  {
    command: ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date'],
    path: '/apis/batch/v1/namespaces/default/cronjobs',
  },
  {
    command: ['create', 'priorityclass', 'high', '--value=1000', '--description=urgent'],
    path: '/apis/scheduling.k8s.io/v1/priorityclasses',
  },
  {
    command: ['create', 'poddisruptionbudget', 'web', '--selector=app=web', '--min-available=50%'],
    path: '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
  },
];

describe('kubectl create generators against a protobuf decoder', () => {
  it.each(GENERATORS)('$command.1 $command.2 sends protobuf that decodes to its own JSON form', async (generator) => {
    const { capture, decoded } = await create(generator.command);
    expect(capture.path).toBe(generator.path);
    expect(capture.contentType).toBe(KUBERNETES_PROTOBUF);
    expect(decoded?.unknownFields).toEqual([]);
    expect(decoded?.object).toEqual(await dryRun(generator.command));
  });

  it('decodes the deployment a student creates first: replicas, image and port', async () => {
    const { decoded } = await create([
      'create',
      'deployment',
      'hello',
      '--image=nginx:1.25',
      '--replicas=3',
      '--port=80',
    ]);
    expect(decoded).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      object: {
        metadata: { name: 'hello', labels: { app: 'hello' } },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'hello' } },
          template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] } },
        },
      },
    });
  });

  it('keeps replicas 0, which protobuf sends only because it was set', async () => {
    const { decoded } = await create(['create', 'deployment', 'idle', '--image=nginx', '--replicas=0']);
    expect((decoded?.object.spec as { replicas?: number }).replicas).toBe(0);
  });

  it('decodes a NodePort service port with its targetPort', async () => {
    const { decoded } = await create(['create', 'service', 'nodeport', 'api', '--tcp=80:8080', '--node-port=30080']);
    expect(decoded?.object.spec).toMatchObject({
      type: 'NodePort',
      selector: { app: 'api' },
      ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }],
    });
  });

  it('decodes secret data as base64, as JSON carries it', async () => {
    const { decoded } = await create(['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cret']);
    expect(decoded?.object).toMatchObject({ data: { password: Buffer.from('s3cret').toString('base64') } });
  });

  it('sees kubectl run still send JSON', async () => {
    const { capture, decoded } = await create(['run', 'pod', '--image=nginx']);
    expect(capture.contentType).toBe('application/json');
    expect(decoded).toBeUndefined();
  });
});
